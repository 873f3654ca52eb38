import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type EngineOptions } from '../../../src/webhooks/engine'
import type { WebhookEngine } from '../../../src/webhooks/engine/api'
import { RequestValidationError } from '../../../src/webhooks/engine/errors'
import { createWebhooksServer } from '../../../src/webhooks/engine/http/server'
import { createMemoryStore } from '../../../src/webhooks/engine/store/memory'
import type { EngineStore } from '../../../src/webhooks/engine/store/types'
import type { WebhookConfig } from '../../../src/webhooks/engine/model'
import { ok, startReceiver, type Handler, type Receiver } from './helpers/receiver'

const metadata = { organization_id: 'org-1' }
const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()?.()
})

function fakeClock(start = Date.parse('2025-01-01T00:00:00Z')) {
  let t = start
  const sleeps: number[] = []
  return { now: () => t, sleep: async (ms: number) => void (sleeps.push(ms), (t += ms)), sleeps }
}

const status = (code: number, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(code, headers)
  res.end()
}

async function setup(handler: Handler, options: EngineOptions = {}): Promise<{ receiver: Receiver; engine: WebhookEngine; store: EngineStore }> {
  const receiver = await startReceiver(handler)
  const store = options.store ?? createMemoryStore()
  const engine = createEngine({ sleep: async () => {}, ...options, store })
  cleanup.push(() => receiver.close(), () => engine.close())
  return { receiver, engine, store }
}

/** A config of `product_updated`, stored with `retryPolicy` when given (set on the stored record, as a saved config has it). */
async function config(engine: WebhookEngine, store: EngineStore, receiver: Receiver, retryPolicy?: WebhookConfig['retryPolicy']): Promise<string> {
  const { id } = await engine.createConfig({ name: 'n', eventName: 'product_updated', url: `${receiver.url}/hook`, httpMethod: 'POST' })
  const stored = await store.getConfig(id as string)
  if (stored && retryPolicy) await store.saveConfig({ config: { ...stored.config, retryPolicy }, revision: stored.revision + 1 })
  return id as string
}

describe('retryPolicy: the published schedule', () => {
  it('waits 5 s and 5 min before the two retries of maxAttempts 2, then fails with retry_attempt 2', async () => {
    const clock = fakeClock()
    const { receiver, engine, store } = await setup(status(503), clock)
    const id = await config(engine, store, receiver, { enabled: true, maxAttempts: 2 })
    const { deliveries } = await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(clock.sleeps).toEqual([5_000, 300_000])
    expect(receiver.requests).toHaveLength(3)
    const event = await engine.getEvent(id, deliveries[0]?.eventId ?? '')
    expect(event).toMatchObject({ status: 'failed', attempts: 3, retry_attempt: 2, http_response: { status_code: 503 } })
    expect(event.attempt_history?.map((a) => [a.attempt, a.status_code])).toEqual([[1, 503], [2, 503], [3, 503]])
    expect(event.attempt_history?.[1]?.started_at).toBe(new Date(Date.parse('2025-01-01T00:00:05Z')).toISOString())
  })

  it('scales the schedule with retryScheduleScale and stops at the first success', async () => {
    const clock = fakeClock()
    const { receiver, engine, store } = await setup((req, res, n) => (n <= 3 ? status(500)(req, res, n) : ok(req, res, n)), { ...clock, retryScheduleScale: 0.001 })
    const id = await config(engine, store, receiver, { enabled: true })
    const { deliveries } = await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(clock.sleeps).toEqual([5, 300, 1800])
    expect(await engine.getEvent(id, deliveries[0]?.eventId ?? '')).toMatchObject({ status: 'succeeded', attempts: 4, retry_attempt: 3 })
  })

  it('makes one attempt only when the policy is disabled', async () => {
    const { receiver, engine, store } = await setup(status(503))
    const id = await config(engine, store, receiver, { enabled: false, maxAttempts: 5 })
    const { deliveries } = await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(receiver.requests).toHaveLength(1)
    expect(await engine.getEvent(id, deliveries[0]?.eventId ?? '')).toMatchObject({ status: 'failed', attempts: 1, retry_attempt: 0 })
  })

  it('waits at least a longer Retry-After', async () => {
    const clock = fakeClock()
    const { receiver, engine, store } = await setup((req, res, n) => (n === 1 ? status(429, { 'retry-after': '60' })(req, res, n) : ok(req, res, n)), clock)
    // Two retries: 5 s + 5 min of schedule left, so a Retry-After of 60 s fits and stretches the first wait.
    await config(engine, store, receiver, { enabled: true, maxAttempts: 2 })
    await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(clock.sleeps).toEqual([60_000])
  })

  it('ends the event when a Retry-After reaches past the end of the retry schedule', async () => {
    const clock = fakeClock()
    const { receiver, engine, store } = await setup(status(429, { 'retry-after': '60' }), clock)
    const id = await config(engine, store, receiver, { enabled: true, maxAttempts: 1 })
    const { deliveries } = await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect(receiver.requests).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
    const event = await engine.getEvent(id, deliveries[0]?.eventId ?? '')
    expect(event).toMatchObject({ status: 'failed', http_response: { status_code: 429, code: 'retry_after_exceeds_budget' } })
  })

  it('logs the masked request headers of the last attempt', async () => {
    const { receiver, engine, store } = await setup(ok)
    const id = await config(engine, store, receiver)
    const { deliveries } = await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    const event = await engine.getEvent(id, deliveries[0]?.eventId ?? '')
    expect(event.request_headers?.['webhook-id']).toBe(deliveries[0]?.eventId)
    expect(event.attempt_history).toHaveLength(1)
  })
})

describe('idempotency keys', () => {
  it('answers a repeated emit key with the same event ids and records and sends nothing new', async () => {
    const { receiver, engine, store } = await setup(ok)
    const id = await config(engine, store, receiver)
    const first = await engine.emit('product_updated', { entity: { _id: 'a' } }, metadata, { idempotencyKey: 'order-1' })
    const again = await engine.emit('product_updated', { entity: { _id: 'b' } }, metadata, { idempotencyKey: 'order-1' })
    await engine.idle()
    expect(again).toEqual(first)
    expect(receiver.requests).toHaveLength(1)
    expect((await engine.searchEvents(id)).data).toHaveLength(1)
    const other = await engine.emit('product_updated', { entity: {} }, metadata, { idempotencyKey: 'order-2' })
    expect(other.deliveries[0]?.eventId).not.toBe(first.deliveries[0]?.eventId)
  })

  it('forgets a key after idempotencyTtlMs', async () => {
    const clock = fakeClock()
    const { receiver, engine, store } = await setup(ok, { ...clock, idempotencyTtlMs: 1000 })
    await config(engine, store, receiver)
    const first = await engine.emit('product_updated', { entity: {} }, metadata, { idempotencyKey: 'k' })
    await clock.sleep(1001)
    const later = await engine.emit('product_updated', { entity: {} }, metadata, { idempotencyKey: 'k' })
    expect(later.deliveries[0]?.eventId).not.toBe(first.deliveries[0]?.eventId)
  })

  it('refuses an empty or overlong key, recording nothing', async () => {
    const { receiver, engine, store } = await setup(ok)
    const id = await config(engine, store, receiver)
    await expect(engine.emit('product_updated', { entity: {} }, metadata, { idempotencyKey: '' })).rejects.toBeInstanceOf(RequestValidationError)
    await expect(engine.trigger(id, { metadata }, { idempotencyKey: 'x'.repeat(256) })).rejects.toBeInstanceOf(RequestValidationError)
    expect((await engine.searchEvents(id)).data).toHaveLength(0)
  })

  it('takes the Idempotency-Key header of an HTTP trigger, per config, sync and async', async () => {
    const { receiver, engine, store } = await setup(ok)
    const id = await config(engine, store, receiver)
    const server = createWebhooksServer(engine, { tokens: ['t0ken'] })
    const { url } = await server.listen(0)
    cleanup.push(() => server.close())
    const post = async (key: string, sync: boolean) => {
      const res = await fetch(`${url}/v1/webhooks/configs/${id}/trigger${sync ? '?sync=true' : ''}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer t0ken', 'idempotency-key': key },
        body: JSON.stringify({ metadata, entity: { _id: 'x' } }),
      })
      return (await res.json()) as { event_id: string; status?: string }
    }
    const a = await post('t-1', true)
    const b = await post('t-1', true)
    expect(b.event_id).toBe(a.event_id)
    expect(b.status).toBe('succeeded')
    const c = await post('t-2', false)
    const d = await post('t-2', false)
    expect(d.event_id).toBe(c.event_id)
    await engine.idle()
    expect(receiver.requests).toHaveLength(2)
  })
})

describe('retention', () => {
  it('bounds the log of the built-in memory store by maxEvents', async () => {
    const receiver = await startReceiver(ok)
    const engine = createEngine({ maxEvents: 5 })
    cleanup.push(() => receiver.close(), () => engine.close())
    const { id = '' } = await engine.createConfig({ name: 'n', eventName: 'product_updated', url: `${receiver.url}/hook`, httpMethod: 'POST' })
    for (let i = 0; i < 12; i++) await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    for (let i = 0; i < 3; i++) await engine.emit('product_updated', { entity: {} }, metadata)
    await engine.idle()
    expect((await engine.searchEvents(id, { limit: 25 })).data.length).toBeLessThanOrEqual(8)
  })
})
