import { describe, expect, it, vi } from 'vitest'
import type { WebhookEngine } from '../../../src/webhooks/engine/api'
import { createInboundHub } from '../../../src/webhooks/engine/inbound/hub'
import type { InboundEmit, InboundEvent, InboundRequest } from '../../../src/webhooks/engine/inbound/types'
import { BadRequestError, ConfigValidationError, NotFoundError, PayloadTooLargeError } from '../../../src/webhooks/engine/errors'

const clock = () => new Date('2025-01-02T03:04:05.000Z')
const enc = (text: string) => new TextEncoder().encode(text)

function call(overrides: Partial<InboundRequest> = {}): InboundRequest {
  return { method: 'POST', headers: {}, query: {}, body: new Uint8Array(), ...overrides }
}

function setup(options: Parameters<typeof createInboundHub>[0] = {}) {
  const emit = vi.fn()
  const hub = createInboundHub({ emit, organizationId: 'org-1', now: clock, baseUrl: 'https://hooks.example.com/', ...options })
  return { hub, emit }
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a rejection')
}

function thrown(fn: () => unknown): Error {
  try {
    fn()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected an error')
}

describe('managing inbound webhooks', () => {
  it('creates a webhook with a random uuid token, a public webhookId and a URL carrying the token', () => {
    const { hub } = setup()
    const created = hub.create({ eventKey: 'webhook.lead.created' })
    expect(created.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(created.webhookId).toMatch(/^iwh_/)
    expect(created.webhookId).not.toContain(created.uuid)
    expect(created).toEqual({
      uuid: created.uuid,
      webhookId: created.webhookId,
      eventKey: 'webhook.lead.created',
      webhookUrl: `https://hooks.example.com/v1/webhooks/inbound/receive?token=${created.uuid}`,
      createdAt: '2025-01-02T03:04:05.000Z',
    })
    expect(hub.create({ eventKey: 'webhook.lead.created' }).uuid).not.toBe(created.uuid)
  })

  it('builds a relative webhookUrl when no baseUrl is set', () => {
    const hub = createInboundHub()
    const { uuid, webhookUrl } = hub.create({ eventKey: 'webhook.a' })
    expect(webhookUrl).toBe(`/v1/webhooks/inbound/receive?token=${uuid}`)
  })

  it('gets and lists webhooks, oldest first', () => {
    const { hub } = setup()
    const a = hub.create({ eventKey: 'webhook.a' })
    const b = hub.create({ eventKey: 'webhook.b' })
    expect(hub.get(b.uuid)).toEqual(b)
    expect(hub.list()).toEqual([a, b])
  })

  it('edits only the event key; the uuid, webhookId and URL stay the same', () => {
    let now = new Date('2025-01-01T00:00:00.000Z')
    const hub = createInboundHub({ now: () => now })
    const created = hub.create({ eventKey: 'webhook.lead.created' })
    now = new Date('2025-01-01T01:00:00.000Z')
    const updated = hub.update(created.uuid, { eventKey: 'webhook.changed.key' })
    expect(updated).toEqual({ ...created, eventKey: 'webhook.changed.key', updatedAt: '2025-01-01T01:00:00.000Z' })
    expect(hub.get(created.uuid)).toEqual(updated)
  })

  it('accepts a fetched webhook sent back with only the event key changed', () => {
    const { hub } = setup()
    const created = hub.create({ eventKey: 'webhook.a' })
    expect(hub.update(created.uuid, { ...created, eventKey: 'webhook.b' }).eventKey).toBe('webhook.b')
  })

  it('refuses to change the uuid or set unknown fields, without echoing the token', () => {
    const { hub } = setup()
    const created = hub.create({ eventKey: 'webhook.a' })
    const other = '11111111-2222-4333-8444-555555555555'
    const error = thrown(() => hub.update(created.uuid, { eventKey: 'webhook.b', uuid: other, colour: 'red' } as { eventKey: string }))
    expect(error).toBeInstanceOf(ConfigValidationError)
    expect((error as ConfigValidationError).issues.map((i) => i.path)).toEqual(['uuid', 'colour'])
    expect(error.message).not.toContain(other)
    expect(error.message).not.toContain(created.uuid)
    expect(hub.get(created.uuid).eventKey).toBe('webhook.a')
  })

  it('deletes a webhook; it is then gone from get, list and delete', () => {
    const { hub } = setup()
    const created = hub.create({ eventKey: 'webhook.a' })
    hub.delete(created.uuid)
    expect(hub.list()).toEqual([])
    expect(() => hub.get(created.uuid)).toThrow(NotFoundError)
    expect(() => hub.delete(created.uuid)).toThrow(NotFoundError)
  })

  it('finds, edits and deletes a webhook by its public webhookId as well', () => {
    const { hub } = setup()
    const created = hub.create({ eventKey: 'webhook.a' })
    expect(hub.get(created.webhookId)).toEqual(created)
    expect(hub.update(created.webhookId, { eventKey: 'webhook.b' }).uuid).toBe(created.uuid)
    hub.delete(created.webhookId)
    expect(() => hub.get(created.uuid)).toThrow(NotFoundError)
    expect(() => hub.get(created.webhookId)).toThrow(NotFoundError)
  })

  it('accepts the engine\'s emit as its emit function', () => {
    const engine = { emit: vi.fn() } as unknown as WebhookEngine
    const emit: InboundEmit = engine.emit.bind(engine) // compile-time check: the signatures fit
    expect(() => createInboundHub({ emit, organizationId: 'org-1' })).not.toThrow()
  })

  it('answers NotFoundError for unknown uuids without repeating them', () => {
    const { hub } = setup()
    const unknown = '11111111-2222-4333-8444-555555555555'
    const error = thrown(() => hub.get(unknown))
    expect(error).toBeInstanceOf(NotFoundError)
    expect(error.message).not.toContain(unknown)
    expect(() => hub.update(unknown, { eventKey: 'webhook.a' })).toThrow(NotFoundError)
  })

  it.each([
    ['', 'is required'],
    ['Webhook.Lead', 'lower case'],
    ['webhook..lead', 'lower case'],
    ['.webhook', 'lower case'],
    ['webhook.', 'lower case'],
    ['webhook lead', 'lower case'],
    ['webhook/lead', 'lower case'],
    [`webhook.${'a'.repeat(200)}`, 'at most 200'],
  ])('rejects the event key %j with an issue on eventKey', (eventKey, message) => {
    const { hub } = setup()
    const error = thrown(() => hub.create({ eventKey }))
    expect(error).toBeInstanceOf(ConfigValidationError)
    const issues = (error as ConfigValidationError).issues
    expect(issues[0]).toEqual({ path: 'eventKey', message: expect.stringContaining(message) })
    expect(hub.list()).toEqual([])
  })

  it('accepts event keys of lower-case dot-separated segments with digits, _ and -', () => {
    const { hub } = setup()
    for (const eventKey of ['webhook.lead.created', 'a', 'webhook.erp_v2.order-paid.2025', 'x'.repeat(200)]) {
      expect(hub.create({ eventKey }).eventKey).toBe(eventKey)
    }
  })

  it('rejects a missing event key and a non-object body', () => {
    const { hub } = setup()
    expect(() => hub.create({} as { eventKey: string })).toThrow(ConfigValidationError)
    expect(() => hub.create(null as unknown as { eventKey: string })).toThrow(ConfigValidationError)
  })

  it('requires organizationId when emit is set and positive integer limits', () => {
    const error = thrown(() => createInboundHub({ emit: () => undefined, limits: { maxFiles: 0 } }))
    expect(error).toBeInstanceOf(ConfigValidationError)
    expect((error as ConfigValidationError).issues.map((i) => i.path)).toEqual(['limits.maxFiles', 'organizationId'])
  })
})

describe('receiving calls', () => {
  it('turns a JSON POST with the token in the header into an event, emitted under its event key', async () => {
    const { hub, emit } = setup()
    const { uuid, webhookId } = hub.create({ eventKey: 'webhook.lead.created' })
    const raw = '{"name":"Ada","tags":["x"]}'
    const event = await hub.receive(
      call({
        headers: { 'X-Webhook-Token': uuid, 'Content-Type': 'application/json', 'User-Agent': 'crm/1.0' },
        query: new URLSearchParams('source=crm&source=form'),
        body: enc(raw),
      }),
    )
    expect(event).toEqual({
      eventKey: 'webhook.lead.created',
      webhookId,
      receivedAt: '2025-01-02T03:04:05.000Z',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'crm/1.0' },
      query: { source: ['crm', 'form'] },
      contentType: 'application/json',
      origin: Buffer.from(raw).toString('base64'),
      body: { name: 'Ada', tags: ['x'] },
      files: [],
    })
    expect(emit).toHaveBeenCalledTimes(1)
    expect(emit).toHaveBeenCalledWith('webhook.lead.created', { entity: event }, { organization_id: 'org-1', origin: 'inbound_webhook' })
  })

  it('accepts a GET with the token in the query and drops the token from the query', async () => {
    const { hub } = setup()
    const { uuid } = hub.create({ eventKey: 'webhook.ping' })
    const event = await hub.receive(call({ method: 'get', query: { token: uuid, id: '7' } }))
    expect(event).toMatchObject({ method: 'GET', query: { id: '7' }, origin: '', files: [] })
    expect(event.body).toBeUndefined()
    expect(JSON.stringify(event)).not.toContain(uuid)
  })

  it('accepts the token as a field of a JSON body and removes that field from the event', async () => {
    const { hub } = setup()
    const { uuid } = hub.create({ eventKey: 'webhook.a' })
    const event = await hub.receive(call({ headers: { 'content-type': 'application/json' }, body: enc(JSON.stringify({ token: uuid, n: 1 })) }))
    expect(event.body).toEqual({ n: 1 })
    expect(Buffer.from(event.origin, 'base64').toString()).toBe('{"token":"[redacted]","n":1}')
  })

  it('accepts the token as a field of a form body and parses the other fields', async () => {
    const { hub } = setup()
    const { uuid } = hub.create({ eventKey: 'webhook.a' })
    const event = await hub.receive(
      call({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: enc(`token=${uuid}&name=Ada+L&tag=a&tag=b`) }),
    )
    expect(event.body).toEqual({ name: 'Ada L', tag: ['a', 'b'] })
    expect(JSON.stringify(event)).not.toContain(uuid)
  })

  it('passes a text body through as a string', async () => {
    const { hub } = setup()
    const { uuid } = hub.create({ eventKey: 'webhook.a' })
    const event = await hub.receive(call({ headers: { 'x-webhook-token': uuid, 'content-type': 'text/plain; charset=utf-8' }, body: enc('hello ✓') }))
    expect(event.body).toBe('hello ✓')
    expect(Buffer.from(event.origin, 'base64').toString('utf8')).toBe('hello ✓')
  })

  it('keeps a form field named __proto__ as an ordinary field', async () => {
    const { hub } = setup()
    const { uuid } = hub.create({ eventKey: 'webhook.a' })
    const event = await hub.receive(
      call({ headers: { 'x-webhook-token': uuid, 'content-type': 'application/x-www-form-urlencoded' }, body: enc('__proto__=x&a=1') }),
    )
    expect(Object.getPrototypeOf(event.body)).toBe(Object.prototype)
    expect(Object.keys(event.body as object)).toEqual(['__proto__', 'a'])
  })

  it('parses multipart fields and files', async () => {
    const { hub } = setup()
    const { uuid } = hub.create({ eventKey: 'webhook.files' })
    const form = new FormData()
    form.append('token', uuid)
    form.append('note', 'two files')
    form.append('file', new Blob([new Uint8Array([0, 1, 2, 255])], { type: 'application/pdf' }), 'a.pdf')
    const request = new Request('http://x/', { method: 'POST', body: form })
    const event = await hub.receive(
      call({ headers: { 'content-type': request.headers.get('content-type')! }, body: new Uint8Array(await request.arrayBuffer()) }),
    )
    expect(event.body).toEqual({ note: 'two files' })
    expect(event.files).toEqual([{ name: 'file', filename: 'a.pdf', contentType: 'application/pdf', size: 4, base64: 'AAEC/w==' }])
    expect(JSON.stringify(event)).not.toContain(uuid)
    expect(Buffer.from(event.origin, 'base64').toString('latin1')).not.toContain(uuid)
  })

  it('removes credential headers and redacts the token where a caller repeated it', async () => {
    const { hub } = setup()
    const { uuid } = hub.create({ eventKey: 'webhook.a' })
    const event = await hub.receive(
      call({
        method: 'GET',
        headers: {
          authorization: 'Bearer abc',
          Cookie: 'sid=1',
          'proxy-authorization': 'Basic xyz',
          'x-webhook-token': uuid,
          referer: `https://crm.example.com/?token=${uuid}`,
          'x-request-id': 'r1',
          'x-empty': undefined,
        },
      }),
    )
    expect(event.headers).toEqual({ referer: 'https://crm.example.com/?token=[redacted]', 'x-request-id': 'r1' })
  })

  it('prefers the header token over query and body tokens', async () => {
    const { hub } = setup()
    const a = hub.create({ eventKey: 'webhook.a' })
    const b = hub.create({ eventKey: 'webhook.b' })
    const event = await hub.receive(call({ method: 'GET', headers: { 'x-webhook-token': a.uuid }, query: { token: b.uuid } }))
    expect(event.eventKey).toBe('webhook.a')
    expect(event.query).toEqual({})
  })

  it('answers NotFoundError for unknown and deleted tokens, calling no handler and not emitting', async () => {
    const { hub, emit } = setup()
    const handler = vi.fn()
    hub.on('webhook.a', handler)
    const { uuid } = hub.create({ eventKey: 'webhook.a' })
    const live = hub.create({ eventKey: 'webhook.a' })
    hub.delete(uuid)
    // The public webhookId is no credential: it cannot be used to call the webhook.
    for (const token of [uuid, live.webhookId, '11111111-2222-4333-8444-555555555555', 'short']) {
      const error = await rejection(hub.receive(call({ method: 'GET', query: { token } })))
      expect(error).toBeInstanceOf(NotFoundError)
      expect(error.message).not.toContain(token)
    }
    expect(handler).not.toHaveBeenCalled()
    expect(emit).not.toHaveBeenCalled()
  })

  it('answers BadRequestError when no token is sent', async () => {
    const { hub } = setup()
    hub.create({ eventKey: 'webhook.a' })
    await expect(hub.receive(call({ method: 'GET' }))).rejects.toBeInstanceOf(BadRequestError)
    await expect(hub.receive(call({ method: 'GET', headers: { 'x-webhook-token': '' } }))).rejects.toBeInstanceOf(BadRequestError)
  })

  it('falls back to the query token when the header is empty', async () => {
    const { hub } = setup()
    const { uuid } = hub.create({ eventKey: 'webhook.a' })
    await expect(hub.receive(call({ method: 'GET', headers: { 'x-webhook-token': '' }, query: { token: uuid } }))).resolves.toMatchObject({
      eventKey: 'webhook.a',
    })
  })

  it('answers BadRequestError for other methods, unsupported content types and invalid JSON, without quoting the body', async () => {
    const { hub } = setup()
    const { uuid } = hub.create({ eventKey: 'webhook.a' })
    const headers = { 'x-webhook-token': uuid }
    await expect(hub.receive(call({ method: 'PUT', headers }))).rejects.toBeInstanceOf(BadRequestError)
    await expect(hub.receive(call({ headers: { ...headers, 'content-type': 'image/png' }, body: enc('png') }))).rejects.toBeInstanceOf(BadRequestError)
    await expect(hub.receive(call({ headers, body: enc('no type') }))).rejects.toBeInstanceOf(BadRequestError)
    const error = await rejection(hub.receive(call({ headers: { 'content-type': 'application/json' }, body: enc(`{"token":"${uuid}",`) })))
    expect(error).toBeInstanceOf(BadRequestError)
    expect(error.message).not.toContain(uuid)
  })

  it('answers PayloadTooLargeError for a body over maxBodyBytes, too many files and a file over maxFileBytes', async () => {
    const { hub, emit } = setup({ limits: { maxBodyBytes: 2000, maxFiles: 1, maxFileBytes: 100 } })
    const { uuid } = hub.create({ eventKey: 'webhook.a' })
    const headers = { 'x-webhook-token': uuid, 'content-type': 'text/plain' }
    await expect(hub.receive(call({ headers, body: new Uint8Array(2001) }))).rejects.toBeInstanceOf(PayloadTooLargeError)
    await expect(hub.receive(call({ headers, body: new Uint8Array(2000) }))).resolves.toBeDefined()

    const multipart = async (...sizes: number[]) => {
      const form = new FormData()
      sizes.forEach((size, i) => form.append('file', new Blob([new Uint8Array(size)]), `f${i}.bin`))
      const request = new Request('http://x/', { method: 'POST', body: form })
      return call({
        headers: { 'x-webhook-token': uuid, 'content-type': request.headers.get('content-type')! },
        body: new Uint8Array(await request.arrayBuffer()),
      })
    }
    await expect(hub.receive(await multipart(10, 10))).rejects.toBeInstanceOf(PayloadTooLargeError)
    await expect(hub.receive(await multipart(101))).rejects.toBeInstanceOf(PayloadTooLargeError)
    await expect(hub.receive(await multipart(100))).resolves.toMatchObject({ files: [{ size: 100, contentType: 'application/octet-stream' }] })
    expect(emit).toHaveBeenCalledTimes(2)
  })

  it('never puts the token into events, errors or listings other than the uuid field', async () => {
    const { hub, emit } = setup()
    const { uuid } = hub.create({ eventKey: 'webhook.a' })
    const event = await hub.receive(call({ method: 'GET', query: { token: uuid } }))
    expect(JSON.stringify(event)).not.toContain(uuid)
    expect(JSON.stringify(emit.mock.calls)).not.toContain(uuid)
    const listing = hub.list()
    expect(JSON.stringify(listing.map(({ uuid: _secret, webhookUrl: _url, ...rest }) => rest))).not.toContain(uuid)
  })
})

describe('subscribing to inbound events', () => {
  async function fire(hub: ReturnType<typeof setup>['hub'], uuid: string): Promise<InboundEvent> {
    return hub.receive(call({ method: 'GET', headers: { 'x-webhook-token': uuid } }))
  }

  it('calls on-handlers for every event of their key and only their key', async () => {
    const { hub } = setup()
    const a = hub.create({ eventKey: 'webhook.a' })
    const b = hub.create({ eventKey: 'webhook.b' })
    const onA = vi.fn()
    hub.on('webhook.a', onA)
    const first = await fire(hub, a.uuid)
    await fire(hub, a.uuid)
    await fire(hub, b.uuid)
    expect(onA).toHaveBeenCalledTimes(2)
    expect(onA).toHaveBeenNthCalledWith(1, first)
  })

  it('calls a once-handler for the next event only', async () => {
    const { hub } = setup()
    const { uuid } = hub.create({ eventKey: 'webhook.a' })
    const handler = vi.fn()
    hub.once('webhook.a', handler)
    await fire(hub, uuid)
    await fire(hub, uuid)
    expect(handler).toHaveBeenCalledTimes(1)
  })

  it('stops calling a handler after off or after its unsubscribe function', async () => {
    const { hub } = setup()
    const { uuid } = hub.create({ eventKey: 'webhook.a' })
    const viaOff = vi.fn()
    const viaUnsubscribe = vi.fn()
    const onceOff = vi.fn()
    hub.on('webhook.a', viaOff)
    const unsubscribe = hub.on('webhook.a', viaUnsubscribe)
    hub.once('webhook.a', onceOff)
    hub.off('webhook.a', viaOff)
    hub.off('webhook.a', onceOff)
    unsubscribe()
    await fire(hub, uuid)
    expect(viaOff).not.toHaveBeenCalled()
    expect(viaUnsubscribe).not.toHaveBeenCalled()
    expect(onceOff).not.toHaveBeenCalled()
  })

  it('follows an edited event key: the webhook then feeds the new key', async () => {
    const { hub, emit } = setup()
    const { uuid } = hub.create({ eventKey: 'webhook.old' })
    const onNew = vi.fn()
    hub.on('webhook.new', onNew)
    hub.update(uuid, { eventKey: 'webhook.new' })
    await fire(hub, uuid)
    expect(onNew).toHaveBeenCalledTimes(1)
    expect(emit.mock.calls[0]![0]).toBe('webhook.new')
  })

  it('reports handler errors (sync and async) to onError and still calls the other handlers', async () => {
    const onError = vi.fn()
    const { hub } = setup({ onError })
    const { uuid, webhookId } = hub.create({ eventKey: 'webhook.a' })
    const after = vi.fn()
    hub.on('webhook.a', () => {
      throw new Error('sync boom')
    })
    hub.on('webhook.a', async () => {
      throw new Error('async boom')
    })
    hub.on('webhook.a', after)
    await expect(fire(hub, uuid)).resolves.toMatchObject({ eventKey: 'webhook.a' })
    expect(after).toHaveBeenCalledTimes(1)
    expect(onError.mock.calls.map(([e]) => (e as Error).message).sort()).toEqual(['async boom', 'sync boom'])
    expect(onError.mock.calls[0]![1]).toEqual({ eventKey: 'webhook.a', webhookId })
  })

  it('waits for async handlers before receive resolves', async () => {
    const { hub } = setup()
    const { uuid } = hub.create({ eventKey: 'webhook.a' })
    const seen: string[] = []
    hub.on('webhook.a', async (event) => {
      await Promise.resolve()
      seen.push(event.eventKey)
    })
    await fire(hub, uuid)
    expect(seen).toEqual(['webhook.a'])
  })

  it('passes an emit failure to the caller and then runs no handler', async () => {
    const emit = vi.fn().mockRejectedValue(new Error('queue full'))
    const hub = createInboundHub({ emit, organizationId: 'org-1' })
    const { uuid } = hub.create({ eventKey: 'webhook.a' })
    const handler = vi.fn()
    hub.on('webhook.a', handler)
    await expect(hub.receive(call({ method: 'GET', query: { token: uuid } }))).rejects.toThrow('queue full')
    expect(handler).not.toHaveBeenCalled()
  })

  it('rejects subscriptions to invalid event keys', () => {
    const { hub } = setup()
    expect(() => hub.on('Not Valid', () => undefined)).toThrow(ConfigValidationError)
  })
})
