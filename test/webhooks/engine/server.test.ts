import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ConfigValidationError, NotFoundError, QueueFullError, TransformError } from '../../../src/webhooks/engine/errors'
import { createWebhooksServer, type WebhooksServer } from '../../../src/webhooks/engine/http/server'
import { authorize, createClient, EpilotApiError, type Client } from '../../../src/webhooks'
import { CONFIG, createFakeEngine, EVENT, EXAMPLE, PAGE, PUBLIC_KEY, TRIGGERED, type FakeEngine } from './server-fake'

const TOKEN = 'test-token-0123456789'
const LIMIT = 4096

let engine: FakeEngine
let server: WebhooksServer
let url: string
let client: Client
const logLines: string[] = []

beforeAll(async () => {
  engine = createFakeEngine()
  server = createWebhooksServer(engine, { tokens: [TOKEN, 'second-token'], bodyLimitBytes: LIMIT, logger: (line) => logLines.push(line) })
  ;({ url } = await server.listen())
  client = createClient({ baseURL: url, retries: false })
  authorize(client, TOKEN)
})
afterAll(() => server.close())
beforeEach(() => {
  engine.calls.length = 0
  logLines.length = 0
})

/** Raw request through fetch, with the token unless `auth: false`. */
function send(method: string, path: string, init: { body?: string; contentType?: string; auth?: boolean | string } = {}): Promise<Response> {
  const headers: Record<string, string> = {}
  if (init.auth !== false) headers.authorization = `Bearer ${typeof init.auth === 'string' ? init.auth : TOKEN}`
  if (init.body !== undefined) headers['content-type'] = init.contentType ?? 'application/json'
  return fetch(`${url}${path}`, { method, headers, body: init.body })
}

async function apiError(call: Promise<unknown>): Promise<EpilotApiError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(EpilotApiError)
  return error as EpilotApiError
}

describe('every operation through the generated client reaches the engine and answers with the spec status', () => {
  const metadata = { organization_id: 'org-1' }
  const cases: Array<[string, (c: Client) => Promise<{ status: number; data: unknown }>, number, unknown, { method: string; args: unknown[] }]> = [
    ['getPublicKey', (c) => c.getPublicKey({ orgId: 'org-1' }), 200, PUBLIC_KEY, { method: 'getPublicKey', args: ['org-1'] }],
    ['getConfiguredEvents', (c) => c.getConfiguredEvents(), 200, [{ eventName: 'customer_request_created', eventLabel: 'Customer Request Created' }], { method: 'getConfiguredEvents', args: [] }],
    ['getConfigs with eventName', (c) => c.getConfigs({ eventName: 'x' }), 200, [CONFIG], { method: 'listConfigs', args: [{ eventName: 'x' }] }],
    ['getConfigs without filter', (c) => c.getConfigs(), 200, [CONFIG], { method: 'listConfigs', args: [{}] }],
    ['createConfig', (c) => c.createConfig(null, { name: 'n', eventName: 'e' }), 201, { ...CONFIG, name: 'n', eventName: 'e', id: 'cfg-new' }, { method: 'createConfig', args: [{ name: 'n', eventName: 'e' }] }],
    ['getConfig', (c) => c.getConfig({ configId: 'cfg1' }), 200, CONFIG, { method: 'getConfig', args: ['cfg1'] }],
    ['updateConfig', (c) => c.updateConfig({ configId: 'cfg1' }, { name: 'n', eventName: 'e' }), 200, { name: 'n', eventName: 'e', id: 'cfg1' }, { method: 'updateConfig', args: ['cfg1', { name: 'n', eventName: 'e' }] }],
    ['deleteConfig', (c) => c.deleteConfig({ configId: 'cfg1' }), 204, '', { method: 'deleteConfig', args: ['cfg1'] }],
    ['triggerWebhook sync=true', (c) => c.triggerWebhook({ configId: 'cfg1', sync: true }, { metadata }), 200, TRIGGERED, { method: 'trigger', args: ['cfg1', { metadata }, { sync: true }] }],
    ['triggerWebhook sync=false', (c) => c.triggerWebhook({ configId: 'cfg1', sync: false }, { metadata }), 200, TRIGGERED, { method: 'trigger', args: ['cfg1', { metadata }, { sync: false }] }],
    ['triggerWebhook without sync (async)', (c) => c.triggerWebhook({ configId: 'cfg1' }, { metadata }), 200, TRIGGERED, { method: 'trigger', args: ['cfg1', { metadata }, { sync: false }] }],
    ['batchReplayEvents', (c) => c.batchReplayEvents({ configId: 'cfg1' }, { eventIds: ['e1', 'e2'] }), 202, { replayed_event_ids: ['e1-replayed', 'e2-replayed'] }, { method: 'batchReplay', args: ['cfg1', ['e1', 'e2'], { reapply_transform: false }] }],
    ['batchReplayEvents with reapply_transform', (c) => c.batchReplayEvents({ configId: 'cfg1' }, { eventIds: ['e1'], reapply_transform: true }), 202, { replayed_event_ids: ['e1-replayed'] }, { method: 'batchReplay', args: ['cfg1', ['e1'], { reapply_transform: true }] }],
    ['getEventById', (c) => c.getEventById({ configId: 'cfg1', eventId: 'e1' }), 200, EVENT, { method: 'getEvent', args: ['cfg1', 'e1'] }],
    ['replayEvent', (c) => c.replayEvent({ configId: 'cfg1', eventId: 'e1' }), 204, '', { method: 'replayEvent', args: ['cfg1', 'e1', { reapply_transform: false }] }],
    ['replayEvent with reapply_transform', (c) => c.replayEvent({ configId: 'cfg1', eventId: 'e1' }, { reapply_transform: true }), 204, '', { method: 'replayEvent', args: ['cfg1', 'e1', { reapply_transform: true }] }],
    ['getWebhookExample', (c) => c.getWebhookExample({ configId: 'cfg1' }, { automation_id: 'a1' }), 200, EXAMPLE, { method: 'getExample', args: ['cfg1', { automation_id: 'a1' }] }],
    ['getWebhookEventsV2', (c) => c.getWebhookEventsV2({ configId: 'cfg1' }, { limit: 10, status: 'failed' }), 200, PAGE, { method: 'searchEvents', args: ['cfg1', { limit: 10, status: 'failed' }] }],
  ]

  it.each(cases)('%s', async (_name, call, status, data, expectedCall) => {
    const response = await call(client)
    expect(response.status).toBe(status)
    expect(response.data).toEqual(data)
    expect(engine.calls).toEqual([expectedCall])
  })

  it('decodes percent-encoded path parameters', async () => {
    await client.getEventById({ configId: 'a/b c', eventId: 'ü?#' })
    expect(engine.calls[0]).toEqual({ method: 'getEvent', args: ['a/b c', 'ü?#'] })
  })

  it('points Location at the created config and at the replayed event', async () => {
    const created = await send('POST', '/v1/webhooks/configs', { body: JSON.stringify({ name: 'n', eventName: 'e' }) })
    expect(created.headers.get('location')).toBe('/v1/webhooks/configs/cfg-new')
    const replayed = await send('POST', '/v1/webhooks/configs/cfg1/events/e1/replay')
    expect(replayed.status).toBe(204)
    expect(replayed.headers.get('location')).toBe('/v1/webhooks/configs/cfg1/events/e-replayed')
  })

  it('accepts an empty body where the body has no required fields (example, event search)', async () => {
    expect((await send('POST', '/v1/webhooks/configs/cfg1/example')).status).toBe(200)
    expect((await send('POST', '/v2/webhooks/configs/cfg1/events')).status).toBe(200)
    expect(engine.calls).toEqual([
      { method: 'getExample', args: ['cfg1', undefined] },
      { method: 'searchEvents', args: ['cfg1', undefined] },
    ])
  })

  it('answers JSON with a content type and no caching', async () => {
    const response = await send('GET', '/v1/webhooks/configs/cfg1')
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-store')
  })
})

describe('authentication', () => {
  it('answers 401 with a JSON message and a Bearer challenge when the token is missing', async () => {
    const response = await send('GET', '/v1/webhooks/configs', { auth: false })
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Bearer')
    expect(await response.json()).toEqual({ message: expect.stringContaining('Authorization: Bearer') as string, code: 'unauthorized' })
    expect(engine.calls).toEqual([])
  })

  it('answers 401 for a wrong token, a token of another length, and a non-Bearer scheme', async () => {
    for (const auth of ['test-token-0123456780', 'x', `${TOKEN}x`]) {
      expect((await send('GET', '/v1/webhooks/configs', { auth })).status).toBe(401)
    }
    const basic = await fetch(`${url}/v1/webhooks/configs`, { headers: { authorization: `Basic ${TOKEN}` } })
    expect(basic.status).toBe(401)
    expect(engine.calls).toEqual([])
  })

  it('accepts every listed token and a case-insensitive scheme', async () => {
    expect((await send('GET', '/v1/webhooks/configs', { auth: 'second-token' })).status).toBe(200)
    const lower = await fetch(`${url}/v1/webhooks/configs`, { headers: { authorization: `bearer ${TOKEN}` } })
    expect(lower.status).toBe(200)
  })

  it('surfaces 401 through the client as EpilotApiError', async () => {
    const anonymous = createClient({ baseURL: url, retries: false })
    const error = await apiError(anonymous.getConfigs())
    expect(error.status).toBe(401)
    expect(error.data).toMatchObject({ code: 'unauthorized' })
  })

  it('serves getPublicKey without a token, but requires orgId', async () => {
    const anonymous = createClient({ baseURL: url, retries: false })
    expect((await anonymous.getPublicKey({ orgId: 'org-1' })).data).toEqual(PUBLIC_KEY)
    const missing = await send('GET', '/v1/webhooks/.well-known/public-key', { auth: false })
    expect(missing.status).toBe(400)
    expect(await missing.json()).toMatchObject({ code: 'invalid_request', issues: [{ path: 'orgId', message: 'is a required query parameter' }] })
  })

  it('checks the token before reading the body', async () => {
    const response = await send('POST', '/v1/webhooks/configs', { auth: false, body: 'not json' })
    expect(response.status).toBe(401)
  })

  it('never writes the token to the log', async () => {
    await send('GET', '/v1/webhooks/configs')
    await send('GET', '/v1/webhooks/configs', { auth: 'wrong-token-guess' })
    expect(logLines).toEqual([expect.stringMatching(/^GET \/v1\/webhooks\/configs 200 /), expect.stringMatching(/^GET \/v1\/webhooks\/configs 401 /)])
    expect(logLines.join('\n')).not.toContain(TOKEN)
    expect(logLines.join('\n')).not.toContain('wrong-token-guess')
  })

  it('asks a token function (sync or async) and answers 401 when it says no', async () => {
    const seen: string[] = []
    const custom = createWebhooksServer(createFakeEngine(), {
      tokens: async (token) => {
        seen.push(token)
        return token === 'from-store'
      },
    })
    const { url: customUrl } = await custom.listen()
    try {
      expect(custom.token).toBeUndefined()
      const ok = await fetch(`${customUrl}/v1/webhooks/configured-events`, { headers: { authorization: 'Bearer from-store' } })
      const denied = await fetch(`${customUrl}/v1/webhooks/configured-events`, { headers: { authorization: 'Bearer other' } })
      expect([ok.status, denied.status]).toEqual([200, 401])
      expect(seen).toEqual(['from-store', 'other'])
    } finally {
      await custom.close()
    }
  })

  it('generates a random token when none is given and exposes it as server.token', async () => {
    const a = createWebhooksServer(createFakeEngine())
    const b = createWebhooksServer(createFakeEngine())
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(a.token).not.toBe(b.token)
    const { url: aUrl } = await a.listen()
    try {
      const c = createClient({ baseURL: aUrl, retries: false })
      authorize(c, a.token as string)
      expect((await c.getConfiguredEvents()).status).toBe(200)
      expect((await fetch(`${aUrl}/v1/webhooks/configured-events`)).status).toBe(401)
    } finally {
      await a.close()
    }
  })

  it('refuses an empty token list at creation', () => {
    expect(() => createWebhooksServer(createFakeEngine(), { tokens: [] })).toThrow(/non-empty/)
    expect(() => createWebhooksServer(createFakeEngine(), { tokens: [''] })).toThrow(/non-empty/)
  })
})

describe('routing errors', () => {
  it('answers 404 JSON for an unknown path, even without a token', async () => {
    const response = await send('GET', '/v1/nothing-here', { auth: false })
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({ message: expect.stringContaining('GET /v1/nothing-here') as string, code: 'not_found' })
  })

  it('answers 404 for a path with an extra or missing segment', async () => {
    expect((await send('GET', '/v1/webhooks/configs/cfg1/extra')).status).toBe(404)
    expect((await send('GET', '/v1/webhooks/configs/')).status).toBe(404)
  })

  it('answers 405 with an Allow header for a known path and another method', async () => {
    const onList = await send('DELETE', '/v1/webhooks/configs')
    expect(onList.status).toBe(405)
    expect(onList.headers.get('allow')).toBe('GET, POST')
    expect(await onList.json()).toMatchObject({ code: 'method_not_allowed' })
    const onOne = await send('PATCH', '/v1/webhooks/configs/cfg1', { body: '{}' })
    expect(onOne.status).toBe(405)
    expect(onOne.headers.get('allow')).toBe('GET, PUT, DELETE')
  })

  it('prefers a static segment over a parameter, whatever the method (replay-batch is never an event id)', async () => {
    expect((await send('POST', '/v1/webhooks/configs/cfg1/events/replay-batch', { body: '{"eventIds":["e1"]}' })).status).toBe(202)
    const get = await send('GET', '/v1/webhooks/configs/cfg1/events/replay-batch')
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
    expect((await send('GET', '/v1/webhooks/configs/cfg1/events/e1')).status).toBe(200)
    expect(engine.calls.map((c) => c.method)).toEqual(['batchReplay', 'getEvent'])
  })

  it('answers 400 for malformed percent-encoding in a path parameter', async () => {
    const response = await send('GET', '/v1/webhooks/configs/%E0%A4%A')
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'bad_path' })
  })
})

describe('request bodies and queries', () => {
  it('answers 400 for malformed JSON', async () => {
    const response = await send('POST', '/v1/webhooks/configs', { body: '{"name": ' })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ message: expect.stringContaining('not valid JSON') as string, code: 'invalid_json' })
    expect(engine.calls).toEqual([])
  })

  it('answers 415 for a body that is not declared JSON, and accepts charset and +json types', async () => {
    const text = await send('POST', '/v1/webhooks/configs', { body: '{"name":"n"}', contentType: 'text/plain' })
    expect(text.status).toBe(415)
    expect(await text.json()).toMatchObject({ code: 'unsupported_media_type' })
    for (const contentType of ['application/json; charset=utf-8', 'Application/JSON', 'application/merge-patch+json']) {
      expect((await send('POST', '/v1/webhooks/configs', { body: '{"name":"n"}', contentType })).status).toBe(201)
    }
  })

  it('answers 400 when a required body is missing', async () => {
    for (const path of ['/v1/webhooks/configs', '/v1/webhooks/configs/cfg1/trigger', '/v1/webhooks/configs/cfg1/events/replay-batch']) {
      const response = await send('POST', path)
      expect(response.status).toBe(400)
      expect(await response.json()).toMatchObject({ code: 'missing_body' })
    }
    expect((await send('PUT', '/v1/webhooks/configs/cfg1')).status).toBe(400)
    expect(engine.calls).toEqual([])
  })

  it('answers 413 for a declared Content-Length over the limit without calling the engine', async () => {
    const response = await send('POST', '/v1/webhooks/configs', { body: JSON.stringify({ name: 'x'.repeat(LIMIT) }) })
    expect(response.status).toBe(413)
    expect(response.headers.get('connection')).toBe('close')
    expect(await response.json()).toMatchObject({ code: 'payload_too_large' })
    expect(engine.calls).toEqual([])
  })

  it('answers 413 for a chunked body once it passes the limit', async () => {
    const { hostname, port } = new URL(url)
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: hostname, port, method: 'POST', path: '/v1/webhooks/configs', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      req.on('error', reject)
      // Keep writing (far past the limit) until the server answers; it must not wait for the end.
      const chunk = 'x'.repeat(1024)
      let written = 0
      const pump = (): void => {
        while (written < 1024 && !req.destroyed) {
          written++
          if (!req.write(chunk)) return void req.once('drain', pump)
        }
        req.end()
      }
      pump()
    })
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'payload_too_large' })
    expect(engine.calls).toEqual([])
  })

  it('answers 400 for sync values other than true and false', async () => {
    const response = await send('POST', '/v1/webhooks/configs/cfg1/trigger?sync=maybe', { body: JSON.stringify({ metadata: { organization_id: 'o' } }) })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ issues: [{ path: 'sync', message: 'must be true or false' }] })
    expect(engine.calls).toEqual([])
  })

})

describe('engine errors map to their status', () => {
  it('NotFoundError is a 404 with the engine message', async () => {
    engine.failNext(new NotFoundError('Webhook config cfg9 not found'))
    const error = await apiError(client.getConfig({ configId: 'cfg9' }))
    expect(error.status).toBe(404)
    expect(error.data).toEqual({ message: 'Webhook config cfg9 not found', code: 'not_found' })
  })

  it('ConfigValidationError is a 400 whose body carries the issues', async () => {
    const issues = [
      { path: 'name', message: 'is required' },
      { path: 'url', message: 'must be an absolute http(s) URL' },
    ]
    engine.failNext(new ConfigValidationError(issues))
    const error = await apiError(client.createConfig(null, { eventName: 'e' } as never))
    expect(error.status).toBe(400)
    expect(error.data).toMatchObject({ code: 'invalid_config', issues })
  })

  it('QueueFullError is a 429 with Retry-After', async () => {
    engine.failNext(new QueueFullError('The delivery queue is full; retry later'))
    const response = await send('POST', '/v1/webhooks/configs/cfg1/trigger', { body: JSON.stringify({ metadata: { organization_id: 'o' } }) })
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('1')
    expect(await response.json()).toEqual({ message: 'The delivery queue is full; retry later', code: 'queue_full' })
  })

  it('any other EngineError answers with its own status', async () => {
    engine.failNext(new TransformError('jsonataExpression produced no value'))
    const error = await apiError(client.triggerWebhook({ configId: 'cfg1', sync: true }, { metadata: { organization_id: 'o' } }))
    expect(error.status).toBe(422)
    expect(error.data).toMatchObject({ code: 'transform_failed' })
  })

  it('an unexpected error is a generic 500: no message, no stack; the log gets the summary', async () => {
    engine.failNext(new Error('db password hunter2 rejected'))
    const response = await send('GET', '/v1/webhooks/configured-events')
    expect(response.status).toBe(500)
    const text = await response.text()
    expect(JSON.parse(text)).toEqual({ message: 'Internal server error; see the server log for details', code: 'internal_error' })
    expect(text).not.toContain('hunter2')
    expect(text).not.toContain('at ')
    expect(logLines[0]).toBe('error in GET /v1/webhooks/configured-events: Error: db password hunter2 rejected')
  })

  it('a synchronous throw from getPublicKey is mapped too', async () => {
    engine.failNext(new NotFoundError('No key for org nope'))
    expect((await send('GET', '/v1/webhooks/.well-known/public-key?orgId=nope', { auth: false })).status).toBe(404)
  })
})

describe('connections and mounting', () => {
  it('keeps the connection alive across requests, including small error answers', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const { hostname, port } = new URL(url)
    const reused: boolean[] = []
    try {
      for (const [method, path, body] of [
        ['GET', '/v1/webhooks/configs', undefined],
        ['POST', '/v1/webhooks/configs', '{bad'],
        ['GET', '/nope', undefined],
        ['GET', '/v1/webhooks/configs/cfg1', undefined],
      ] as const) {
        await new Promise<void>((resolve, reject) => {
          const req = http.request({ agent, host: hostname, port, method, path, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } }, (res) => {
            res.resume()
            res.on('end', resolve)
          })
          req.on('error', reject)
          reused.push(req.reusedSocket)
          req.end(body)
        })
      }
    } finally {
      agent.destroy()
    }
    expect(reused).toEqual([false, true, true, true])
  })

  it('mounts in another server: serves its paths and passes the rest to next()', async () => {
    const outer = http.createServer((req, res) => {
      server.handler(req, res, () => {
        res.writeHead(418).end('outer')
      })
    })
    await new Promise<void>((resolve) => outer.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(outer.address() as AddressInfo).port}`
    try {
      const inner = await fetch(`${base}/v1/webhooks/configs`, { headers: { authorization: `Bearer ${TOKEN}` } })
      expect(inner.status).toBe(200)
      const passed = await fetch(`${base}/health`)
      expect([passed.status, await passed.text()]).toEqual([418, 'outer'])
    } finally {
      await new Promise((resolve) => outer.close(resolve))
    }
  })

  it('uses a JSON body already parsed by a middleware mounted before it', async () => {
    const outer = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        ;(req as typeof req & { body: unknown }).body = JSON.parse(Buffer.concat(chunks).toString())
        server.handler(req, res)
      })
    })
    await new Promise<void>((resolve) => outer.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(outer.address() as AddressInfo).port}`
    try {
      const response = await fetch(`${base}/v1/webhooks/configs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: '{"name":"pre","eventName":"e"}',
      })
      expect(response.status).toBe(201)
      expect(engine.calls).toEqual([{ method: 'createConfig', args: [{ name: 'pre', eventName: 'e' }] }])
    } finally {
      await new Promise((resolve) => outer.close(resolve))
    }
  })

  it('answers 500 with a fix instead of hanging when a middleware already drained the body', async () => {
    const outer = http.createServer((req, res) => {
      req.resume()
      req.on('end', () => server.handler(req, res))
    })
    await new Promise<void>((resolve) => outer.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(outer.address() as AddressInfo).port}`
    try {
      const response = await fetch(`${base}/v1/webhooks/configs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: '{"name":"n","eventName":"e"}',
      })
      expect(response.status).toBe(500)
      expect(await response.json()).toEqual({ message: expect.stringContaining('mount this handler before any body parser') as string, code: 'body_consumed' })
    } finally {
      await new Promise((resolve) => outer.close(resolve))
    }
  })
})

describe('addRoute', () => {
  it('serves an added route with its raw body, params and query, and its own auth setting', async () => {
    const extra = createWebhooksServer(createFakeEngine(), { tokens: [TOKEN] })
    const seen: unknown[] = []
    extra.addRoute(
      'POST',
      '/inbound/{sourceId}',
      async (ctx) => {
        seen.push({ raw: (await ctx.rawBody()).toString('utf8'), params: ctx.params, q: ctx.query.get('q'), sig: ctx.req.headers['webhook-signature'] })
        return { status: 202, body: { accepted: true } }
      },
      { auth: false },
    )
    extra.addRoute('GET', '/private', () => ({ status: 200, body: { ok: true } }), { auth: true })
    const { url: extraUrl } = await extra.listen()
    try {
      const raw = '{ "exact":  "bytes" }'
      const response = await fetch(`${extraUrl}/inbound/src-1?q=1`, { method: 'POST', headers: { 'content-type': 'text/plain', 'webhook-signature': 'v1,abc' }, body: raw })
      expect([response.status, await response.json()]).toEqual([202, { accepted: true }])
      expect(seen).toEqual([{ raw, params: { sourceId: 'src-1' }, q: '1', sig: 'v1,abc' }])
      expect((await fetch(`${extraUrl}/private`)).status).toBe(401)
      expect(extra.routes()).toContainEqual({ method: 'POST', path: '/inbound/{sourceId}', auth: false })
    } finally {
      await extra.close()
    }
  })

  it('answers 204 when a handler returns nothing, and leaves a response it wrote itself alone', async () => {
    const extra = createWebhooksServer(createFakeEngine(), { tokens: [TOKEN] })
    extra.addRoute('POST', '/nothing', () => undefined, { auth: false })
    extra.addRoute('GET', '/custom', (ctx) => void ctx.res.writeHead(200, { 'content-type': 'text/plain' }).end('hi'), { auth: false })
    const { url: extraUrl } = await extra.listen()
    try {
      expect((await fetch(`${extraUrl}/nothing`, { method: 'POST' })).status).toBe(204)
      const custom = await fetch(`${extraUrl}/custom`)
      expect([custom.status, await custom.text()]).toEqual([200, 'hi'])
    } finally {
      await extra.close()
    }
  })

  it('applies a per-route body limit', async () => {
    const extra = createWebhooksServer(createFakeEngine(), { tokens: [TOKEN] })
    extra.addRoute('POST', '/small', async (ctx) => ({ status: 200, body: { length: (await ctx.rawBody()).length } }), { auth: false, bodyLimitBytes: 10 })
    const { url: extraUrl } = await extra.listen()
    try {
      expect((await fetch(`${extraUrl}/small`, { method: 'POST', body: '0123456789' })).status).toBe(200)
      expect((await fetch(`${extraUrl}/small`, { method: 'POST', body: '0123456789a' })).status).toBe(413)
    } finally {
      await extra.close()
    }
  })

  it('mounts a data route whose handler gets the body already read', async () => {
    const extra = createWebhooksServer(createFakeEngine(), { tokens: [TOKEN] })
    extra.mount({
      method: 'POST',
      path: '/data/{id}',
      auth: true,
      handle: async (ctx) => ({ status: 201, body: { id: ctx.params.id, json: ctx.json(), bytes: ctx.body.length } }),
    })
    const { url: extraUrl } = await extra.listen()
    try {
      const ok = await fetch(`${extraUrl}/data/7`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: '{"a":1}' })
      expect([ok.status, await ok.json()]).toEqual([201, { id: '7', json: { a: 1 }, bytes: 7 }])
      expect((await fetch(`${extraUrl}/data/7`, { method: 'POST', body: '{}' })).status).toBe(401)
    } finally {
      await extra.close()
    }
  })

  it('refuses a duplicate route and a template with a partial-segment parameter', () => {
    const extra = createWebhooksServer(createFakeEngine(), { tokens: [TOKEN] })
    expect(() => extra.addRoute('GET', '/v1/webhooks/configs/{other}', () => undefined, { auth: true })).toThrow(/already defined/)
    expect(() => extra.addRoute('GET', '/files/{name}.json', () => undefined, { auth: true })).toThrow(/whole segment/)
  })

  it('lists the 15 operations of the spec and the 7 inbound-webhook routes', () => {
    const routes = server.routes() as Array<{ method: string; path: string }>
    const inbound = routes.filter((r) => r.path.startsWith('/v1/webhooks/inbound'))
    expect(routes.length - inbound.length).toBe(15)
    expect(inbound.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'DELETE /v1/webhooks/inbound/{uuid}',
      'GET /v1/webhooks/inbound',
      'GET /v1/webhooks/inbound/receive',
      'GET /v1/webhooks/inbound/{uuid}',
      'POST /v1/webhooks/inbound',
      'POST /v1/webhooks/inbound/receive',
      'PUT /v1/webhooks/inbound/{uuid}',
    ])
  })
})
