/**
 * A Hono app with one webhook route. Serve it with your runtime: `export default app` for Bun, Deno and
 * Cloudflare Workers; on Node, `serve(app)` of `@hono/node-server`.
 */
import { Hono } from 'hono'
import { createFetchHandler } from '@epilot/sdk/webhooks/receiver'

/** What the app does with a verified delivery (a database write, a queue message, …). */
export type DeliveryHandler = (delivery: { id: string; payload: unknown }) => void | Promise<void>

/** `publicKey`: the PEM that getPublicKey returns for your organization, or a `whpk_…` key. */
export function createApp(publicKey: string, onDelivery: DeliveryHandler): Hono {
  // Verifies the raw body of the Request, then calls back; invalid deliveries get 400/401 and never get here.
  const verified = createFetchHandler({ publicKey }, async ({ id, payload }) => {
    await onDelivery({ id, payload })
    // Return nothing for 204, or a Response.
  })
  const app = new Hono()
  app.post('/webhooks/epilot', (c) => verified(c.req.raw))
  return app
}
