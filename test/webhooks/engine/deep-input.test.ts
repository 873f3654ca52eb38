import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createEngine, createInboundHub, createInboundRequestListener, type WebhookEngine } from '../../../src/webhooks/engine'
import { exceedsDepth } from '../../../src/webhooks/engine/json-depth'
import { createWebhooksServer, type WebhooksServer } from '../../../src/webhooks/engine/http/server'

/** `{"a":{"a":…}}` nested `depth` levels, as JSON text (built without recursion). */
function deepJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
}

function deepObject(depth: number): Record<string, unknown> {
  return JSON.parse(deepJson(depth)) as Record<string, unknown>
}

describe('exceedsDepth', () => {
  it('counts objects and arrays, without recursion', () => {
    expect(exceedsDepth({ a: [{}] }, 3)).toBe(false)
    expect(exceedsDepth({ a: [{}] }, 2)).toBe(true)
    expect(exceedsDepth('text', 0)).toBe(false)
    expect(exceedsDepth(deepObject(100_000), 100)).toBe(true)
  })
})

describe('deep JSON is refused with 400, never 500, before anything is recorded', () => {
  let engine: WebhookEngine
  let server: WebhooksServer
  let base = ''
  const api = (path: string, body: string) =>
    fetch(`${base}${path}`, { method: 'POST', body, headers: { authorization: 'Bearer t0k', 'content-type': 'application/json' } })

  beforeAll(async () => {
    engine = createEngine({ sleep: async () => {} })
    server = createWebhooksServer(engine, { tokens: ['t0k'] })
    base = (await server.listen()).url
  })
  afterAll(async () => {
    await server.close()
    await engine.close()
  })

  it('answers 400 to a 10,000-deep body on the REST API', async () => {
    const res = await api('/v1/webhooks/configs', deepJson(10_000))
    expect(res.status).toBe(400)
    expect(((await res.json()) as { code: string }).code).toBe('invalid_json')
  })

  it('refuses deep entities on trigger (REST and in process) and records no event', async () => {
    const config = await engine.createConfig({ name: 'n', eventName: 'e', url: 'http://127.0.0.1:9/hook', httpMethod: 'POST', enabled: true })
    const id = config.id as string
    const rest = await api(`/v1/webhooks/configs/${id}/trigger`, `{"metadata":{"organization_id":"o"},"entity":${deepJson(10_000)}}`)
    expect(rest.status).toBe(400)
    await expect(engine.trigger(id, { metadata: { organization_id: 'o' }, entity: deepObject(500) })).rejects.toMatchObject({ code: 'invalid_request', status: 400 })
    await expect(engine.emit('e', { entity: deepObject(500) }, { organization_id: 'o' })).rejects.toMatchObject({ code: 'invalid_request' })
    expect((await engine.searchEvents(id)).data).toEqual([])
  })
})

describe('inbound receive', () => {
  const emit = vi.fn()
  const hub = createInboundHub({ emit, organizationId: 'org-1' })
  let server: Server
  let url = ''
  beforeAll(async () => {
    server = createServer(createInboundRequestListener(hub, { authorize: () => true }))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/webhooks/inbound/receive`
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  it('answers 400 (not 500) to 10,000-deep JSON', async () => {
    const { uuid } = hub.create({ eventKey: 'deep' })
    const res = await fetch(url, { method: 'POST', headers: { 'x-webhook-token': uuid, 'content-type': 'application/json' }, body: deepJson(10_000) })
    expect(res.status).toBe(400)
    expect(emit).not.toHaveBeenCalled()
  })

  it('redacts the token wherever it occurs, JSON keys included (top level and nested)', async () => {
    const { uuid } = hub.create({ eventKey: 'keys' })
    const body = { [uuid]: 'top', nested: { [`k-${uuid}`]: [`v-${uuid}`] }, fine: 1 }
    const res = await fetch(`${url}?${uuid}=q`, { method: 'POST', headers: { 'x-webhook-token': uuid, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect(res.status).toBe(202)
    const forwarded = JSON.stringify(emit.mock.calls.at(-1))
    expect(forwarded).not.toContain(uuid)
    expect(forwarded).toContain('"fine":1')
    expect(forwarded).toContain('[redacted]')
  })
})
