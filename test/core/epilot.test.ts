import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

// Wrap the generated routing table's loader in a spy to observe when a service is really built.
vi.mock('../../src/generated/webhooks/definition', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/generated/webhooks/definition')>()
  return { loadDefinition: vi.fn(original.loadDefinition) }
})

const { loadDefinition } = await import('../../src/generated/webhooks/definition')
const { createEpilotSdk, epilot } = await import('../../src')

const BASE = 'http://root.test.local'
const seen: Array<string | null> = []
const server = setupServer(
  http.get(`${BASE}/v1/webhooks/configured-events`, ({ request }) => {
    seen.push(request.headers.get('authorization'))
    return HttpResponse.json([{ eventName: 'customer_request_created', eventLabel: 'Customer Request Created' }])
  }),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

describe('the root epilot object', () => {
  it('loads no service definition until a service is used, then exactly once', () => {
    const sdk = createEpilotSdk({ baseURL: BASE })
    sdk.authorize('t')
    sdk.headers({ 'x-epilot-org-id': '1' })
    const first = sdk.webhooks
    expect(loadDefinition).not.toHaveBeenCalled()
    const client = first.getClient()
    expect(loadDefinition).toHaveBeenCalledTimes(1)
    expect(sdk.webhooks).toBe(first)
    expect(first.getClient()).toBe(client)
    expect(loadDefinition).toHaveBeenCalledTimes(1)
    expect(typeof epilot.authorize).toBe('function')
  })

  it('authorize reaches clients created before and after it, and a later call replaces the token', async () => {
    const sdk = createEpilotSdk({ baseURL: BASE })
    const before = sdk.webhooks
    sdk.authorize(() => 'first')
    await before.getConfiguredEvents()
    const other = createEpilotSdk({ baseURL: BASE })
    other.authorize(async () => 'second')
    const { data } = await other.webhooks.getConfiguredEvents()
    sdk.authorize('third')
    await sdk.webhooks.getConfiguredEvents()
    expect(seen).toEqual(['Bearer first', 'Bearer second', 'Bearer third'])
    expect(data[0]?.eventName).toBe('customer_request_created')
  })
})
