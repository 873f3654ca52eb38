import { createPublicKey, verify } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createEngine, type WebhookEngine } from '../../../src/webhooks/engine'
import { createWebhooksServer, type WebhooksServer } from '../../../src/webhooks/engine/http/server'
import { authorize, createClient, EpilotApiError, type Client } from '../../../src/webhooks'

const TOKEN = 'integration-token'
const ORG = 'org-1'

interface Delivery {
  method: string
  headers: http.IncomingHttpHeaders
  body: string
}

/** A loopback receiver that records every delivery and answers 200. */
const deliveries: Delivery[] = []
const receiver = http.createServer((req, res) => {
  let body = ''
  req.setEncoding('utf8')
  req.on('data', (chunk: string) => (body += chunk))
  req.on('end', () => {
    deliveries.push({ method: req.method ?? '', headers: req.headers, body })
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
  })
})

let receiverUrl: string
let engine: WebhookEngine
let server: WebhooksServer
let client: Client
const logLines: string[] = []

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
  // No real waiting between retries.
  engine = createEngine({ sleep: async () => {}, inbound: { organizationId: ORG } })
  server = createWebhooksServer(engine, { tokens: [TOKEN], logger: (line) => logLines.push(line) })
  const { url } = await server.listen()
  client = createClient({ baseURL: url, retries: false })
  authorize(client, TOKEN)
})

afterAll(async () => {
  await server.close()
  await engine.close()
  receiver.closeAllConnections()
  await new Promise((resolve) => receiver.close(resolve))
})

beforeEach(() => {
  deliveries.length = 0
})

async function apiError(call: Promise<unknown>): Promise<EpilotApiError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(EpilotApiError)
  return error as EpilotApiError
}

/** Checks a delivery's `v1a` (Ed25519) signature against the PEM the API serves. */
function verifiesWith(publicKeyPem: string, delivery: Delivery): boolean {
  const key = createPublicKey(publicKeyPem)
  const id = delivery.headers['webhook-id'] as string
  const timestamp = delivery.headers['webhook-timestamp'] as string
  const signatures = String(delivery.headers['webhook-signature']).split(' ')
  const signed = Buffer.from(`${id}.${timestamp}.${delivery.body}`, 'utf8')
  return signatures.some((entry) => entry.startsWith('v1a,') && verify(null, signed, key, Buffer.from(entry.slice(4), 'base64')))
}

describe('the 13 operations through the generated client against the real engine', () => {
  it('runs a config through its whole life: create, trigger, inspect, replay, example, update, delete', async () => {
    // getPublicKey (no token) and getConfiguredEvents
    const anonymous = createClient({ baseURL: client.defaults.baseURL, retries: false })
    const { data: key } = await anonymous.getPublicKey({ orgId: ORG })
    expect(key.public_key).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n?$/)
    expect(key.algorithm).toBe('ed25519')
    const { data: events } = await client.getConfiguredEvents()
    expect(events.length).toBeGreaterThan(0)
    expect(events[0]).toEqual({ eventName: expect.any(String) as string, eventLabel: expect.any(String) as string })

    // createConfig → 201, then getConfigs / getConfig
    const created = await client.createConfig(null, {
      name: 'CRM',
      eventName: 'customer_request_created',
      url: receiverUrl,
      httpMethod: 'POST',
      enabled: true,
      auth: { authType: 'NONE' },
    })
    expect(created.status).toBe(201)
    const configId = created.data.id as string
    expect(configId).toEqual(expect.any(String))
    expect((await client.getConfigs({ eventName: 'customer_request_created' })).data.map((c) => c.id)).toContain(configId)
    expect((await client.getConfigs({ eventName: 'something_else' })).data.map((c) => c.id)).not.toContain(configId)
    expect((await client.getConfig({ configId })).data).toMatchObject({ id: configId, name: 'CRM', url: receiverUrl })

    // triggerWebhook sync → 200 with the receiver's outcome; the delivery is signed with the served key
    const triggered = await client.triggerWebhook({ configId, sync: true }, { metadata: { organization_id: ORG, user_id: 'u1' } })
    expect(triggered.status).toBe(200)
    expect(triggered.data).toMatchObject({ status: 'succeeded', event_id: expect.any(String) as string })
    const eventId = triggered.data.event_id
    expect(deliveries).toHaveLength(1)
    expect(JSON.parse((deliveries[0] as Delivery).body)).toMatchObject({ metadata: { organization_id: ORG, user_id: 'u1' } })
    expect(verifiesWith(key.public_key, deliveries[0] as Delivery)).toBe(true)

    // getWebhookEventsV2 and getEventById
    const page = await client.getWebhookEventsV2({ configId }, { limit: 10 })
    expect(page.status).toBe(200)
    expect(page.data.data?.map((e) => e.event_id)).toEqual([eventId])
    expect(page.data.has_more).toBe(false)
    const { data: event } = await client.getEventById({ configId, eventId })
    expect(event).toMatchObject({ event_id: eventId, webhook_config_id: configId, status: 'succeeded', event_name: 'customer_request_created' })
    expect(event.payload).toBe((deliveries[0] as Delivery).body)

    // replayEvent → 204; the same payload is delivered again and logged as a new event
    const replayed = await client.replayEvent({ configId, eventId })
    expect(replayed.status).toBe(204)
    await engine.idle()
    expect(deliveries).toHaveLength(2)
    expect((deliveries[1] as Delivery).body).toBe((deliveries[0] as Delivery).body)

    // batchReplayEvents → 202
    const batch = await client.batchReplayEvents({ configId }, { eventIds: [eventId] })
    expect(batch.status).toBe(202)
    expect(batch.data.replayed_event_ids).toHaveLength(1)
    await engine.idle()
    expect(deliveries).toHaveLength(3)
    const all = await client.getWebhookEventsV2({ configId }, {})
    expect(all.data.data).toHaveLength(3)
    expect(all.data.data?.every((e) => e.status === 'succeeded')).toBe(true)

    // async trigger → 200 with an event id, delivered in the background
    const queued = await client.triggerWebhook({ configId }, { metadata: { organization_id: ORG } })
    expect(queued.status).toBe(200)
    await engine.idle()
    expect(deliveries).toHaveLength(4)
    expect((await client.getEventById({ configId, eventId: queued.data.event_id })).data.status).toBe('succeeded')

    // getWebhookExample
    const example = await client.getWebhookExample({ configId }, {})
    expect(example.status).toBe(200)
    expect(example.data).toMatchObject({ metadata: { organization_id: expect.any(String) as string } })

    // updateConfig (PUT replaces the config)
    const updated = await client.updateConfig({ configId }, { name: 'CRM v2', eventName: 'customer_request_created', url: receiverUrl, httpMethod: 'PUT', enabled: true })
    expect(updated.status).toBe(200)
    expect(updated.data).toMatchObject({ id: configId, name: 'CRM v2', httpMethod: 'PUT' })
    await client.triggerWebhook({ configId, sync: true }, { metadata: { organization_id: ORG } })
    expect((deliveries[4] as Delivery).method).toBe('PUT')

    // deleteConfig → 204; then 404 through the client; its events stay readable
    expect((await client.deleteConfig({ configId })).status).toBe(204)
    const gone = await apiError(client.getConfig({ configId }))
    expect(gone.status).toBe(404)
    expect(gone.data).toMatchObject({ code: 'not_found', message: expect.any(String) as string })
  })

  it('surfaces config validation errors as EpilotApiError 400 with every issue in data', async () => {
    const error = await apiError(client.createConfig(null, { name: '', eventName: 'customer_request_created', url: 'not a url', httpMethod: 'POST' }))
    expect(error.status).toBe(400)
    const data = error.data as { code: string; message: string; issues: Array<{ path: string; message: string }> }
    expect(data.code).toBe('invalid_config')
    expect(data.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['name', 'url']))
    expect(error.message).toContain('createConfig failed with status 400')
  })

  it('answers 404 for events and configs that do not exist', async () => {
    expect((await apiError(client.getEventById({ configId: 'nope', eventId: 'nope' }))).status).toBe(404)
    expect((await apiError(client.triggerWebhook({ configId: 'nope', sync: true }, { metadata: { organization_id: ORG } }))).status).toBe(404)
    expect((await apiError(client.updateConfig({ configId: 'nope' }, { name: 'n', eventName: 'e' }))).status).toBe(404)
  })

  it('masks secrets in what the API returns', async () => {
    const { data } = await client.createConfig(null, {
      name: 'basic',
      eventName: 'customer_request_created',
      url: receiverUrl,
      httpMethod: 'POST',
      auth: { authType: 'BASIC', basicAuthConfig: { username: 'user', password: 'pa55-word-secret' } },
    })
    expect(JSON.stringify(data)).not.toContain('pa55-word-secret')
    const { data: listed } = await client.getConfigs()
    expect(JSON.stringify(listed)).not.toContain('pa55-word-secret')
    await client.deleteConfig({ configId: data.id as string })
  })
})

describe('invalid input over HTTP gets the same error shape as in process', () => {
  it('lists every problem of a trigger body at once', async () => {
    const { data: config } = await client.createConfig(null, { name: 'crm', eventName: 'customer_request_created', url: receiverUrl, httpMethod: 'POST' })
    const error = await apiError(client.triggerWebhook({ configId: config.id!, sync: true }, { metadata: { organization_id: '', user_id: 5 }, entity: [] } as never))
    expect(error.status).toBe(400)
    expect(error.data).toEqual({
      message: expect.stringContaining('3 problems') as string,
      code: 'invalid_request',
      issues: [
        { path: 'metadata.organization_id', message: 'must be a non-empty string' },
        { path: 'metadata.user_id', message: 'must be a string' },
        { path: 'entity', message: 'must be an object' },
      ],
    })
    expect(deliveries).toEqual([])
  })

  it('validates event search options and batch replay ids with the same issues as in process', async () => {
    const { data: config } = await client.createConfig(null, { name: 'crm', eventName: 'customer_request_created', url: receiverUrl, httpMethod: 'POST' })
    const options = { limit: 500, status: 'lost', cursor: { created_at: 'yesterday' } }
    const expected = [
      { path: 'limit', message: 'must be an integer from 1 to 25' },
      { path: 'cursor.created_at', message: 'must be an ISO 8601 date-time, e.g. 2025-10-31T12:34:56Z' },
      { path: 'status', message: 'must be one of succeeded, failed, skipped' },
    ]
    const search = await apiError(client.getWebhookEventsV2({ configId: config.id! }, options as never))
    expect(search.status).toBe(400)
    expect(search.data).toMatchObject({ code: 'invalid_request', issues: expected })
    await expect(engine.searchEvents(config.id!, options as never)).rejects.toMatchObject({ code: 'invalid_request', status: 400, issues: expected })

    const replay = await apiError(client.batchReplayEvents({ configId: config.id! }, { eventIds: [] }))
    expect(replay.status).toBe(400)
    expect(replay.data).toMatchObject({ code: 'invalid_request', issues: [{ path: 'eventIds', message: 'must list at least one event id' }] })
    await expect(engine.batchReplay(config.id!, [])).rejects.toMatchObject({ code: 'invalid_request', issues: [{ path: 'eventIds', message: 'must list at least one event id' }] })
  })
})

describe('inbound webhooks served by the same server', () => {
  it('receives an inbound call, hands it to engine.on subscribers and fans it out to configs of that event', async () => {
    const heard: unknown[] = []
    engine.on('erp_order', (event) => {
      heard.push(event.body)
    })
    const base = client.defaults.baseURL as string

    const { data: config } = await client.createConfig(null, { name: 'inbound', eventName: 'erp_order', url: receiverUrl, httpMethod: 'POST', enabled: true })
    const createdInbound = await fetch(`${base}/v1/webhooks/inbound`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ eventKey: 'erp_order' }),
    })
    expect(createdInbound.status).toBe(201)
    const { uuid } = (await createdInbound.json()) as { uuid: string }
    // Management needs the bearer token; receiving does not (the inbound token is the credential).
    expect((await fetch(`${base}/v1/webhooks/inbound`)).status).toBe(401)

    const received = await fetch(`${base}/v1/webhooks/inbound/receive?token=${uuid}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: 'o-7' }),
    })
    expect(received.status).toBe(202)
    expect(heard).toEqual([{ orderId: 'o-7' }])
    await engine.idle()
    expect(deliveries).toHaveLength(1)
    expect(JSON.parse((deliveries[0] as Delivery).body)).toMatchObject({ metadata: { organization_id: ORG } })
    expect((await client.getWebhookEventsV2({ configId: config.id as string }, {})).data.data).toHaveLength(1)

    // Managing it by its token in the path works, but the server log shows {uuid}, never the token.
    const managed = await fetch(`${base}/v1/webhooks/inbound/${uuid}`, { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(managed.status).toBe(200)
    expect(logLines.some((line) => line.startsWith('GET /v1/webhooks/inbound/{uuid} 200'))).toBe(true)
    expect(logLines.join('\n')).not.toContain(uuid)
  })
})
