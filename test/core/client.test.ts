import axios from 'axios'
import { delay, http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { authorize, createClient, EpilotApiError, EpilotInputError, getClient } from '../../src/webhooks'

const BASE = 'http://api.test.local'
const server = setupServer()

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

function recordAuthorization(): Array<string | null> {
  const seen: Array<string | null> = []
  server.use(
    http.get(`${BASE}/v1/webhooks/configured-events`, ({ request }) => {
      seen.push(request.headers.get('authorization'))
      return HttpResponse.json([])
    }),
  )
  return seen
}

describe('authorization', () => {
  it('calls a sync token function before every request', async () => {
    const seen = recordAuthorization()
    const client = createClient({ baseURL: BASE })
    let n = 0
    authorize(client, () => `token-${++n}`)
    await client.getConfiguredEvents()
    await client.getConfiguredEvents()
    expect(seen).toEqual(['Bearer token-1', 'Bearer token-2'])
  })

  it('awaits an async token function', async () => {
    const seen = recordAuthorization()
    const client = createClient({ baseURL: BASE })
    authorize(client, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      return 'async-token'
    })
    await client.getConfiguredEvents()
    expect(seen).toEqual(['Bearer async-token'])
  })

  it('sends no Authorization header when no token is set or the function returns nothing', async () => {
    const seen = recordAuthorization()
    const client = createClient({ baseURL: BASE })
    await client.getConfiguredEvents()
    authorize(client, () => undefined)
    await client.getConfiguredEvents()
    expect(seen).toEqual([null, null])
  })

  it('takes the token from the token option', async () => {
    const seen = recordAuthorization()
    await createClient({ baseURL: BASE, token: 'from-options' }).getConfiguredEvents()
    expect(seen).toEqual(['Bearer from-options'])
  })

  it('never sends the token to getPublicKey', async () => {
    const seen: Array<string | null> = []
    server.use(
      http.get(`${BASE}/v1/webhooks/.well-known/public-key`, ({ request }) => {
        seen.push(request.headers.get('authorization'))
        return HttpResponse.json({ public_key: 'pem', algorithm: 'ed25519' })
      }),
    )
    const client = createClient({ baseURL: BASE, token: 'secret-token' })
    const { data } = await client.getPublicKey({ orgId: 'o1' })
    expect(data.algorithm).toBe('ed25519')
    expect(seen).toEqual([null])
  })

  it('rejects objects that are not SDK clients', () => {
    expect(() => authorize(axios.create(), 't')).toThrow(TypeError)
  })
})

describe('options', () => {
  it('uses the spec server by default and baseURL when given', () => {
    expect(createClient().defaults.baseURL).toBe('https://webhooks.sls.epilot.io')
    expect(createClient({ baseURL: BASE }).defaults.baseURL).toBe(BASE)
  })

  it('sends default headers and honours a custom axios instance', async () => {
    const seen: Array<[string | null, string | null]> = []
    server.use(
      http.get(`${BASE}/v1/webhooks/configured-events`, ({ request }) => {
        seen.push([request.headers.get('x-custom'), request.headers.get('x-instance')])
        return HttpResponse.json([])
      }),
    )
    await createClient({ baseURL: BASE, headers: { 'x-custom': 'yes' } }).getConfiguredEvents()
    const instance = axios.create({ headers: { 'x-instance': 'mine' } })
    const client = createClient({ axiosInstance: instance, baseURL: BASE })
    await client.getConfiguredEvents()
    expect(seen).toEqual([
      ['yes', null],
      [null, 'mine'],
    ])
  })

  it('getClient() returns one shared client, getClient(options) a new one', () => {
    expect(getClient()).toBe(getClient())
    expect(getClient({ baseURL: BASE })).not.toBe(getClient())
  })
})

describe('errors', () => {
  it('maps an error answer to EpilotApiError with status, API message, operation and request id', async () => {
    server.use(
      http.get(`${BASE}/v1/webhooks/configs/:id`, () =>
        HttpResponse.json({ message: 'Config not found' }, { status: 404, headers: { 'x-request-id': 'req-42' } }),
      ),
    )
    const client = createClient({ baseURL: BASE, token: 'super-secret-token' })
    const error = await client.getConfig({ configId: 'nope' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EpilotApiError)
    const apiError = error as EpilotApiError
    expect(apiError).toMatchObject({
      code: 'api_error',
      status: 404,
      operationId: 'getConfig',
      method: 'GET',
      path: '/v1/webhooks/configs/nope',
      requestId: 'req-42',
      data: { message: 'Config not found' },
      attempts: 1,
    })
    expect(apiError.message).toBe('getConfig failed with status 404: Config not found (request id req-42)')
  })

  it('never carries the token, in any property or in its serialized form', async () => {
    server.use(http.get(`${BASE}/v1/webhooks/configs`, () => HttpResponse.json({ message: 'boom' }, { status: 400 })))
    const client = createClient({ baseURL: BASE, token: 'super-secret-token' })
    const error = await client.getConfigs().catch((e: unknown) => e)
    const { inspect } = await import('node:util')
    expect(inspect(error, { depth: 10 })).not.toContain('super-secret-token')
    expect(JSON.stringify(error)).not.toContain('super-secret-token')
  })

  it('reports a request that outlives its timeout as timeout, not network_error', async () => {
    server.use(
      http.get(`${BASE}/v1/webhooks/configs`, async () => {
        await delay('infinite')
        return HttpResponse.json([])
      }),
    )
    const client = createClient({ baseURL: BASE, retries: false, timeout: 20 })
    const error = (await client.getConfigs().catch((e: unknown) => e)) as EpilotApiError
    expect(error).toBeInstanceOf(EpilotApiError)
    expect(error.code).toBe('timeout')
    expect(error.message).toBe('getConfigs: no response from api.test.local within 20 ms (timeout) after 1 attempt')
  })

  it('reports a network failure as network_error', async () => {
    server.use(http.get(`${BASE}/v1/webhooks/configs`, () => HttpResponse.error()))
    const client = createClient({ baseURL: BASE, retries: false })
    const error = (await client.getConfigs().catch((e: unknown) => e)) as EpilotApiError
    expect(error).toBeInstanceOf(EpilotApiError)
    expect(error.code).toBe('network_error')
    expect(error.status).toBeUndefined()
  })
})

describe('retries', () => {
  function failingThenOk(failures: number, status = 503): { calls: () => number } {
    let calls = 0
    server.use(
      http.all(`${BASE}/v1/webhooks/configs/:id`, () => {
        calls++
        return calls <= failures ? HttpResponse.json({ message: 'busy' }, { status }) : HttpResponse.json({ name: 'x', eventName: 'y' })
      }),
    )
    return { calls: () => calls }
  }
  /** An injected sleep that records each wait instead of waiting (no real timers in these tests). */
  function recordedSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
    const waits: number[] = []
    return { waits, sleep: async (ms) => void waits.push(ms) }
  }
  const clock = recordedSleep()
  const fast = { minDelayMs: 100, maxDelayMs: 10_000 }
  const noJitter = { sleep: clock.sleep, random: () => 0 }

  it('retries 5xx on idempotent methods until it succeeds', async () => {
    const counter = failingThenOk(2)
    const { data } = await createClient({ baseURL: BASE, retries: { retries: 2, ...fast }, ...noJitter }).getConfig({ configId: 'a' })
    expect(data.name).toBe('x')
    expect(counter.calls()).toBe(3)
  })

  it('stops at the retry limit and reports the attempts', async () => {
    const counter = failingThenOk(10, 429)
    const error = (await createClient({ baseURL: BASE, retries: { retries: 3, ...fast }, ...noJitter })
      .getConfig({ configId: 'a' })
      .catch((e: unknown) => e)) as EpilotApiError
    expect(counter.calls()).toBe(4)
    expect(error.status).toBe(429)
    expect(error.attempts).toBe(4)
  })

  it('does not retry non-idempotent methods', async () => {
    let calls = 0
    server.use(
      http.post(`${BASE}/v1/webhooks/configs`, () => {
        calls++
        return HttpResponse.json({ message: 'busy' }, { status: 503 })
      }),
    )
    await createClient({ baseURL: BASE, retries: { retries: 3, ...fast }, ...noJitter })
      .createConfig(null, { name: 'n', eventName: 'e' })
      .catch(() => undefined)
    expect(calls).toBe(1)
  })

  it('does not retry other 4xx answers', async () => {
    const counter = failingThenOk(10, 404)
    await createClient({ baseURL: BASE, retries: { retries: 3, ...fast }, ...noJitter }).getConfig({ configId: 'a' }).catch(() => undefined)
    expect(counter.calls()).toBe(1)
  })

  it('waits an exponential backoff between attempts, jittered between half and all of it', async () => {
    failingThenOk(3)
    const low = recordedSleep()
    await createClient({ baseURL: BASE, retries: { retries: 3, minDelayMs: 300, maxDelayMs: 1000 }, sleep: low.sleep, random: () => 0 }).getConfig({ configId: 'a' })
    expect(low.waits).toEqual([150, 300, 500])
    failingThenOk(3)
    const high = recordedSleep()
    await createClient({ baseURL: BASE, retries: { retries: 3, minDelayMs: 300, maxDelayMs: 1000 }, sleep: high.sleep, random: () => 0.999999 }).getConfig({ configId: 'a' })
    expect(high.waits).toEqual([300, 600, 1000])
  })

  it('waits at least the Retry-After seconds the server asks for, capped at maxDelayMs', async () => {
    let calls = 0
    server.use(
      http.get(`${BASE}/v1/webhooks/configs/:id`, () => {
        calls++
        if (calls === 1) return HttpResponse.json({ message: 'slow down' }, { status: 429, headers: { 'retry-after': '7' } })
        if (calls === 2) return HttpResponse.json({ message: 'slow down' }, { status: 503, headers: { 'retry-after': '60' } })
        return HttpResponse.json({ name: 'x', eventName: 'y' })
      }),
    )
    const waits = recordedSleep()
    await createClient({ baseURL: BASE, retries: { retries: 2, minDelayMs: 100, maxDelayMs: 10_000 }, sleep: waits.sleep, random: () => 0 }).getConfig({ configId: 'a' })
    expect(waits.waits).toEqual([7000, 10_000])
  })

  it('reads a Retry-After HTTP date against the injected clock', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    failingThenOk(0)
    server.use(
      http.get(`${BASE}/v1/webhooks/configs/:id`, () =>
        HttpResponse.json({ message: 'busy' }, { status: 503, headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:04 GMT' } }),
        { once: true },
      ),
    )
    const waits = recordedSleep()
    await createClient({ baseURL: BASE, retries: { retries: 1, minDelayMs: 100 }, sleep: waits.sleep, now: () => now, random: () => 0 }).getConfig({ configId: 'a' })
    expect(waits.waits).toEqual([4000])
  })

  it('retries 408 Request Timeout like 429 and 5xx', async () => {
    const counter = failingThenOk(1, 408)
    await createClient({ baseURL: BASE, retries: { retries: 1, ...fast }, ...noJitter }).getConfig({ configId: 'a' })
    expect(counter.calls()).toBe(2)
  })

  it('can be switched off', async () => {
    const counter = failingThenOk(10)
    await createClient({ baseURL: BASE, retries: false }).getConfig({ configId: 'a' }).catch(() => undefined)
    expect(counter.calls()).toBe(1)
  })

  it('asks for a fresh token on every attempt', async () => {
    failingThenOk(1)
    const token = vi.fn(() => 't')
    await createClient({ baseURL: BASE, token, retries: { retries: 1, ...fast }, ...noJitter }).getConfig({ configId: 'a' })
    expect(token).toHaveBeenCalledTimes(2)
  })
})

describe('bad input', () => {
  it('rejects a missing required path parameter before sending anything', async () => {
    const onRequest = vi.fn()
    server.events.on('request:start', onRequest)
    const client = createClient({ baseURL: BASE })
    // @ts-expect-error configId is required
    const error = await client.getConfig({}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EpilotInputError)
    expect(error).toMatchObject({ code: 'missing_parameter', operationId: 'getConfig', missing: ['configId'] })
    expect(onRequest).not.toHaveBeenCalled()
    server.events.removeAllListeners()
  })

  it('lists every missing parameter at once', async () => {
    const client = createClient({ baseURL: BASE })
    // @ts-expect-error both are required
    const error = (await client.getEventById({}).catch((e: unknown) => e)) as EpilotInputError
    expect(error.missing).toEqual(['configId', 'eventId'])
  })

  it('rejects a missing required body', async () => {
    const client = createClient({ baseURL: BASE })
    // @ts-expect-error the body is required
    const error = await client.createConfig(null).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'missing_body', operationId: 'createConfig' })
  })
})
