import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { authorize, createClient, type Client } from '../../src/webhooks'

const BASE = 'http://api.test.local'

interface Seen {
  method: string
  path: string
  query: Record<string, string>
  body: unknown
  authorization: string | null
}

const seen: Seen[] = []
const server = setupServer(
  http.all(`${BASE}/*`, async ({ request }) => {
    const url = new URL(request.url)
    const text = await request.text()
    seen.push({
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: text ? JSON.parse(text) : undefined,
      authorization: request.headers.get('authorization'),
    })
    return HttpResponse.json({ ok: true })
  }),
)

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  seen.length = 0
})
afterAll(() => server.close())

function client(): Client {
  const c = createClient({ baseURL: BASE, retries: false })
  authorize(c, 'tok-123')
  return c
}

const config = { name: 'crm', eventName: 'customer_request_created', url: 'https://example.com/hook', httpMethod: 'POST' as const }

// Each row: the call, then what the server must see. Covers all 15 operations of openapi.json.
const cases: Array<[string, (c: Client) => Promise<unknown>, Omit<Seen, 'authorization'> & { auth: boolean }]> = [
  ['getPublicKey', (c) => c.getPublicKey({ orgId: 'org-1' }), { method: 'GET', path: '/v1/webhooks/.well-known/public-key', query: { orgId: 'org-1' }, body: undefined, auth: false }],
  ['getConfiguredEvents', (c) => c.getConfiguredEvents(), { method: 'GET', path: '/v1/webhooks/configured-events', query: {}, body: undefined, auth: true }],
  ['getConfigs', (c) => c.getConfigs({ eventName: 'customer_request_created' }), { method: 'GET', path: '/v1/webhooks/configs', query: { eventName: 'customer_request_created' }, body: undefined, auth: true }],
  ['createConfig', (c) => c.createConfig(null, config), { method: 'POST', path: '/v1/webhooks/configs', query: {}, body: config, auth: true }],
  ['getConfig', (c) => c.getConfig({ configId: 'cfg1' }), { method: 'GET', path: '/v1/webhooks/configs/cfg1', query: {}, body: undefined, auth: true }],
  ['updateConfig', (c) => c.updateConfig({ configId: 'cfg1' }, { ...config, enabled: false }), { method: 'PUT', path: '/v1/webhooks/configs/cfg1', query: {}, body: { ...config, enabled: false }, auth: true }],
  ['deleteConfig', (c) => c.deleteConfig({ configId: 'cfg1' }), { method: 'DELETE', path: '/v1/webhooks/configs/cfg1', query: {}, body: undefined, auth: true }],
  ['testOAuth', (c) => c.testOAuth({ configId: 'cfg1' }), { method: 'POST', path: '/v1/webhooks/configs/cfg1/test-oauth', query: {}, body: undefined, auth: true }],
  ['triggerWebhook', (c) => c.triggerWebhook({ configId: 'cfg1', sync: true }, { metadata: { organization_id: 'org-1' } }), { method: 'POST', path: '/v1/webhooks/configs/cfg1/trigger', query: { sync: 'true' }, body: { metadata: { organization_id: 'org-1' } }, auth: true }],
  // getWehookEvents is deprecated (the published contract keeps it until its removal); it still has to work.
  ['getWehookEvents', (c) => c.getWehookEvents({ configId: 'cfg1', status: 'in_progress', cursor: 'b64' }), { method: 'GET', path: '/v1/webhooks/configs/cfg1/events', query: { status: 'in_progress', cursor: 'b64' }, body: undefined, auth: true }],
  ['batchReplayEvents', (c) => c.batchReplayEvents({ configId: 'cfg1' }, { eventIds: ['e1', 'e2'], reapply_transform: true }), { method: 'POST', path: '/v1/webhooks/configs/cfg1/events/replay-batch', query: {}, body: { eventIds: ['e1', 'e2'], reapply_transform: true }, auth: true }],
  ['getEventById', (c) => c.getEventById({ configId: 'cfg1', eventId: 'e1' }), { method: 'GET', path: '/v1/webhooks/configs/cfg1/events/e1', query: {}, body: undefined, auth: true }],
  ['replayEvent', (c) => c.replayEvent({ configId: 'cfg1', eventId: 'e1' }, { reapply_transform: true }), { method: 'POST', path: '/v1/webhooks/configs/cfg1/events/e1/replay', query: {}, body: { reapply_transform: true }, auth: true }],
  ['getWebhookExample', (c) => c.getWebhookExample({ configId: 'cfg1' }, { automation_id: 'a1' }), { method: 'POST', path: '/v1/webhooks/configs/cfg1/example', query: {}, body: { automation_id: 'a1' }, auth: true }],
  ['getWebhookEventsV2', (c) => c.getWebhookEventsV2({ configId: 'cfg1' }, { limit: 10, status: 'failed' }), { method: 'POST', path: '/v2/webhooks/configs/cfg1/events', query: {}, body: { limit: 10, status: 'failed' }, auth: true }],
]

describe('every operation sends the request the spec describes', () => {
  it.each(cases)('%s', async (_name, call, expected) => {
    await call(client())
    expect(seen).toHaveLength(1)
    const { auth, ...request } = expected
    expect(seen[0]).toEqual({ ...request, authorization: auth ? 'Bearer tok-123' : null })
  })

  it('covers every operation of the spec', async () => {
    const { loadDefinition } = await import('../../src/generated/webhooks/definition')
    const ids = Object.values(loadDefinition().paths).flatMap((item) => Object.values(item).map((op) => op?.operationId))
    expect(cases.map(([name]) => name).sort()).toEqual(ids.sort())
  })

  it('replayEvent sends no body when its options are left out', async () => {
    await client().replayEvent({ configId: 'cfg1', eventId: 'e1' })
    expect(seen).toEqual([{ method: 'POST', path: '/v1/webhooks/configs/cfg1/events/e1/replay', query: {}, body: undefined, authorization: 'Bearer tok-123' }])
  })

  it('triggerWebhook sends payload fields beside metadata (ExecutionPayload is an open object)', async () => {
    const body = { metadata: { organization_id: 'org-1' }, entity: { _id: 'e-1', status: 'open' }, relations: [] }
    await client().triggerWebhook({ configId: 'cfg1' }, body)
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/v1/webhooks/configs/cfg1/trigger', query: {}, body })
  })

  it('path parameters are URL-encoded', async () => {
    await client().getConfig({ configId: 'a/b c' })
    expect(seen[0]?.path).toBe('/v1/webhooks/configs/a%2Fb%20c')
  })
})
