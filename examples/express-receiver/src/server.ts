/**
 * Serves the app: EPILOT_WEBHOOK_PUBLIC_KEY is the key of `epilot webhooks getPublicKey -p orgId=<your org>`
 * (or of `epilot webhooks serve` when you test locally).
 */
import { createApp } from './app.js'

const publicKey = process.env.EPILOT_WEBHOOK_PUBLIC_KEY
if (!publicKey) throw new Error('Set EPILOT_WEBHOOK_PUBLIC_KEY to the public key of your organization')

const port = Number(process.env.PORT ?? 3000)
createApp({ publicKey }, ({ id, payload }) => console.log('delivery', id, payload)).listen(port, () => {
  console.log(`listening on http://localhost:${port}/webhooks/epilot`)
})
