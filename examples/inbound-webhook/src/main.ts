/**
 * An inbound webhook, end to end on loopback:
 *
 *   a form service ──POST /v1/webhooks/inbound/receive──▶ engine ──hub.on handler (your code)
 *                       (X-Webhook-Token)                    └──signed delivery──▶ CRM (verifies, 204)
 *
 * Runs once and exits: `npm start`.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createEngine, createWebhooksServer, INBOUND_RECEIVE_PATH, TOKEN_HEADER } from '@epilot/sdk/webhooks/engine'
import { createNodeHandler } from '@epilot/sdk/webhooks/receiver'

const ORG = '123'
const engine = createEngine({ inbound: { organizationId: ORG } })
const server = createWebhooksServer(engine)
const { url: apiUrl } = await server.listen(0)

// The CRM that webhook configs forward inbound calls to: it verifies the engine's signature.
const crm = createServer(
  createNodeHandler({ publicKey: engine.getPublicKey(ORG).public_key }, ({ payload }) => {
    const { entity } = payload as { entity: { eventKey: string; body: unknown } }
    console.log(`CRM received ${entity.eventKey}:`, JSON.stringify(entity.body))
  }),
)
await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve))

// 1. An inbound webhook: its uuid is the secret token the caller sends.
const inbound = await engine.createInboundWebhook({ eventKey: 'webhook.lead.created' })
console.log(`inbound webhook ${inbound.webhookId} for ${inbound.eventKey}`)

// 2. Your handler, called for every accepted call.
engine.on('webhook.lead.created', (event) => {
  console.log(`handler got a ${event.method} from ${String(event.headers['user-agent'])}:`, JSON.stringify(event.body))
})

// 3. A webhook config forwards every call of that event key, like any other event.
await engine.createConfig({
  name: 'leads to CRM',
  eventName: 'webhook.lead.created',
  url: `http://127.0.0.1:${(crm.address() as AddressInfo).port}/leads`,
  httpMethod: 'POST',
})

// 4. The outside system calls the inbound URL, the token in a header (kept out of URLs and logs).
const response = await fetch(`${apiUrl}${INBOUND_RECEIVE_PATH}`, {
  method: 'POST',
  headers: { [TOKEN_HEADER]: inbound.uuid, 'content-type': 'application/json', 'user-agent': 'forms/1.0' },
  body: JSON.stringify({ name: 'Ada Lovelace', email: 'ada@example.com' }),
})
console.log(`inbound call answered ${response.status}`, await response.json())

await engine.idle() // the forwarded delivery settled
await server.close()
await engine.close()
crm.close()
