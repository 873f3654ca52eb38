/**
 * `npm run demo`: the main job end to end, on 127.0.0.1 only.
 *
 *   engine + REST server  ──signed delivery──▶  receiver (verifies v1a with the key from getPublicKey)
 *        ▲
 *   generated client (createConfig, getWebhookEventsV2, replayEvent, …)
 *
 * In an application you import the same things from '@epilot/sdk/webhooks', '@epilot/sdk/webhooks/engine'
 * and '@epilot/sdk/webhooks/receiver'; the demo imports the sources so it runs without a build.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { authorize, createClient, type WebhookEvent } from '../src/webhooks'
import { createEngine, createWebhooksServer } from '../src/webhooks/engine'
import { createNodeHandler, type VerifiedDelivery } from '../src/webhooks/receiver/node'

const ORG = '728'
const RECEIVER_USER = 'crm-bot'
const RECEIVER_PASSWORD = 'demo-password'

let step = 0
function say(title: string): void {
  console.log(`\n${++step}. ${title}`)
}
function detail(text: string): void {
  console.log(`   ${text}`)
}

/** A plain-text table, so the event log reads well in a terminal. */
function table(rows: Array<Record<string, string>>): void {
  const columns = Object.keys(rows[0] ?? {})
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)))
  const line = (cells: string[]): string => `   ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')}`
  console.log(line(columns))
  console.log(line(widths.map((w) => '-'.repeat(w))))
  for (const row of rows) console.log(line(columns.map((c) => row[c] ?? '')))
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)))
}

function basicAuthOk(req: IncomingMessage): boolean {
  const expected = `Basic ${Buffer.from(`${RECEIVER_USER}:${RECEIVER_PASSWORD}`).toString('base64')}`
  return req.headers.authorization === expected
}

async function main(): Promise<void> {
  // --- 1. the engine and its REST API ---------------------------------------------------------------------
  say('Start the reference engine and serve the Webhooks REST API on loopback')
  const engine = createEngine({ inbound: { organizationId: ORG } })
  const api = createWebhooksServer(engine)
  const { url: apiUrl } = await api.listen(0)
  detail(`API at ${apiUrl} (bearer token generated for this run)`)

  const client = createClient({ baseURL: apiUrl, retries: false })
  authorize(client, api.token as string)

  // --- 2. a receiver that verifies every delivery -----------------------------------------------------------
  say('Fetch the public key with the generated client and start a verifying receiver')
  const { data: key } = await client.getPublicKey({ orgId: ORG })
  detail(`getPublicKey → ${key.algorithm} key, ${key.public_key.split('\n')[0]}…`)
  const received: Array<VerifiedDelivery & { path: string }> = []
  let notifyDelivery: () => void = () => {}
  const receiver = createServer(
    createNodeHandler({ publicKey: key.public_key }, (delivery, req: IncomingMessage, res) => {
      if (!basicAuthOk(req)) {
        res.writeHead(401).end()
        return
      }
      received.push({ ...delivery, path: req.url ?? '/' })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
      notifyDelivery()
    }),
  )
  const receiverUrl = await listen(receiver)
  detail(`receiver at ${receiverUrl}: rejects anything whose signature or BASIC credentials do not check out`)

  // --- 3. a config with filterConditions, BASIC auth and a JSONata transform --------------------------------
  say('Create a webhook config: filterConditions + BASIC auth + JSONata transform')
  const { data: config } = await client.createConfig(null, {
    name: 'CRM sync (solar requests only)',
    eventName: 'customer_request_created',
    url: `${receiverUrl}/crm`,
    httpMethod: 'POST',
    enabled: true,
    auth: { authType: 'BASIC', basicAuthConfig: { username: RECEIVER_USER, password: RECEIVER_PASSWORD } },
    filterConditions: {
      logical_operator: 'AND',
      conditions: [
        { field: 'entity.product_category', operation: 'equals', values: ['solar'] },
        { field: 'entity.estimated_kwp', operation: 'greater_than', values: ['5'], field_type: 'number' },
      ],
    },
    jsonataExpression: '{ "request": entity._id, "customer": entity.customer_name, "kwp": entity.estimated_kwp, "org": metadata.organization_id }',
  })
  const configId = config.id as string
  detail(`config ${configId}: status ${config.status}, password comes back masked as ${JSON.stringify(config.auth?.basicAuthConfig?.password)}`)

  // --- 4. emit one event that matches and one that is filtered out ------------------------------------------
  say('Emit two customer_request_created events: one solar (matches), one heat pump (filtered out)')
  const firstDelivery = new Promise<void>((resolve) => (notifyDelivery = resolve))
  await engine.emit('customer_request_created', { entity: { _id: 'req-1', customer_name: 'Ada Lovelace', product_category: 'solar', estimated_kwp: 9.6 } }, { organization_id: ORG })
  await engine.emit('customer_request_created', { entity: { _id: 'req-2', customer_name: 'Alan Turing', product_category: 'heat_pump', estimated_kwp: 0 } }, { organization_id: ORG })
  await firstDelivery
  await engine.idle()

  say('The receiver verified the delivery')
  for (const delivery of received) {
    detail(`POST ${delivery.path}  webhook-id ${delivery.id}  verified by ${delivery.version} (Ed25519)`)
    detail(`payload after JSONata: ${JSON.stringify(delivery.payload)}`)
  }
  if (received.length !== 1) throw new Error(`expected exactly one verified delivery, got ${received.length}`)

  // --- 5. the event log --------------------------------------------------------------------------------------
  say('List the event log with getWebhookEventsV2 (newest first)')
  const showLog = async (): Promise<WebhookEvent[]> => {
    const { data: page } = await client.getWebhookEventsV2({ configId }, { limit: 10 })
    const events = page.data ?? []
    table(
      events.map((e) => ({
        event_id: e.event_id,
        status: e.status ?? '',
        http: e.http_response?.status_code !== undefined ? String(e.http_response.status_code) : '-',
        created_at: e.created_at ?? '',
        payload: (e.payload ?? '').slice(0, 40),
      })),
    )
    return events
  }
  const events = await showLog()
  const delivered = events.find((e) => e.status === 'succeeded')
  if (!delivered || !events.some((e) => e.status === 'skipped')) throw new Error('expected one succeeded and one skipped event')

  // --- 6. replay --------------------------------------------------------------------------------------------
  say(`Replay event ${delivered.event_id}`)
  const replayed = new Promise<void>((resolve) => (notifyDelivery = resolve))
  await client.replayEvent({ configId, eventId: delivered.event_id })
  await replayed
  await engine.idle()
  const replay = received[received.length - 1] as VerifiedDelivery
  detail(`re-delivered with a new webhook-id ${replay.id}, verified by ${replay.version}, same payload: ${JSON.stringify(replay.payload)}`)
  await showLog()

  // --- 7. inbound webhook, forwarded --------------------------------------------------------------------------
  say('Create an inbound webhook (webhook.lead.created) and a config that forwards its events')
  const inboundResponse = await fetch(`${apiUrl}/v1/webhooks/inbound`, {
    method: 'POST',
    headers: { authorization: `Bearer ${api.token as string}`, 'content-type': 'application/json' },
    body: JSON.stringify({ eventKey: 'webhook.lead.created' }),
  })
  const inbound = (await inboundResponse.json()) as { uuid: string; webhookId: string; eventKey: string }
  detail(`inbound webhook ${inbound.webhookId} for ${inbound.eventKey} (its token stays secret: sent as the x-webhook-token header)`)
  await client.createConfig(null, {
    name: 'Forward leads',
    eventName: 'webhook.lead.created',
    url: `${receiverUrl}/leads`,
    httpMethod: 'POST',
    enabled: true,
    auth: { authType: 'BASIC', basicAuthConfig: { username: RECEIVER_USER, password: RECEIVER_PASSWORD } },
    jsonataExpression: '{ "lead": entity.body, "received_at": entity.receivedAt }',
  })
  const heard: string[] = []
  engine.on('webhook.lead.created', (event) => {
    heard.push(event.webhookId)
  })

  say('An outside system calls the inbound webhook')
  const forwarded = new Promise<void>((resolve) => (notifyDelivery = resolve))
  const call = await fetch(`${apiUrl}/v1/webhooks/inbound/receive`, {
    method: 'POST',
    headers: { 'x-webhook-token': inbound.uuid, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Grace Hopper', email: 'grace@example.com', source: 'landing-page' }),
  })
  detail(`inbound call answered ${call.status}; engine.on handler saw ${heard.length} event(s)`)
  await forwarded
  await engine.idle()
  const lead = received[received.length - 1] as VerifiedDelivery & { path: string }
  detail(`forwarded to ${lead.path}, verified by ${lead.version}: ${JSON.stringify(lead.payload)}`)
  if (lead.path !== '/leads' || heard.length !== 1) throw new Error('the inbound event was not forwarded')

  // --- done -------------------------------------------------------------------------------------------------
  await api.close()
  await engine.close()
  receiver.closeAllConnections()
  await new Promise((resolve) => receiver.close(resolve))
  console.log(`\nDone: ${received.length} signed deliveries, all verified; 1 event filtered out; 1 replay; 1 inbound call forwarded.`)
}

main().catch((error: unknown) => {
  console.error('\nDemo failed:', error instanceof Error ? error.message : error)
  process.exit(1)
})
