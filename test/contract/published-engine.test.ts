/**
 * The published @epilot/sdk 2.20.31 client (devDependency `epilot-sdk-published`) drives our engine's REST server for
 * all 15 operations: every answer has a status the published definition lists for the operation, and its body
 * validates against the published response schema (ajv over the package's own `definitions/webhooks.json`).
 * Only 127.0.0.1 is called.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import Ajv, { type ValidateFunction } from 'ajv'
import { createSDK } from 'epilot-sdk-published'
import type { AxiosError, AxiosResponse } from 'axios'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, createWebhooksServer, type WebhookEngine, type WebhooksServer } from '../../src/webhooks/engine'

type Node = Record<string, unknown>
interface Operation {
  path: string
  method: string
  responses: Record<string, Node>
}

const definition = createRequire(import.meta.url)('epilot-sdk-published/webhooks/openapi.json') as { paths: Record<string, Record<string, Node>> } & Node
const operations = new Map<string, Operation>()
for (const [path, item] of Object.entries(definition.paths)) {
  for (const [method, op] of Object.entries(item)) operations.set(op.operationId as string, { path, method, responses: op.responses as Record<string, Node> })
}

// The whole definition as one schema document, so `#/components/schemas/…` refs resolve inside it. OpenAPI's
// `example` and `format` are annotations here (strict off, formats not validated); `nullable` is understood by ajv.
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true })
ajv.addSchema({ ...definition, $id: 'published' })

function pointer(...parts: string[]): string {
  return parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')
}

/** The validator of an operation's response body for a status, or undefined when the published answer has none. */
function responseValidator(operationId: string, status: number): ValidateFunction | undefined {
  const op = operations.get(operationId) as Operation
  const response = op.responses[String(status)]
  const schema = ((response?.content as Node | undefined)?.['application/json'] as Node | undefined)?.schema
  if (!schema) return undefined
  return ajv.getSchema(`published#/${pointer('paths', op.path, op.method, 'responses', String(status), 'content', 'application/json', 'schema')}`)
}

/** Asserts the status is one the published definition lists for the operation, and the body matches its schema. */
function expectPublished(operationId: string, response: Pick<AxiosResponse, 'status' | 'data'>, status: number): void {
  const op = operations.get(operationId)
  expect(op, operationId).toBeDefined()
  expect(response.status, `${operationId} status`).toBe(status)
  expect(Object.keys(op?.responses ?? {}), `${operationId}: ${status} is a published status`).toContain(String(status))
  const validate = responseValidator(operationId, status)
  if (!validate) {
    expect(response.data === '' || response.data === undefined || response.data === null, `${operationId}: no body`).toBe(true)
    return
  }
  const valid = validate(response.data)
  expect(valid ? [] : validate.errors, `${operationId} body against the published schema`).toEqual([])
}

/** The error answer of a call the server refused. */
async function refused(call: Promise<unknown>): Promise<AxiosResponse> {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as AxiosError | undefined
  expect(error?.response, 'the call was refused').toBeDefined()
  return error?.response as AxiosResponse
}

interface Received {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: Buffer
}

const ORG = 'org-published'
let receiver: Server
let receiverUrl = ''
const received: Received[] = []
let engine: WebhookEngine
let server: WebhooksServer
let clockOffset = 0
let client: ReturnType<ReturnType<typeof createSDK>['webhooks']['getClient']>

beforeAll(async () => {
  // The receiver of deliveries, and an OAuth token endpoint at /token.
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      if (req.url === '/token') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'tok-1', token_type: 'Bearer', expires_in: 3600 }))
        return
      }
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`

  engine = createEngine({ now: () => Date.now() + clockOffset })
  server = createWebhooksServer(engine)
  const { url } = await server.listen(0)
  const sdk = createSDK()
  sdk.authorize(server.token as string)
  client = sdk.webhooks.getClient()
  client.defaults.baseURL = url
})

afterAll(async () => {
  await server.close()
  await engine.close()
  await new Promise((resolve) => receiver.close(resolve))
})

const metadata = { organization_id: ORG }

describe('the published @epilot/sdk 2.20.31 client against our engine: all 15 operations', () => {
  let configId = ''
  let signingSecret = ''
  let eventId = ''

  it('getPublicKey and getConfiguredEvents', async () => {
    expectPublished('getPublicKey', await client.getPublicKey({ orgId: ORG }), 200)
    expectPublished('getConfiguredEvents', await client.getConfiguredEvents(), 200)
  })

  it('createConfig: 201 with updatedTime = creationTime, the default retryPolicy and a generated signing secret shown once', async () => {
    const created = await client.createConfig(null, {
      name: 'CRM',
      eventName: 'customer_request_created',
      url: `${receiverUrl}/hook`,
      httpMethod: 'POST',
      enabled: true,
      auth: { authType: 'API_KEY', apiKeyConfig: { keyName: 'x-api-key', keyValue: 'k-secret' } },
      eventVersion: '1.0',
      payloadConfiguration: { include_relations: true, apply_changesets: false },
      filterConditions: { conditions: [{ field: 'entity.type', operation: 'equals', values: ['solar'] }] },
    })
    expectPublished('createConfig', created, 201)
    const config = created.data
    configId = config.id as string
    signingSecret = config.signingSecret as string
    expect(signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    expect(Buffer.from(signingSecret.slice(6), 'base64')).toHaveLength(24)
    expect(config.updatedTime).toBe(config.creationTime)
    expect(config.retryPolicy).toEqual({ enabled: true, maxAttempts: 3 })
    expect(config).toMatchObject({ eventVersion: '1.0', payloadConfiguration: { apply_changesets: false }, status: 'active' })
    expect(config.auth?.apiKeyConfig?.keyValue).toBe('********')
  })

  it('getConfigs and getConfig: the signing secret is masked from then on', async () => {
    const list = await client.getConfigs({ eventName: 'customer_request_created' })
    expectPublished('getConfigs', list, 200)
    const got = await client.getConfig({ configId })
    expectPublished('getConfig', got, 200)
    for (const config of [...list.data, got.data]) expect(config.signingSecret).toBe('********')
    expect(JSON.stringify([list.data, got.data])).not.toContain(signingSecret.slice(6))
  })

  it('triggerWebhook: 200 sync and async; deliveries carry v1 (the generated secret) beside v1a', async () => {
    const sync = await client.triggerWebhook({ configId, sync: true }, { metadata, entity: { type: 'solar' } } as never)
    expectPublished('triggerWebhook', sync, 200)
    expect(sync.data).toMatchObject({ status: 'succeeded', status_code: '200' })
    eventId = sync.data.event_id
    const async = await client.triggerWebhook({ configId }, { metadata, entity: { type: 'solar' } } as never)
    expectPublished('triggerWebhook', async, 200)
    await engine.idle()
    expect(received).toHaveLength(2)
    const signature = String(received[0]?.headers['webhook-signature'])
    expect(signature.split(' ').map((entry) => entry.split(',')[0])).toEqual(['v1a', 'v1'])
    expect(received[0]?.headers['x-api-key']).toBe('k-secret')
  })

  it('getEventById, getWebhookEventsV2 and the deprecated getWehookEvents', async () => {
    const event = await client.getEventById({ configId, eventId })
    expectPublished('getEventById', event, 200)
    expect(event.data).toMatchObject({ event_id: eventId, status: 'succeeded', can_reapply_transform: false, can_reapply_transform_reason: 'no_transform_configured' })
    expect(JSON.parse(event.data.original_payload as string)).toMatchObject({ metadata, entity: { type: 'solar' } })
    const page = await client.getWebhookEventsV2({ configId }, { limit: 25 })
    expectPublished('getWebhookEventsV2', page, 200)
    expect(page.data.data).toHaveLength(2)
    const legacy = await client.getWehookEvents({ configId, status: 'succeeded' })
    expectPublished('getWehookEvents', legacy, 200)
    expect(legacy.data.data).toHaveLength(2)
  })

  it('updateConfig: omitted secrets keep their value, updatedTime moves, retryPolicy is kept', async () => {
    clockOffset += 60_000
    const before = (await client.getConfig({ configId })).data
    const updated = await client.updateConfig({ configId }, {
      name: 'CRM v2',
      eventName: 'customer_request_created',
      url: `${receiverUrl}/hook`,
      httpMethod: 'POST',
      enabled: true,
      auth: { authType: 'API_KEY', apiKeyConfig: { keyName: 'x-api-key' } },
      jsonataExpression: '{ "kind": entity.type, "v": 2 }',
    })
    expectPublished('updateConfig', updated, 200)
    expect(updated.data).toMatchObject({ name: 'CRM v2', creationTime: before.creationTime, retryPolicy: { enabled: true, maxAttempts: 3 }, status: 'active' })
    expect(Date.parse(updated.data.updatedTime as string)).toBeGreaterThan(Date.parse(before.updatedTime as string))
    expect(updated.data.auth?.apiKeyConfig?.keyValue).toBe('********')
    expect(updated.data.signingSecret).toBe('********')
  })

  it('replayEvent: 204, the stored payload unchanged; with reapply_transform the current JSONata runs on the original input', async () => {
    received.length = 0
    const plain = await client.replayEvent({ configId, eventId })
    expectPublished('replayEvent', plain, 204)
    const reapplied = await client.replayEvent({ configId, eventId }, { reapply_transform: true })
    expectPublished('replayEvent', reapplied, 204)
    await engine.idle()
    expect(received).toHaveLength(2)
    const bodies = received.map((r) => JSON.parse(r.body.toString('utf8')) as Node)
    expect(bodies).toContainEqual(expect.objectContaining({ metadata: expect.objectContaining(metadata) as unknown, entity: { type: 'solar' } }))
    expect(bodies).toContainEqual({ kind: 'solar', v: 2 })
    // The kept API key (omitted on update) still authenticates; replays are linked to what they replay.
    expect(received.every((r) => r.headers['x-api-key'] === 'k-secret')).toBe(true)
    const page = await client.getWebhookEventsV2({ configId }, { limit: 2 })
    expect(page.data.data?.map((e) => (e as unknown as Node).replay_of)).toEqual([eventId, eventId])
    expect(page.data.data?.[0]).toMatchObject({ can_reapply_transform: true, can_reapply_transform_reason: 'available' })
  })

  it('batchReplayEvents: 202 { replayed_event_ids }', async () => {
    const batch = await client.batchReplayEvents({ configId }, { eventIds: [eventId, eventId], reapply_transform: true })
    expectPublished('batchReplayEvents', batch, 202)
    expect(batch.data.replayed_event_ids).toHaveLength(2)
    await engine.idle()
    for (const id of batch.data.replayed_event_ids ?? []) {
      const { data } = await client.getEventById({ configId, eventId: id })
      expect(data).toMatchObject({ status: 'succeeded', payload: '{"kind":"solar","v":2}' })
    }
  })

  it('getWebhookExample and testOAuth', async () => {
    expectPublished('getWebhookExample', await client.getWebhookExample({ configId }, {}), 200)
    const { data: oauthConfig } = await client.createConfig(null, {
      name: 'oauth',
      eventName: 'customer_request_created',
      url: `${receiverUrl}/hook`,
      httpMethod: 'POST',
      auth: { authType: 'OAUTH_CLIENT_CREDENTIALS', oauthConfig: { clientId: 'c', clientSecret: 's', endpoint: `${receiverUrl}/token`, httpMethod: 'POST' } },
    })
    const tested = await client.testOAuth({ configId: oauthConfig.id as string })
    expectPublished('testOAuth', tested, 200)
    expect(tested.data).toMatchObject({ success: true, expires_in: 3600, token_type: 'Bearer' })
    expect(JSON.stringify(tested.data)).not.toContain('tok-1')
  })

  it('deleteConfig: 204', async () => {
    const { data } = await client.createConfig(null, { name: 'gone', eventName: 'customer_request_created' })
    expectPublished('deleteConfig', await client.deleteConfig({ configId: data.id as string }), 204)
    expect((await refused(client.getConfig({ configId: data.id as string }))).status).toBe(404)
  })

  it('answers the large-response Accept header of the SDK with plain JSON', async () => {
    const response = await client.getConfigs()
    expect(String(response.config.headers.Accept)).toBe('application/large-response.vnd+json')
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(Array.isArray(response.data)).toBe(true)
  })
})

describe('limits and bad input: 400 listing every problem, nothing stored', () => {
  it('createConfig lists every problem of the body at once', async () => {
    const before = (await client.getConfigs()).data.length
    const conditions = Array.from({ length: 11 }, () => ({ field: 'entity.type', operation: 'equals', values: ['x'] }))
    const answer = await refused(
      client.createConfig(null, {
        name: 'bad',
        eventName: 'customer_request_created',
        httpMethod: 'FETCH',
        eventVersion: 'v1',
        deliveryMode: 'zip',
        retryPolicy: { maxAttempts: 6 },
        filterConditions: { conditions },
      } as never),
    )
    expectPublished('createConfig', answer, 400)
    const paths = ((answer.data as { issues: Array<{ path: string }> }).issues ?? []).map((i) => i.path).sort()
    expect(paths).toEqual(['deliveryMode', 'eventVersion', 'filterConditions.conditions', 'httpMethod', 'retryPolicy.enabled', 'retryPolicy.maxAttempts'])
    expect((await client.getConfigs()).data).toHaveLength(before)
  })

  it('search limit 1–25 and batch replay 1–100 ids', async () => {
    const { data: config } = await client.createConfig(null, { name: 'limits', eventName: 'customer_request_created', url: `${receiverUrl}/hook`, httpMethod: 'POST' })
    const configId = config.id as string
    const search = await refused(client.getWebhookEventsV2({ configId }, { limit: 26 }))
    expect(search.status).toBe(400)
    expect(search.data).toMatchObject({ issues: [{ path: 'limit', message: 'must be an integer from 1 to 25' }] })
    const ids = Array.from({ length: 101 }, (_, i) => `e${i}`)
    const batch = await refused(client.batchReplayEvents({ configId }, { eventIds: ids, reapply_transform: 'yes' } as never))
    expectPublished('batchReplayEvents', batch, 400)
    expect((batch.data as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toEqual(['eventIds', 'reapply_transform'])
  })

  it('replayEvent: 404 for an unknown event, 422 when reapply_transform has no original input to run on', async () => {
    const { data: config } = await client.createConfig(null, {
      name: 'skips',
      eventName: 'customer_request_created',
      url: `${receiverUrl}/hook`,
      httpMethod: 'POST',
      filterConditions: { conditions: [{ field: 'entity.type', operation: 'equals', values: ['never'] }] },
    })
    const configId = config.id as string
    expectPublished('replayEvent', await refused(client.replayEvent({ configId, eventId: 'nope' })), 404)
    const { data: skipped } = await client.triggerWebhook({ configId }, { metadata } as never)
    expectPublished('replayEvent', await refused(client.replayEvent({ configId, eventId: skipped.event_id }, { reapply_transform: true })), 422)
  })
})
