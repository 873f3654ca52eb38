import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createInboundHub,
  createInboundRequestListener,
  inboundRoutes,
  type InboundEvent,
  type InboundHubOptions,
  type InboundWebhook,
} from '../../../src/webhooks/engine'

const ADMIN = 'Bearer admin-key'
const servers: Server[] = []

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))))
})

async function start(options: InboundHubOptions = {}, listener: { bodyLimitBytes?: number } = {}) {
  const emit = vi.fn()
  const events: InboundEvent[] = []
  const hub = createInboundHub({ emit, organizationId: 'org-1', ...options })
  const server = createServer(
    createInboundRequestListener(hub, { ...listener, authorize: (req) => req.headers.authorization === ADMIN }),
  )
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { authorization: ADMIN, 'content-type': 'application/json', ...init.headers } })
  const createWebhook = async (eventKey: string): Promise<InboundWebhook> => {
    const res = await admin('/v1/webhooks/inbound', { method: 'POST', body: JSON.stringify({ eventKey }) })
    expect(res.status).toBe(201)
    return (await res.json()) as InboundWebhook
  }
  return { hub, emit, events, base, admin, createWebhook, receiveUrl: `${base}/v1/webhooks/inbound/receive` }
}

function collect(hub: ReturnType<typeof createInboundHub>, eventKey: string): InboundEvent[] {
  const events: InboundEvent[] = []
  hub.on(eventKey, (event) => {
    events.push(event)
  })
  return events
}

describe('inbound webhook HTTP routes', () => {
  it('manages webhooks: create 201, get, list, edit the event key only, delete 204', async () => {
    const { admin, createWebhook } = await start()
    const created = await createWebhook('webhook.lead.created')
    expect(created.webhookUrl).toBe(`/v1/webhooks/inbound/receive?token=${created.uuid}`)

    expect(await (await admin(`/v1/webhooks/inbound/${created.uuid}`)).json()).toEqual(created)
    expect(await (await admin('/v1/webhooks/inbound')).json()).toEqual([created])

    const put = await admin(`/v1/webhooks/inbound/${created.uuid}`, { method: 'PUT', body: JSON.stringify({ eventKey: 'webhook.changed.key' }) })
    expect(put.status).toBe(200)
    const updated = (await put.json()) as InboundWebhook
    expect(updated).toMatchObject({ uuid: created.uuid, webhookId: created.webhookId, eventKey: 'webhook.changed.key' })

    const del = await admin(`/v1/webhooks/inbound/${created.uuid}`, { method: 'DELETE' })
    expect(del.status).toBe(204)
    expect((await admin(`/v1/webhooks/inbound/${created.uuid}`)).status).toBe(404)
    expect(await (await admin('/v1/webhooks/inbound')).json()).toEqual([])
  })

  it('addresses a webhook by its public webhookId in management paths', async () => {
    const { admin, createWebhook } = await start()
    const created = await createWebhook('webhook.a')
    expect(await (await admin(`/v1/webhooks/inbound/${created.webhookId}`)).json()).toEqual(created)
    expect((await admin(`/v1/webhooks/inbound/${created.webhookId}`, { method: 'DELETE' })).status).toBe(204)
    expect((await admin(`/v1/webhooks/inbound/${created.uuid}`)).status).toBe(404)
  })

  it('answers 400 with every issue for an invalid event key', async () => {
    const { admin } = await start()
    const res = await admin('/v1/webhooks/inbound', { method: 'POST', body: JSON.stringify({ eventKey: 'Bad Key', extra: 1 }) })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { code: string; issues: Array<{ path: string }> }
    expect(body.code).toBe('invalid_config')
    expect(body.issues.map((i) => i.path)).toEqual(['eventKey', 'extra'])
  })

  it('answers 401 on management routes without valid credentials', async () => {
    const { base } = await start()
    expect((await fetch(`${base}/v1/webhooks/inbound`)).status).toBe(401)
    expect((await fetch(`${base}/v1/webhooks/inbound`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401)
  })

  it('serves no management routes when the listener has no authorize function', async () => {
    const hub = createInboundHub()
    const server = createServer(createInboundRequestListener(hub))
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/webhooks/inbound`)
    expect(res.status).toBe(401)
  })

  it('receives a JSON POST with the token in the x-webhook-token header: 202 and an emitted event', async () => {
    const { hub, emit, createWebhook, receiveUrl } = await start()
    const { uuid, webhookId } = await createWebhook('webhook.lead.created')
    const events = collect(hub, 'webhook.lead.created')
    const res = await fetch(receiveUrl, {
      method: 'POST',
      headers: { 'x-webhook-token': uuid, 'content-type': 'application/json', authorization: 'Bearer partner', cookie: 'a=b' },
      body: JSON.stringify({ lead: { name: 'Ada' } }),
    })
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ received: true })
    expect(events).toHaveLength(1)
    const event = events[0]!
    expect(event).toMatchObject({ eventKey: 'webhook.lead.created', webhookId, method: 'POST', body: { lead: { name: 'Ada' } }, files: [] })
    expect(event.headers).not.toHaveProperty('authorization')
    expect(event.headers).not.toHaveProperty('cookie')
    expect(event.headers).not.toHaveProperty('x-webhook-token')
    expect(event.headers['content-type']).toBe('application/json')
    expect(emit).toHaveBeenCalledWith('webhook.lead.created', { entity: event }, { organization_id: 'org-1', origin: 'inbound_webhook' })
  })

  it('receives a GET with the token in the query', async () => {
    const { hub, createWebhook, receiveUrl } = await start()
    const { uuid } = await createWebhook('webhook.ping')
    const events = collect(hub, 'webhook.ping')
    const res = await fetch(`${receiveUrl}?token=${uuid}&status=ok`)
    expect(res.status).toBe(202)
    expect(events[0]).toMatchObject({ method: 'GET', query: { status: 'ok' }, origin: '' })
  })

  it('receives a form POST with the token as a form field', async () => {
    const { hub, createWebhook, receiveUrl } = await start()
    const { uuid } = await createWebhook('webhook.form')
    const events = collect(hub, 'webhook.form')
    const res = await fetch(receiveUrl, { method: 'POST', body: new URLSearchParams({ token: uuid, email: 'ada@example.com' }) })
    expect(res.status).toBe(202)
    expect(events[0]!.contentType).toMatch(/^application\/x-www-form-urlencoded/)
    expect(events[0]!.body).toEqual({ email: 'ada@example.com' })
  })

  it('receives a JSON POST with the token as a body field', async () => {
    const { hub, createWebhook, receiveUrl } = await start()
    const { uuid } = await createWebhook('webhook.json')
    const events = collect(hub, 'webhook.json')
    const res = await fetch(receiveUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: uuid, n: 1 }) })
    expect(res.status).toBe(202)
    expect(events[0]!.body).toEqual({ n: 1 })
  })

  it('receives a text POST; origin holds the raw body as base64', async () => {
    const { hub, createWebhook, receiveUrl } = await start()
    const { uuid } = await createWebhook('webhook.text')
    const events = collect(hub, 'webhook.text')
    const res = await fetch(receiveUrl, { method: 'POST', headers: { 'x-webhook-token': uuid }, body: 'plain words' })
    expect(res.status).toBe(202)
    expect(events[0]).toMatchObject({ contentType: 'text/plain;charset=UTF-8', body: 'plain words' })
    expect(Buffer.from(events[0]!.origin, 'base64').toString()).toBe('plain words')
  })

  it('receives a multipart POST with two files whose bytes round-trip exactly', async () => {
    const { hub, createWebhook, receiveUrl } = await start()
    const { uuid } = await createWebhook('webhook.files')
    const events = collect(hub, 'webhook.files')
    const pdf = new Uint8Array(3000).map((_, i) => (i * 7) % 256)
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff])
    const form = new FormData()
    form.append('caseId', 'C-42')
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'fileA.pdf')
    form.append('file', new Blob([png], { type: 'image/png' }), 'fileB.png')
    const res = await fetch(receiveUrl, { method: 'POST', headers: { 'x-webhook-token': uuid }, body: form })
    expect(res.status).toBe(202)
    const event = events[0]!
    expect(event.body).toEqual({ caseId: 'C-42' })
    expect(event.files.map(({ base64: _b, ...meta }) => meta)).toEqual([
      { name: 'file', filename: 'fileA.pdf', contentType: 'application/pdf', size: 3000 },
      { name: 'file', filename: 'fileB.png', contentType: 'image/png', size: 10 },
    ])
    expect(Buffer.from(event.files[0]!.base64, 'base64').equals(Buffer.from(pdf))).toBe(true)
    expect(Buffer.from(event.files[1]!.base64, 'base64').equals(Buffer.from(png))).toBe(true)
  })

  it('answers 413 for a body over the limit, too many files and a file over the file limit', async () => {
    const { hub, emit, createWebhook, receiveUrl } = await start({ limits: { maxBodyBytes: 4096, maxFiles: 2, maxFileBytes: 1000 } })
    const { uuid } = await createWebhook('webhook.big')
    const handler = vi.fn()
    hub.on('webhook.big', handler)
    const headers = { 'x-webhook-token': uuid }
    const post = (body: BodyInit, extra: Record<string, string> = {}) => fetch(receiveUrl, { method: 'POST', headers: { ...headers, ...extra }, body })
    const files = (...sizes: number[]) => {
      const form = new FormData()
      sizes.forEach((size, i) => form.append('file', new Blob([new Uint8Array(size)]), `f${i}`))
      return form
    }

    const big = await post('x'.repeat(4097), { 'content-type': 'text/plain' })
    expect(big.status).toBe(413)
    expect(((await big.json()) as { code: string }).code).toBe('payload_too_large')
    expect((await post(files(10, 10, 10))).status).toBe(413)
    expect((await post(files(1001))).status).toBe(413)
    expect(handler).not.toHaveBeenCalled()
    expect(emit).not.toHaveBeenCalled()
    expect((await post(files(1000, 1000))).status).toBe(202)
  })

  it('answers 413 for a streamed (chunked) body over the listener limit', async () => {
    const { createWebhook, receiveUrl } = await start({}, { bodyLimitBytes: 1000 })
    const { uuid } = await createWebhook('webhook.stream')
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new Uint8Array(400))
        controller.close()
      },
    })
    const res = await fetch(receiveUrl, {
      method: 'POST',
      headers: { 'x-webhook-token': uuid, 'content-type': 'text/plain' },
      body: chunks,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
  })

  it('answers 404 for unknown and deleted tokens, calling no handler and not emitting', async () => {
    const { hub, emit, admin, createWebhook, receiveUrl } = await start()
    const { uuid } = await createWebhook('webhook.gone')
    const handler = vi.fn()
    hub.on('webhook.gone', handler)
    await admin(`/v1/webhooks/inbound/${uuid}`, { method: 'DELETE' })
    for (const token of [uuid, crypto.randomUUID()]) {
      const res = await fetch(receiveUrl, { method: 'POST', headers: { 'x-webhook-token': token, 'content-type': 'application/json' }, body: '{}' })
      expect(res.status).toBe(404)
      expect(await res.text()).not.toContain(token)
    }
    expect(handler).not.toHaveBeenCalled()
    expect(emit).not.toHaveBeenCalled()
  })

  it('answers 400 for an unsupported content type and 405 for other methods on the receive path', async () => {
    const { createWebhook, receiveUrl } = await start()
    const { uuid } = await createWebhook('webhook.x')
    const png = await fetch(receiveUrl, { method: 'POST', headers: { 'x-webhook-token': uuid, 'content-type': 'image/png' }, body: 'x' })
    expect(png.status).toBe(400)
    const put = await fetch(receiveUrl, { method: 'PUT', headers: { 'x-webhook-token': uuid } })
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('GET, POST')
  })

  it('keeps the token out of events and of listings except the uuid field', async () => {
    const { hub, emit, admin, createWebhook, receiveUrl } = await start({ baseUrl: 'https://hooks.example.com' })
    const { uuid } = await createWebhook('webhook.secret')
    const events = collect(hub, 'webhook.secret')
    await fetch(`${receiveUrl}?token=${uuid}`, { headers: { referer: `https://partner.example.com/?token=${uuid}` } })
    await fetch(receiveUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: uuid }) })
    expect(events).toHaveLength(2)
    for (const event of events) {
      expect(JSON.stringify(event)).not.toContain(uuid)
      expect(Buffer.from(event.origin, 'base64').toString()).not.toContain(uuid)
    }
    expect(JSON.stringify(emit.mock.calls)).not.toContain(uuid)
    const listed = (await (await admin('/v1/webhooks/inbound')).json()) as InboundWebhook[]
    expect(listed.map(({ uuid: _u, webhookUrl: _w, ...rest }) => JSON.stringify(rest)).join()).not.toContain(uuid)
  })

  it('exposes routes as plain data with receive routes first and unauthenticated', () => {
    const routes = inboundRoutes(createInboundHub())
    expect(routes.map((r) => `${r.method} ${r.path} ${r.auth ? 'auth' : 'open'}`)).toEqual([
      'GET /v1/webhooks/inbound/receive open',
      'POST /v1/webhooks/inbound/receive open',
      'POST /v1/webhooks/inbound auth',
      'GET /v1/webhooks/inbound auth',
      'GET /v1/webhooks/inbound/{uuid} auth',
      'PUT /v1/webhooks/inbound/{uuid} auth',
      'DELETE /v1/webhooks/inbound/{uuid} auth',
    ])
  })
})
