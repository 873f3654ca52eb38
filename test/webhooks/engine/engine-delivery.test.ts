import { createHmac, verify } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type EngineOptions } from '../../../src/webhooks/engine'
import type { WebhookEngine } from '../../../src/webhooks/engine/api'
import { QueueFullError } from '../../../src/webhooks/engine/errors'
import { createMemoryStore } from '../../../src/webhooks/engine/store/memory'
import { ok, startReceiver, type Handler, type Receiver } from './helpers/receiver'

const metadata = { organization_id: 'org-1' }
const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()?.()
})

async function setup(handler: Handler = ok, options: EngineOptions = {}): Promise<{ receiver: Receiver; engine: WebhookEngine }> {
  const receiver = await startReceiver(handler)
  // Configs without a retryPolicy: these tests follow the engine's own backoff within the async deadline.
  const engine = createEngine({ sleep: async () => {}, defaultRetryPolicy: null, ...options })
  cleanup.push(() => receiver.close(), () => engine.close())
  return { receiver, engine }
}

async function config(engine: WebhookEngine, receiver: Receiver, extra: Record<string, unknown> = {}): Promise<string> {
  const { id } = await engine.createConfig({ name: 'n', eventName: 'product_updated', url: `${receiver.url}/hook`, httpMethod: 'POST', ...extra })
  return id ?? ''
}

const status = (code: number, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(code, headers)
  res.end(JSON.stringify({ code }))
}

/** A fake clock: sleeping advances it instead of waiting. */
function fakeClock(start = Date.parse('2025-01-01T00:00:00Z')) {
  let t = start
  const sleeps: number[] = []
  return { now: () => t, sleep: async (ms: number) => void (sleeps.push(ms), (t += ms)), sleeps }
}

describe('signing', () => {
  it('signs v1a with the engine key over id.timestamp.body, with webhook-id = event id', async () => {
    const { receiver, engine } = await setup()
    await config(engine, receiver)
    const { deliveries } = await engine.emit('product_updated', { entity: { _id: 'p1' } }, metadata)
    await engine.idle()
    const req = receiver.requests[0]
    const id = String(req?.headers['webhook-id'])
    const ts = String(req?.headers['webhook-timestamp'])
    expect(id).toBe(deliveries[0]?.eventId)
    // v1a first; the config's generated signingSecret adds a v1 entry beside it.
    const entries = String(req?.headers['webhook-signature']).split(' ')
    expect(entries.map((e) => e.split(',')[0])).toEqual(['v1a', 'v1'])
    const sig = entries[0]?.replace(/^v1a,/, '') ?? ''
    const { public_key, algorithm, issuer } = engine.getPublicKey('org-1')
    expect({ algorithm, issuer }).toEqual({ algorithm: 'ed25519', issuer: 'epilot' })
    expect(public_key).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    expect(verify(null, Buffer.from(`${id}.${ts}.${req?.body}`), public_key, Buffer.from(sig, 'base64'))).toBe(true)
  })

  it('adds a v1 HMAC entry when the config has a signingSecret', async () => {
    const { receiver, engine } = await setup()
    const key = Buffer.from('0123456789abcdef0123456789abcdef')
    await config(engine, receiver, { signingSecret: `whsec_${key.toString('base64')}` })
    await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    const req = receiver.requests[0]
    const content = `${req?.headers['webhook-id']}.${req?.headers['webhook-timestamp']}.${req?.body}`
    const expected = createHmac('sha256', key).update(content).digest('base64')
    expect(String(req?.headers['webhook-signature']).split(' ')).toContain(`v1,${expected}`)
  })

  it('uses the signing key from options', async () => {
    const seed = Buffer.alloc(32, 7).toString('base64')
    const a = createEngine({ signingKey: `whsk_${seed}` })
    const b = createEngine({ signingKey: `whsk_${seed}` })
    expect(a.getPublicKey('o').public_key).toBe(b.getPublicKey('o').public_key)
    await Promise.all([a.close(), b.close()])
  })
})

describe('outgoing auth', () => {
  it('sends an API key header, reading the value from an env var when flagged', async () => {
    const { receiver, engine } = await setup(ok, { env: { HOOK_KEY: 'k-123' } })
    await config(engine, receiver, { auth: { authType: 'API_KEY', apiKeyConfig: { keyName: 'x-api-key', keyValue: 'HOOK_KEY', keyValueIsEnvVar: true } } })
    await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(receiver.requests[0]?.headers['x-api-key']).toBe('k-123')
  })

  it('sends basic auth, and no authorization header for NONE', async () => {
    const { receiver, engine } = await setup()
    await config(engine, receiver, { auth: { authType: 'BASIC', basicAuthConfig: { username: 'alice', password: 'pw' } } })
    await config(engine, receiver, { auth: { authType: 'NONE' } })
    await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    const auths = receiver.requests.map((r) => r.headers.authorization)
    expect(auths).toContain(`Basic ${Buffer.from('alice:pw').toString('base64')}`)
    expect(auths).toContain(undefined)
  })

  it('fails without a request when an env var secret is not set', async () => {
    const { receiver, engine } = await setup(ok, { env: {} })
    const id = await config(engine, receiver, { auth: { authType: 'BASIC', basicAuthConfig: { username: 'a', password: 'MISSING', passwordIsEnvVar: true } } })
    const { deliveries } = await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(receiver.requests).toHaveLength(0)
    const event = await engine.getEvent(id, deliveries[0]?.eventId ?? '')
    expect(event).toMatchObject({ status: 'failed', http_response: { code: 'secret_missing' } })
  })

  describe('OAuth client credentials', () => {
    function oauthReceiver(opts: { rejectFirstToken?: boolean } = {}) {
      let issued = 0
      const handler: Handler = (req, res) => {
        if (req.path.startsWith('/token')) {
          issued++
          res.writeHead(200, { 'content-type': 'application/json' })
          res.end(JSON.stringify({ access_token: `tok-${issued}`, expires_in: 3600, token_type: 'Bearer' }))
          return
        }
        if (opts.rejectFirstToken && req.headers.authorization === 'Bearer tok-1') return status(401)(req, res, 0)
        if (!String(req.headers.authorization).startsWith('Bearer tok-')) return status(403)(req, res, 0)
        ok(req, res, 0)
      }
      return handler
    }
    const oauth = (url: string, httpMethod = 'POST') => ({
      authType: 'OAUTH_CLIENT_CREDENTIALS',
      oauthConfig: {
        clientId: 'cid',
        clientSecret: 'csecret',
        endpoint: `${url}/token`,
        httpMethod,
        customParameterList: [
          { type: 'body', key: 'audience', value: 'api://crm' },
          { type: 'query', key: 'tenant', value: 't1' },
          { type: 'header', key: 'x-extra', value: 'yes' },
        ],
      },
    })

    it('requests a token once with client credentials and custom parameters, and reuses it', async () => {
      const { receiver, engine } = await setup(oauthReceiver())
      await config(engine, receiver, { auth: oauth(receiver.url) })
      await engine.emit('product_updated', { entity: {} }, metadata)
      await engine.idle()
      await engine.emit('product_updated', { entity: {} }, metadata)
      await engine.idle()
      const tokenRequests = receiver.requests.filter((r) => r.path.startsWith('/token'))
      const hooks = receiver.requests.filter((r) => r.path === '/hook')
      expect(tokenRequests).toHaveLength(1)
      expect(hooks.map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1'])
      const t = tokenRequests[0]
      expect(t?.method).toBe('POST')
      expect(t?.path).toBe('/token?tenant=t1')
      expect(t?.headers['x-extra']).toBe('yes')
      expect(t?.headers['content-type']).toBe('application/x-www-form-urlencoded')
      expect(Object.fromEntries(new URLSearchParams(t?.body))).toEqual({
        grant_type: 'client_credentials',
        client_id: 'cid',
        client_secret: 'csecret',
        audience: 'api://crm',
      })
    })

    it('puts the credentials in the query for a GET token endpoint', async () => {
      const { receiver, engine } = await setup(oauthReceiver())
      await config(engine, receiver, { auth: oauth(receiver.url, 'GET') })
      await engine.emit('product_updated', { entity: {} }, metadata)
      await engine.idle()
      const t = receiver.requests.find((r) => r.path.startsWith('/token'))
      const query = Object.fromEntries(new URL(t?.path ?? '', 'http://x').searchParams)
      expect(t?.method).toBe('GET')
      expect(query).toMatchObject({ grant_type: 'client_credentials', client_id: 'cid', client_secret: 'csecret', tenant: 't1', audience: 'api://crm' })
    })

    it('fetches a new token once on a 401 and retries the delivery with it', async () => {
      const { receiver, engine } = await setup(oauthReceiver({ rejectFirstToken: true }))
      const id = await config(engine, receiver, { auth: oauth(receiver.url) })
      const { deliveries } = await engine.emit('product_updated', { entity: {} }, metadata)
      await engine.idle()
      expect(receiver.requests.map((r) => `${r.path.split('?')[0]} ${r.headers.authorization ?? ''}`)).toEqual([
        '/token ',
        '/hook Bearer tok-1',
        '/token ',
        '/hook Bearer tok-2',
      ])
      expect(await engine.getEvent(id, deliveries[0]?.eventId ?? '')).toMatchObject({ status: 'succeeded', attempts: 1 })
    })

    it('refreshes a token shortly before it expires (oauth.skewMs, default 30 s), not after', async () => {
      const clock = fakeClock()
      const { receiver, engine } = await setup(oauthReceiver(), { now: clock.now, sleep: clock.sleep })
      await config(engine, receiver, { auth: oauth(receiver.url) })
      const deliverOnce = async (): Promise<void> => {
        await engine.emit('product_updated', { entity: {} }, metadata)
        await engine.idle()
      }
      await deliverOnce()
      await clock.sleep(3600_000 - 31_000) // 31 s before expires_in runs out: still the cached token
      await deliverOnce()
      await clock.sleep(2_000) // 29 s before: inside the skew, so a new one
      await deliverOnce()
      expect(receiver.requests.filter((r) => r.path === '/hook').map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2'])
    })

    it('fetches a new token when the cached one expires', async () => {
      const clock = fakeClock()
      const { receiver, engine } = await setup(oauthReceiver(), { now: clock.now, sleep: clock.sleep })
      await config(engine, receiver, { auth: oauth(receiver.url) })
      await engine.emit('product_updated', { entity: {} }, metadata)
      await engine.idle()
      await clock.sleep(3600_000)
      await engine.emit('product_updated', { entity: {} }, metadata)
      await engine.idle()
      expect(receiver.requests.filter((r) => r.path === '/hook').map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2'])
    })
  })
})

describe('receiver faults', () => {
  it('retries 500s and fails after the last attempt (async)', async () => {
    const { receiver, engine } = await setup(status(500), { asyncMaxAttempts: 4 })
    const id = await config(engine, receiver)
    const { deliveries } = await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(receiver.requests).toHaveLength(4)
    expect(await engine.getEvent(id, deliveries[0]?.eventId ?? '')).toMatchObject({
      status: 'failed',
      attempts: 4,
      http_response: { status_code: 500, message: 'Internal Server Error', body: { code: 500 } },
    })
  })

  it('keeps the same webhook-id on every retry', async () => {
    const { receiver, engine } = await setup((req, res, n) => (n < 3 ? status(503)(req, res, n) : ok(req, res, n)))
    await config(engine, receiver)
    await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size).toBe(1)
    expect(receiver.requests).toHaveLength(3)
  })

  it('honours Retry-After on a 429 and then succeeds', async () => {
    const clock = fakeClock()
    const { receiver, engine } = await setup((req, res, n) => (n === 1 ? status(429, { 'retry-after': '7' })(req, res, n) : ok(req, res, n)), clock)
    const id = await config(engine, receiver)
    const { deliveries } = await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(7000)
    expect(await engine.getEvent(id, deliveries[0]?.eventId ?? '')).toMatchObject({ status: 'succeeded', attempts: 2 })
  })

  it('waits the jittered exponential backoff between async attempts', async () => {
    const clock = fakeClock()
    const { receiver, engine } = await setup((req, res, n) => (n <= 3 ? status(503)(req, res, n) : ok(req, res, n)), { ...clock, random: () => 0 })
    await config(engine, receiver)
    await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    // base 1000 ms doubling, jittered to between half and all of it (random 0: the half).
    expect(clock.sleeps).toEqual([500, 1000, 2000])
    expect(receiver.requests).toHaveLength(4)
  })

  it('keeps at most maxLoggedBodyChars of a response body in the log, marked as truncated', async () => {
    const long = (_req: unknown, res: import('node:http').ServerResponse): void => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end('x'.repeat(5000))
    }
    const { receiver, engine } = await setup(long as Handler)
    const id = await config(engine, receiver)
    const { deliveries } = await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect((await engine.getEvent(id, deliveries[0]?.eventId ?? '')).http_response?.body).toBe(`${'x'.repeat(4096)}…[truncated]`)

    const small = await setup(long as Handler, { maxLoggedBodyChars: 10 })
    const smallId = await config(small.engine, small.receiver)
    const emitted = await small.engine.emit('product_updated', { entity: {} }, metadata)
    await small.engine.idle()
    expect((await small.engine.getEvent(smallId, emitted.deliveries[0]?.eventId ?? '')).http_response?.body).toBe('xxxxxxxxxx…[truncated]')
  })

  it('fails at once on a 4xx other than 408 and 429', async () => {
    const { receiver, engine } = await setup(status(404))
    const id = await config(engine, receiver)
    const { deliveries } = await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(receiver.requests).toHaveLength(1)
    expect(await engine.getEvent(id, deliveries[0]?.eventId ?? '')).toMatchObject({ status: 'failed', attempts: 1, http_response: { status_code: 404 } })
  })

  it('retries a reset connection and then succeeds', async () => {
    const { receiver, engine } = await setup((req, res, n) => (n === 1 ? res.socket?.destroy() : ok(req, res, n)))
    const id = await config(engine, receiver)
    const { deliveries } = await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(await engine.getEvent(id, deliveries[0]?.eventId ?? '')).toMatchObject({ status: 'succeeded', attempts: 2 })
  })

  it('records ECONNRESET when every attempt is reset', async () => {
    const { receiver, engine } = await setup((_req, res) => res.socket?.destroy(), { asyncMaxAttempts: 3 })
    const id = await config(engine, receiver)
    const { deliveries } = await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(receiver.requests).toHaveLength(3)
    expect(await engine.getEvent(id, deliveries[0]?.eventId ?? '')).toMatchObject({ status: 'failed', attempts: 3, http_response: { code: 'ECONNRESET' } })
  })

  it('records ECONNREFUSED for a closed port', async () => {
    const { receiver, engine } = await setup(ok, { asyncMaxAttempts: 3 })
    const id = await config(engine, receiver)
    await receiver.close()
    const { deliveries } = await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(await engine.getEvent(id, deliveries[0]?.eventId ?? '')).toMatchObject({ status: 'failed', attempts: 3, http_response: { code: 'ECONNREFUSED' } })
  })

  it('aborts a slow attempt at the timeout and records code timeout', async () => {
    const { receiver, engine } = await setup(() => {}, { asyncMaxAttempts: 2, asyncAttemptTimeoutMs: 50 })
    const id = await config(engine, receiver)
    const { deliveries } = await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(receiver.requests).toHaveLength(2)
    expect(await engine.getEvent(id, deliveries[0]?.eventId ?? '')).toMatchObject({ status: 'failed', attempts: 2, http_response: { code: 'timeout' } })
  })

  it('marks an async delivery failed when the 2-minute deadline passes', async () => {
    const clock = fakeClock()
    // Every answer fails: the endpoint's circuit would open after 10 attempts and wait 30 s of real time for its
    // probe (the dispatcher's wake-up runs on real timers) while this test's clock is fake.
    const { receiver, engine } = await setup(status(502), { ...clock, asyncMaxAttempts: 1000, circuitBreaker: { minAttempts: 1_000_000 } })
    const id = await config(engine, receiver)
    const { deliveries } = await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    const event = await engine.getEvent(id, deliveries[0]?.eventId ?? '')
    expect(event).toMatchObject({ status: 'failed', http_response: { status_code: 502 } })
    expect(receiver.requests.length).toBe(event.attempts)
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThan(120_000)
    expect(receiver.requests.length).toBeGreaterThan(3)
  })

  it('ends every emitted event in exactly one terminal status under mixed faults', async () => {
    const faults: Handler[] = [ok, status(500), status(404), status(429), (_q, res) => res.socket?.destroy(), status(408)]
    const { receiver, engine } = await setup((req, res, n) => (faults[n % faults.length] as Handler)(req, res, n), {
      asyncMaxAttempts: 3,
      concurrency: 4,
      perConfigConcurrency: 2,
      // 4 of 6 answers fail: the endpoint's circuit would open and hold deliveries for its 30 s probe interval.
      circuitBreaker: { minAttempts: 1_000_000 },
    })
    const ids = [await config(engine, receiver), await config(engine, receiver)]
    const emitted: Array<{ configId: string; eventId: string }> = []
    for (let i = 0; i < 60; i++) emitted.push(...(await engine.emit('product_updated', { entity: { i } }, metadata)).deliveries)
    await engine.idle()
    expect(emitted).toHaveLength(120)
    const counts: Record<string, number> = {}
    for (const configId of ids) {
      let cursor
      do {
        const page = await engine.searchEvents(configId, { limit: 25, ...(cursor ? { cursor } : {}) })
        for (const e of page.data) counts[e.status] = (counts[e.status] ?? 0) + 1
        cursor = page.next_cursor
      } while (cursor)
    }
    expect((counts.succeeded ?? 0) + (counts.failed ?? 0)).toBe(120)
    expect(counts.in_progress).toBeUndefined()
    const attempts = (await Promise.all(emitted.map((d) => engine.getEvent(d.configId, d.eventId)))).reduce((a, e) => a + (e.attempts ?? 0), 0)
    expect(attempts).toBe(receiver.requests.length)
  })
})

describe('sync trigger', () => {
  it('waits for the receiver and returns its response', async () => {
    const { receiver, engine } = await setup()
    const id = await config(engine, receiver)
    const result = await engine.trigger(id, { metadata, entity: { _id: 'x' } }, { sync: true })
    expect(result).toMatchObject({ status: 'succeeded', status_code: '200', body: { ok: true }, event_id: expect.any(String) })
    expect(receiver.requests).toHaveLength(1)
    expect((await engine.getEvent(id, result.event_id)).status).toBe('succeeded')
  })

  it('retries twice (3 attempts) and reports failure', async () => {
    const { receiver, engine } = await setup(status(500))
    const id = await config(engine, receiver)
    const result = await engine.trigger(id, { metadata }, { sync: true })
    expect(result).toMatchObject({ status: 'failed', status_code: '500' })
    expect(receiver.requests).toHaveLength(3)
  })

  it('aborts each attempt after the sync timeout', async () => {
    const { receiver, engine } = await setup(() => {}, { syncTimeoutMs: 50 })
    const id = await config(engine, receiver)
    const result = await engine.trigger(id, { metadata }, { sync: true })
    expect(result).toMatchObject({ status: 'failed', code: 'timeout' })
    expect(receiver.requests).toHaveLength(3)
    expect((await engine.getEvent(id, result.event_id)).attempts).toBe(3)
  })

  it('records a filtered-out trigger as skipped without a request', async () => {
    const { receiver, engine } = await setup()
    const id = await config(engine, receiver, { filter: { keyToFilter: 'kind', supportedValues: ['a'] } })
    const result = await engine.trigger(id, { metadata, entity: { kind: 'b' } }, { sync: true })
    expect(result).toMatchObject({ code: 'skipped' })
    expect(receiver.requests).toHaveLength(0)
    expect((await engine.getEvent(id, result.event_id)).status).toBe('skipped')
  })

  it('refuses to trigger a disabled config', async () => {
    const { receiver, engine } = await setup()
    const id = await config(engine, receiver, { enabled: false })
    await expect(engine.trigger(id, { metadata }, { sync: true })).rejects.toMatchObject({ code: 'bad_request' })
  })

  it('returns at once without sync and delivers in the background', async () => {
    const { receiver, engine } = await setup()
    const id = await config(engine, receiver)
    const result = await engine.trigger(id, { metadata })
    expect(result.status).toBeUndefined()
    await engine.idle()
    expect((await engine.getEvent(id, result.event_id)).status).toBe('succeeded')
  })
})

/** Holds every request the receiver gets until released; `arrived(n)` resolves once n requests are being held or were answered. */
function holdingReceiver() {
  const held: Array<() => void> = []
  let seen = 0
  let inFlight = 0
  let peak = 0
  let holding = true
  const waiters: Array<{ n: number; resolve: () => void }> = []
  const handler: Handler = (req, res, n) => {
    seen++
    inFlight++
    peak = Math.max(peak, inFlight)
    const answer = (): void => {
      inFlight--
      ok(req, res, n)
    }
    if (holding) held.push(answer)
    else setImmediate(answer)
    for (const w of waiters.filter((w) => seen >= w.n)) {
      waiters.splice(waiters.indexOf(w), 1)
      w.resolve()
    }
  }
  return {
    handler,
    held,
    get peak() {
      return peak
    },
    /** Resolves when the receiver has seen `n` requests in all. */
    arrived: (n: number) => (seen >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }))),
    releaseAll() {
      holding = false
      held.splice(0).forEach((answer) => answer())
    },
  }
}

/** The memory store, counting the jobs the dispatcher claims. */
function countingStore() {
  const store = createMemoryStore()
  const counter = { claimed: 0 }
  const claim = store.claim.bind(store)
  store.claim = async (request) => {
    const jobs = await claim(request)
    counter.claimed += jobs.length
    return jobs
  }
  return { store, counter }
}

describe('concurrency limits', () => {
  async function peakConcurrency(options: EngineOptions, configs: number, events: number, limit: number): Promise<number> {
    const hold = holdingReceiver()
    const { store, counter } = countingStore()
    const { receiver, engine } = await setup(hold.handler, { ...options, store })
    for (let i = 0; i < configs; i++) await config(engine, receiver)
    for (let i = 0; i < events; i++) await engine.emit('product_updated', { entity: {} }, metadata)
    // Wait until the engine has filled its limit with held requests: by then it has claimed every job it may run
    // (claims happen before the requests go out), and it must not have claimed more.
    await hold.arrived(limit)
    expect(counter.claimed).toBe(limit)
    hold.releaseAll()
    await engine.idle()
    expect(receiver.requests).toHaveLength(configs * events)
    return hold.peak
  }

  it('never runs more deliveries of one config at once than perConfigConcurrency', async () => {
    expect(await peakConcurrency({ perConfigConcurrency: 2, concurrency: 10 }, 1, 8, 2)).toBe(2)
  })

  it('never runs more deliveries at once than the global concurrency', async () => {
    expect(await peakConcurrency({ perConfigConcurrency: 10, concurrency: 3 }, 3, 4, 3)).toBe(3)
  })
})

describe('queue limits', () => {
  it('throws QueueFullError and records nothing when the fan-out does not fit', async () => {
    const { receiver, engine } = await setup(ok, { maxQueueSize: 2 })
    const ids = [await config(engine, receiver), await config(engine, receiver), await config(engine, receiver)]
    await expect(engine.emit('product_updated', { entity: {} }, metadata)).rejects.toBeInstanceOf(QueueFullError)
    for (const id of ids) expect((await engine.searchEvents(id)).data).toEqual([])
  })

  it('refuses new events while the queue is full and delivers every accepted one', async () => {
    const hold = holdingReceiver()
    const { receiver, engine } = await setup(hold.handler, { maxQueueSize: 2, concurrency: 1 })
    const id = await config(engine, receiver)
    const accepted: string[] = []
    accepted.push(...(await engine.emit('product_updated', { entity: {} }, metadata)).deliveries.map((d) => d.eventId))
    await hold.arrived(1) // the first delivery is running (held), so the queue is empty again
    let refused = 0
    for (let i = 0; i < 5; i++) {
      try {
        accepted.push(...(await engine.emit('product_updated', { entity: {} }, metadata)).deliveries.map((d) => d.eventId))
      } catch (error) {
        expect(error).toMatchObject({ code: 'queue_full', status: 429 })
        refused++
      }
    }
    expect({ accepted: accepted.length, refused }).toEqual({ accepted: 3, refused: 3 })
    hold.releaseAll()
    await engine.idle()
    const page = await engine.searchEvents(id)
    expect(page.data.map((e) => e.event_id).sort()).toEqual([...accepted].sort())
    expect(page.data.every((e) => e.status === 'succeeded')).toBe(true)
  })
})

describe('URL policy', () => {
  it('delivers to loopback when blockPrivateNetworks is off (default)', async () => {
    const { receiver, engine } = await setup()
    await config(engine, receiver)
    await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(receiver.requests).toHaveLength(1)
  })

  it('refuses loopback IPs and names resolving to private addresses when on', async () => {
    const lookups: string[] = []
    const { receiver, engine } = await setup(ok, {
      blockPrivateNetworks: true,
      lookup: ((hostname: string, _opts: unknown, cb: (e: null, a: Array<{ address: string; family: number }>) => void) => {
        lookups.push(hostname)
        cb(null, [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.7', family: 4 }])
      }) as never,
    })
    const direct = await config(engine, receiver)
    const { id: named } = await engine.createConfig({ name: 'n', eventName: 'product_updated', url: 'http://hooks.example.test/hook', httpMethod: 'POST' })
    const { deliveries } = await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(receiver.requests).toHaveLength(0)
    expect(lookups).toContain('hooks.example.test')
    for (const d of deliveries) {
      const event = await engine.getEvent(d.configId, d.eventId)
      expect(event).toMatchObject({ status: 'failed', attempts: 1, http_response: { code: 'url_blocked' } })
    }
    expect(deliveries.map((d) => d.configId).sort()).toEqual([direct, named].sort())
  })

  it('refuses schemes that are not allowed', async () => {
    const { receiver, engine } = await setup(ok, { allowedSchemes: ['https'] })
    const id = await config(engine, receiver)
    const { deliveries } = await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(receiver.requests).toHaveLength(0)
    expect((await engine.getEvent(id, deliveries[0]?.eventId ?? '')).http_response?.code).toBe('url_blocked')
  })
})
