/** Endpoint isolation and health on loopback: budgets per endpoint, circuit breaker, 410/days disabling, Retry-After, stats/drain. */
import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, QueueFullError, type EngineOptions, type WebhookEngine } from '../../../src/webhooks/engine'
import { ok, startReceiver, type Handler, type Receiver } from './helpers/receiver'

const metadata = { organization_id: 'org-1' }
const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()?.()
})

async function receiver(handler: Handler = ok): Promise<Receiver> {
  const r = await startReceiver(handler)
  cleanup.push(() => r.close())
  return r
}

function engineWith(options: EngineOptions = {}): WebhookEngine {
  // Configs without a retryPolicy (the engine's own backoff within the async deadline) unless a test asks otherwise.
  const engine = createEngine({ defaultRetryPolicy: null, ...options })
  cleanup.unshift(() => engine.close()) // after the receivers closed: nothing left hanging
  return engine
}

async function config(engine: WebhookEngine, r: Receiver, eventName = 'product_updated'): Promise<string> {
  const { id } = await engine.createConfig({ name: 'n', eventName, url: `${r.url}/hook`, httpMethod: 'POST' })
  return id ?? ''
}

const status = (code: number, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(code, headers)
  res.end()
}

/** Resolves when `n` attempts of `configId` succeeded (onAttempt). */
function successes(n: number) {
  let count = 0
  let done: () => void = () => undefined
  const promise = new Promise<void>((resolve) => (done = resolve))
  return {
    promise,
    onAttempt: (configId: string) => (info: { configId: string; outcome: string }) => {
      if (info.configId === configId && info.outcome === 'succeeded' && ++count === n) done()
    },
  }
}

describe('endpoint isolation', () => {
  it('delivers a healthy config\'s 40 events beside four configs whose host accepts and never answers', { timeout: 5000 }, async () => {
    const held: ServerResponse[] = []
    const hanging = await receiver((_req, res) => void held.push(res))
    const healthy = await receiver()
    let healthyId = ''
    const wait = successes(40)
    const engine = engineWith({
      asyncDeadlineMs: 5000, // a healthy delivery not done within 5 s would fail, and the wait below never end
      circuitBreaker: { probeIntervalMs: 100 },
      onAttempt: (info) => wait.onAttempt(healthyId)(info),
    })
    for (let i = 0; i < 4; i++) await config(engine, hanging, 'hang')
    healthyId = await config(engine, healthy, 'ok')
    for (let i = 0; i < 100; i++) await engine.emit('hang', { entity: { i } }, metadata) // 400 deliveries to the hanging host
    for (let i = 0; i < 40; i++) await engine.emit('ok', { entity: { i } }, metadata)
    await wait.promise
    expect(healthy.requests).toHaveLength(40)
    // The hanging host holds at most its endpoint budget, and has answered nothing yet: no timeout freed a slot.
    expect(hanging.requests.length).toBeLessThanOrEqual(32)
    const stats = await engine.stats()
    expect(stats.endpoints.find((e) => e.origin === hanging.url)).toMatchObject({ inFlight: 32, limit: 32, state: 'healthy' })
    expect(stats.queued).toBe(400 - 32)
  })

  it('lets a retry waiting for its Retry-After hold no slot', async () => {
    let n = 0
    const r = await receiver((req, res) => (++n === 1 ? status(503, { 'retry-after': '1' })(req, res, n) : ok(req, res, n)))
    const sleeps: number[] = []
    let release: () => void = () => undefined
    const engine = engineWith({ concurrency: 1, sleep: (ms) => (sleeps.push(ms), new Promise((resolve) => (release = resolve))) })
    const id = await config(engine, r)
    await engine.emit('product_updated', { entity: { i: 1 } }, metadata)
    await new Promise((resolve) => setTimeout(resolve, 50))
    while (sleeps.length === 0) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(sleeps[0]).toBeGreaterThanOrEqual(1000)
    // The first event waits for its retry; a second one takes the only slot meanwhile.
    const { deliveries } = await engine.emit('product_updated', { entity: { i: 2 } }, metadata)
    while ((await engine.getEvent(id, deliveries[0]?.eventId ?? '')).status === 'in_progress') await new Promise((resolve) => setTimeout(resolve, 10))
    expect((await engine.getEvent(id, deliveries[0]?.eventId ?? '')).status).toBe('succeeded')
    release()
    await engine.idle()
  })
})

describe('circuit breaker', () => {
  it('opens after failures: deliveries wait instead of failing; a successful probe closes it', async () => {
    let answer: Handler = status(503)
    const r = await receiver((req, res, n) => answer(req, res, n))
    const engine = engineWith({ asyncMaxAttempts: 1, circuitBreaker: { minAttempts: 4, probeIntervalMs: 200 }, concurrency: 1 })
    const id = await config(engine, r)
    const failed = []
    for (let i = 0; i < 4; i++) failed.push(...(await engine.emit('product_updated', { entity: { i } }, metadata)).deliveries)
    await engine.idle()
    const health = (await engine.getConfig(id)).health
    expect(health).toMatchObject({ state: 'open', failure_ratio: 1, window_attempts: 4, last_error: '503 Service Unavailable' })
    // The event whose failure opened the circuit keeps that health in the log.
    expect((await engine.getEvent(id, failed[3]?.eventId ?? '')).health).toMatchObject({ state: 'open' })
    expect((await engine.getEvent(id, failed[0]?.eventId ?? '')).health).toBeUndefined()

    answer = ok
    const waiting = []
    for (let i = 0; i < 3; i++) waiting.push(...(await engine.emit('product_updated', { entity: { i } }, metadata)).deliveries)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(r.requests).toHaveLength(4) // nothing sent while open
    expect(await engine.stats()).toMatchObject({ queued: 3, inFlight: 0, endpoints: [{ origin: r.url, state: 'open' }] })
    await engine.idle()
    for (const d of waiting) expect((await engine.getEvent(id, d.eventId)).status).toBe('succeeded')
    expect(r.requests).toHaveLength(7)
    expect((await engine.getConfig(id)).health).toMatchObject({ state: 'healthy', window_attempts: 2 })
  })
})

describe('disabling for health', () => {
  it('disables the config on 410 Gone, records why, and ends its queued deliveries unsent', async () => {
    const r = await receiver(status(410))
    const engine = engineWith({ concurrency: 1 })
    const id = await config(engine, r)
    const emitted = []
    for (let i = 0; i < 3; i++) emitted.push(...(await engine.emit('product_updated', { entity: { i } }, metadata)).deliveries)
    await engine.idle()
    expect(r.requests).toHaveLength(1)
    const read = await engine.getConfig(id)
    expect(read).toMatchObject({ enabled: false, status: 'inactive', health: { state: 'disabled', disabled_reason: expect.stringMatching(/410 Gone/), disabled_at: expect.any(String) } })
    const [first, second] = await Promise.all(emitted.slice(0, 2).map((d) => engine.getEvent(id, d.eventId)))
    expect(first).toMatchObject({ status: 'failed', http_response: { status_code: 410 }, health: { state: 'disabled' } })
    expect(second).toMatchObject({ status: 'failed', attempts: 0, http_response: { code: 'config_disabled' } })
    expect(second?.http_response?.message).toMatch(/410 Gone/)
    expect((await engine.emit('product_updated', { entity: {} }, metadata)).deliveries).toEqual([])

    // Saved back as read, it stays disabled with its reason; enabled again, the record goes and deliveries resume.
    expect((await engine.updateConfig(id, read)).health).toMatchObject({ state: 'disabled', disabled_reason: read.health?.disabled_reason })
    r.setHandler(ok)
    const enabled = await engine.updateConfig(id, { ...read, enabled: true })
    expect(enabled.status).toBe('active')
    expect(enabled.health?.state).not.toBe('disabled')
    expect(enabled.health?.disabled_reason).toBeUndefined()
    await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(r.requests).toHaveLength(2)
  })

  it('disables a config whose attempts all failed for disableAfterDays', async () => {
    let t = Date.parse('2025-01-01T00:00:00Z')
    const r = await receiver(status(500))
    const engine = engineWith({ now: () => t, asyncMaxAttempts: 1, disableAfterDays: 2 })
    const id = await config(engine, r)
    await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    t += 2 * 86_400_000
    await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(await engine.getConfig(id)).toMatchObject({
      enabled: false,
      health: { state: 'disabled', disabled_reason: expect.stringMatching(/^Every delivery attempt failed for 2 days \(since 2025-01-01T00:00:00.000Z\); last error: 500 Internal Server Error/) },
    })
  })
})

describe('Retry-After', () => {
  it('ends a sync trigger at once when Retry-After is beyond its budget (Retry-After: 3600)', async () => {
    const r = await receiver(status(429, { 'retry-after': '3600' }))
    const sleeps: number[] = []
    const engine = engineWith({ sleep: async (ms) => void sleeps.push(ms) })
    const id = await config(engine, r)
    const result = await engine.trigger(id, { metadata }, { sync: true })
    expect(result).toMatchObject({ status: 'failed', status_code: '429', code: 'retry_after_exceeds_budget' })
    expect(result.message).toMatch(/retry after 3600 s \(Retry-After\), past the end of the sync budget/)
    expect(sleeps).toEqual([])
    expect(r.requests).toHaveLength(1)
    expect((await engine.getEvent(id, result.event_id)).http_response?.code).toBe('retry_after_exceeds_budget')
  })

  it('waits a Retry-After within the sync budget', async () => {
    let n = 0
    const r = await receiver((req, res) => (++n === 1 ? status(503, { 'retry-after': '40' })(req, res, n) : ok(req, res, n)))
    const sleeps: number[] = []
    const engine = engineWith({ sleep: async (ms) => void sleeps.push(ms) })
    const id = await config(engine, r)
    expect(await engine.trigger(id, { metadata }, { sync: true })).toMatchObject({ status: 'succeeded' })
    expect(sleeps).toEqual([40_000])
  })

  it('honours Retry-After for async deliveries, and ends the event when it reaches past the retry schedule', async () => {
    let n = 0
    const r = await receiver((req, res) => (++n === 1 ? status(429, { 'retry-after': '7' })(req, res, n) : status(503, { 'retry-after': '3600' })(req, res, n)))
    const sleeps: number[] = []
    const engine = engineWith({ sleep: async (ms) => void sleeps.push(ms) })
    const id = await config(engine, r)
    const { deliveries } = await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(sleeps).toEqual([7000])
    expect(await engine.getEvent(id, deliveries[0]?.eventId ?? '')).toMatchObject({ status: 'failed', attempts: 2, http_response: { status_code: 503, code: 'retry_after_exceeds_budget' } })
  })
})

describe('stats and drain', () => {
  it('reports queue depth and in-flight deliveries, and drain() resolves once the queue has room', async () => {
    const held: ServerResponse[] = []
    const r = await receiver((_req, res) => void held.push(res))
    const engine = engineWith({ concurrency: 1, maxQueueSize: 1 })
    await config(engine, r)
    await engine.emit('product_updated', { entity: { i: 1 } }, metadata)
    while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    await engine.emit('product_updated', { entity: { i: 2 } }, metadata)
    expect(await engine.stats()).toMatchObject({ queued: 1, inFlight: 1, maxQueueSize: 1 })
    await expect(engine.emit('product_updated', { entity: { i: 3 } }, metadata)).rejects.toBeInstanceOf(QueueFullError)
    let drained = false
    const drain = engine.drain().then(() => void (drained = true))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(drained).toBe(false)
    held[0]?.writeHead(200).end()
    await drain
    await engine.emit('product_updated', { entity: { i: 3 } }, metadata)
    while (held.length < 3) {
      for (const res of held) if (!res.headersSent) res.writeHead(200).end()
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    for (const res of held) if (!res.headersSent) res.writeHead(200).end()
    await engine.idle()
    await new Promise((resolve) => setImmediate(resolve)) // the worker slot is given back just after the event ended
    expect(await engine.stats()).toMatchObject({ queued: 0, inFlight: 0 })
  })

  it('refuses a drain for more room than the queue has', async () => {
    const engine = engineWith({ maxQueueSize: 5 })
    expect(() => engine.drain(6)).toThrow(/room: must be a whole number from 1 to maxQueueSize \(5\)/)
    await expect(engine.drain(5)).resolves.toBeUndefined()
  })
})
