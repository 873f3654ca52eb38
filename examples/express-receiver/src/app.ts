import express from 'express'
import { createExpressMiddleware, type VerifierSource } from '@epilot/sdk/webhooks/receiver'

/** What the app does with a verified delivery (a database write, a queue message, …). */
export type DeliveryHandler = (delivery: { id: string; payload: unknown }) => void | Promise<void>

/**
 * An Express app with one webhook route. `keys` is what verifies: `{ publicKey }` (the PEM from getPublicKey, or a
 * `whpk_…` key), `{ publicKey: createPublicKeyProvider({ orgId }) }` to fetch and cache it, or `{ secret: 'whsec_…' }`.
 */
export function createApp(keys: VerifierSource<unknown>, onDelivery: DeliveryHandler): express.Express {
  const app = express()
  app.post(
    '/webhooks/epilot',
    // The raw body, never express.json(): the signature covers the bytes as sent. 1 MB = the middleware's limit.
    express.raw({ type: 'application/json', limit: '1mb' }),
    createExpressMiddleware(keys),
    async (req, res) => {
      const { id, payload } = req.webhook! // set by the middleware; invalid deliveries never get here (400/401)
      await onDelivery({ id, payload })
      res.sendStatus(204)
    },
  )
  return app
}
