/**
 * The 2.x surface of the root object (`epilot`, `createSDK`, `createEpilotSdk`): API handles, settings that reach every
 * client of an SDK object, help and openapi, large responses, and the environment variables.
 */
import axios from 'axios'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { applyRetryInterceptor, authorize, createEpilotSdk, createSDK, EpilotApiError, help, openapi } from '../../src'
import { readEnv } from '../../src/core/env'
import { getClient, webhooks, help as webhooksHelp, openapi as webhooksOpenapi } from '../../src/webhooks'

const BASE = 'http://sdk.test.local'
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  server.resetHandlers()
  vi.unstubAllEnvs()
})
afterAll(() => server.close())

const noWait = { sleep: async (): Promise<void> => undefined, random: () => 0 }

/** Records the headers of every getConfigs request and answers []. */
function recordHeaders(base = BASE): Headers[] {
  const seen: Headers[] = []
  server.use(
    http.get(`${base}/v1/webhooks/configs`, ({ request }) => {
      seen.push(request.headers)
      return HttpResponse.json([])
    }),
  )
  return seen
}

describe('API handles', () => {
  it('forward operations to one shared client; getClient() is that client, createClient() a new one with the same settings', async () => {
    const seen = recordHeaders()
    const sdk = createEpilotSdk({ baseURL: BASE })
    sdk.authorize('t1')
    const shared = sdk.webhooks.getClient()
    expect(sdk.webhooks.getClient()).toBe(shared)
    const fresh = sdk.webhooks.createClient()
    expect(fresh).not.toBe(shared)
    await sdk.webhooks.getConfigs()
    await fresh.getConfigs()
    expect(seen.map((h) => h.get('authorization'))).toEqual(['Bearer t1', 'Bearer t1'])
    expect(sdk.webhooks.defaults.baseURL).toBe(BASE)
  })

  it('authorize() from the root takes a client or a handle and returns what it was given', async () => {
    const seen = recordHeaders()
    const sdk = createEpilotSdk({ baseURL: BASE })
    const fresh = sdk.webhooks.createClient()
    expect(authorize(fresh, 'fresh-token')).toBe(fresh)
    await fresh.getConfigs()
    expect(authorize(sdk.webhooks, 'handle-token')).toBe(sdk.webhooks)
    await sdk.webhooks.getConfigs()
    expect(seen.map((h) => h.get('authorization'))).toEqual(['Bearer fresh-token', 'Bearer handle-token'])
    expect(() => authorize(axios.create(), 't')).toThrow(TypeError)
  })

  it('the tree-shaken `webhooks` handle forwards to getClient()', async () => {
    const seen = recordHeaders()
    expect(webhooks.getClient()).toBe(getClient())
    const previous = getClient().defaults.baseURL
    getClient().defaults.baseURL = BASE
    try {
      authorize(webhooks, 'shared')
      await webhooks.getConfigs()
      expect(seen[0]?.get('authorization')).toBe('Bearer shared')
    } finally {
      getClient().defaults.baseURL = previous
      authorize(webhooks, () => undefined)
    }
  })
})

describe('settings of an SDK object', () => {
  it('headers() reach clients created before and after; a client default and a request header win', async () => {
    const seen = recordHeaders()
    const sdk = createEpilotSdk({ baseURL: BASE })
    const before = sdk.webhooks.getClient()
    sdk.headers({ 'x-epilot-org-id': 'org-1', 'x-epilot-user-id': 'user-1' })
    const after = sdk.webhooks.createClient()
    await before.getConfigs()
    await after.getConfigs()
    after.defaults.headers.common['x-epilot-org-id'] = 'client-default'
    await after.getConfigs(null, null, { headers: { 'x-epilot-user-id': 'per-request' } })
    expect(seen.map((h) => [h.get('x-epilot-org-id'), h.get('x-epilot-user-id')])).toEqual([
      ['org-1', 'user-1'],
      ['org-1', 'user-1'],
      ['client-default', 'per-request'],
    ])
  })

  it('interceptors.request/response reach every client, request ones last-registered first, as axios runs them', async () => {
    const seen = recordHeaders()
    const sdk = createEpilotSdk({ baseURL: BASE })
    const client = sdk.webhooks.getClient()
    const order: string[] = []
    sdk.interceptors.request((config) => {
      order.push('first')
      config.headers['x-correlation-id'] = 'trace-1'
      return config
    })
    sdk.interceptors.request(async (config) => {
      order.push('second')
      return config
    })
    const statuses: number[] = []
    sdk.interceptors.response((response) => {
      statuses.push(response.status)
      return response
    })
    await client.getConfigs()
    expect(order).toEqual(['second', 'first'])
    expect(seen[0]?.get('x-correlation-id')).toBe('trace-1')
    expect(statuses).toEqual([200])
  })

  it('a response interceptor sees failures as EpilotApiError after the retries', async () => {
    server.use(http.get(`${BASE}/v1/webhooks/configs/:id`, () => HttpResponse.json({ message: 'nope' }, { status: 404 })))
    const sdk = createEpilotSdk({ baseURL: BASE })
    const failures: unknown[] = []
    sdk.interceptors.response(
      (r) => r,
      (error) => {
        failures.push(error)
        throw error
      },
    )
    await expect(sdk.webhooks.getConfig({ configId: 'x' })).rejects.toBeInstanceOf(EpilotApiError)
    expect((failures[0] as EpilotApiError).status).toBe(404)
  })

  it('retry() changes the retries of clients already created; maxRetries 0 switches them off', async () => {
    let calls = 0
    server.use(
      http.get(`${BASE}/v1/webhooks/configs`, () => {
        calls++
        return HttpResponse.json({ message: 'slow down' }, { status: 429 })
      }),
    )
    const sdk = createEpilotSdk({ baseURL: BASE, ...noWait })
    const client = sdk.webhooks.getClient()
    sdk.retry({ maxRetries: 3, defaultDelayMs: 1 })
    await expect(client.getConfigs()).rejects.toMatchObject({ status: 429, attempts: 4 })
    expect(calls).toBe(4)
    sdk.retry({ maxRetries: 0 })
    calls = 0
    await expect(client.getConfigs()).rejects.toMatchObject({ status: 429, attempts: 1 })
    expect(calls).toBe(1)
  })

  it('applyRetryInterceptor sets the retries of a tree-shaken client, and refuses other axios instances', async () => {
    let calls = 0
    server.use(
      http.get(`${BASE}/v1/webhooks/configs`, () => {
        calls++
        return HttpResponse.json({}, { status: 503 })
      }),
    )
    const { createClient } = await import('../../src/webhooks')
    const client = createClient({ baseURL: BASE, ...noWait })
    applyRetryInterceptor({ client, config: { maxRetries: 1, defaultDelayMs: 1 } })
    await expect(client.getConfigs()).rejects.toMatchObject({ attempts: 2 })
    expect(calls).toBe(2)
    expect(() => applyRetryInterceptor({ client: axios.create(), config: {} })).toThrow(TypeError)
  })
})

describe('retries by method', () => {
  function answering(method: 'get' | 'post', path: string, reply: () => Response): () => number {
    let calls = 0
    server.use(
      http[method](`${BASE}${path}`, () => {
        calls++
        return reply()
      }),
    )
    return () => calls
  }
  const config = { name: 'n', eventName: 'e', url: 'https://example.com', httpMethod: 'POST' as const }

  it('retries 429 on a POST (nothing was done), honouring Retry-After', async () => {
    const waits: number[] = []
    let n = 0
    const calls = answering('post', '/v1/webhooks/configs', () =>
      ++n < 3 ? HttpResponse.json({}, { status: 429, headers: { 'retry-after': '2' } }) : HttpResponse.json({ ...config, id: 'c1' }, { status: 201 }),
    )
    const client = createEpilotSdk({ baseURL: BASE, random: () => 0, sleep: async (ms) => void waits.push(ms) }).webhooks
    const { data } = await client.createConfig(null, config)
    expect(data.id).toBe('c1')
    expect(calls()).toBe(3)
    expect(waits).toEqual([2000, 2000])
  })

  it('does not retry 5xx or network errors on a POST, retries them on a GET', async () => {
    const post = answering('post', '/v1/webhooks/configs', () => HttpResponse.json({}, { status: 503 }))
    const sdk = createEpilotSdk({ baseURL: BASE, ...noWait })
    await expect(sdk.webhooks.createConfig(null, config)).rejects.toMatchObject({ status: 503, attempts: 1 })
    expect(post()).toBe(1)
    const trigger = answering('post', '/v1/webhooks/configs/c1/trigger', () => HttpResponse.error())
    await expect(sdk.webhooks.triggerWebhook({ configId: 'c1' }, { metadata: { organization_id: 'o' } })).rejects.toMatchObject({ code: 'network_error', attempts: 1 })
    expect(trigger()).toBe(1)
    let n = 0
    const get = answering('get', '/v1/webhooks/configs', () => (++n === 1 ? HttpResponse.error() : HttpResponse.json([])))
    await sdk.webhooks.getConfigs()
    expect(get()).toBe(2)
  })
})

describe('large responses', () => {
  it('asks for them, and follows a $payload_ref without sending the token there', async () => {
    const seen: Array<[string | null, string | null]> = []
    server.use(
      http.get(`${BASE}/v1/webhooks/configs`, ({ request }) => {
        seen.push([request.headers.get('accept'), request.headers.get('authorization')])
        return HttpResponse.json({ $payload_ref: 'http://bucket.test.local/big.json?sig=1' }, { headers: { 'content-type': 'application/large-response.vnd+json' } })
      }),
      http.get('http://bucket.test.local/big.json', ({ request }) => {
        seen.push([null, request.headers.get('authorization')])
        return HttpResponse.json([{ name: 'from-bucket', eventName: 'e' }])
      }),
    )
    const sdk = createEpilotSdk({ baseURL: BASE })
    sdk.authorize('secret')
    const { data } = await sdk.webhooks.getConfigs()
    expect(data).toEqual([{ name: 'from-bucket', eventName: 'e' }])
    expect(seen).toEqual([
      ['application/large-response.vnd+json', 'Bearer secret'],
      [null, null],
    ])
  })

  it('largeResponse({ enabled: false }) sends the plain Accept and leaves answers alone', async () => {
    const seen = recordHeaders()
    const sdk = createEpilotSdk({ baseURL: BASE })
    sdk.largeResponse({ enabled: false })
    await sdk.webhooks.getConfigs()
    expect(seen[0]?.get('accept')).not.toContain('large-response')
  })
})

describe('help and openapi', () => {
  it('openapi() loads the full document: from the root, the handle and the webhooks entry', async () => {
    const doc = await openapi('webhooks')
    expect(doc.info.title).toBe('Webhooks')
    expect(Object.keys(doc.paths)).toContain('/v1/webhooks/configs/{configId}/trigger')
    expect(JSON.stringify(doc)).toContain('WebhookConditionGroup')
    await expect(createSDK().webhooks.openapi()).resolves.toBe(doc)
    await expect(webhooksOpenapi()).resolves.toBe(doc)
    await expect(openapi('entity')).rejects.toThrow('Unknown API "entity". Available: webhooks')
  })

  it('the document is importable as @epilot/sdk/webhooks/openapi.json, the path 2.x exports it under', async () => {
    const root = resolve(__dirname, '../..')
    const require = createRequire(join(root, 'package.json'))
    expect(require.resolve('@epilot/sdk/webhooks/openapi.json')).toBe(join(root, 'openapi.json'))
    expect(require('@epilot/sdk/webhooks/openapi.json')).toEqual(await openapi('webhooks'))
  })

  it('help() describes the SDK, and help("webhooks") every operation with its parameters', async () => {
    expect(await help()).toContain("epilot.help('webhooks')")
    const text = await help('webhooks')
    for (const operationId of ['getPublicKey', 'createConfig', 'triggerWebhook', 'getWebhookEventsV2', 'testOAuth']) expect(text).toContain(`### \`${operationId}\``)
    expect(text).toContain('`POST /v1/webhooks/configs/{configId}/trigger`')
    expect(text).toContain('| `sync` | query | no |')
    expect(text).toContain('### `getWehookEvents` (deprecated)')
    expect(await webhooksHelp()).toBe(text)
    expect(await createSDK().webhooks.help()).toBe(text)
  })
})

describe('environment', () => {
  it('EPILOT_API_URL and EPILOT_TOKEN point the default-style object at a server, below authorize()', async () => {
    const base = 'http://env.test.local'
    const seen = recordHeaders(base)
    vi.stubEnv('EPILOT_API_URL', base)
    vi.stubEnv('EPILOT_TOKEN', 'env-token')
    const sdk = createSDK()
    await sdk.webhooks.getConfigs()
    sdk.authorize('explicit')
    await sdk.webhooks.getConfigs()
    expect(seen.map((h) => h.get('authorization'))).toEqual(['Bearer env-token', 'Bearer explicit'])
  })

  it('the token variable is read per request; createEpilotSdk(options) ignores both variables', async () => {
    const seen = recordHeaders()
    vi.stubEnv('EPILOT_API_URL', 'http://elsewhere.test.local')
    vi.stubEnv('EPILOT_TOKEN', 'env-token')
    const sdk = createEpilotSdk({ baseURL: BASE })
    await sdk.webhooks.getConfigs()
    expect(seen[0]?.get('authorization')).toBeNull()
    const fromEnv = createSDK()
    fromEnv.webhooks.getClient().defaults.baseURL = BASE
    vi.stubEnv('EPILOT_TOKEN', 'rotated')
    await fromEnv.webhooks.getConfigs()
    expect(seen[1]?.get('authorization')).toBe('Bearer rotated')
  })

  it('an EPILOT_API_URL that is not an http(s) URL is refused by name, without echoing its value', () => {
    vi.stubEnv('EPILOT_API_URL', 'ftp://user:hunter2@host')
    const sdk = createSDK()
    expect(() => sdk.webhooks.getClient()).toThrow(/^EPILOT_API_URL is set but is not an http\(s\) URL/)
    expect(() => sdk.webhooks.getClient()).not.toThrow(/hunter2/)
  })

  it('reads nothing, and throws nothing, where process does not exist', () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'process')
    let value: string | undefined = 'unset'
    try {
      Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true })
      value = readEnv('EPILOT_TOKEN')
    } finally {
      if (saved) Object.defineProperty(globalThis, 'process', saved)
    }
    expect(value).toBeUndefined()
  })
})
