/**
 * The store contract, run against every store (memory, PGlite, PostgreSQL): configs, the event log and its cursor,
 * atomic record + enqueue, idempotency keys, leases (claim / extend / settle / expiry), retries waiting in the
 * store, per-config concurrency over workers, and retention.
 */
import { describe, expect, it } from 'vitest'
import { QueueFullError } from '../../../../src/webhooks/engine/errors'
import type { DeliveryJob, EngineStore, StoredEvent } from '../../../../src/webhooks/engine/store/types'

/** Makes a fresh, empty store; `close` releases it. */
export type StoreFactory = () => Promise<{ store: EngineStore; close: () => Promise<void> }>

export function event(id: string, createdMs: number, extra: Partial<StoredEvent> = {}): StoredEvent {
  return { event_id: id, org_id: 'o', webhook_config_id: 'c1', event_name: 'e', createdMs, status: 'in_progress', attempts: 0, ...extra }
}

export const job = (eventId: string, configId = 'c1', extra: Partial<DeliveryJob> = {}): DeliveryJob => ({ eventId, configId, attempts: 0, deadlineMs: 1e12, runAtMs: 0, ...extra })

const claimReq = (workerId: string, nowMs: number, extra: { max?: number; perConfigConcurrency?: number; leaseMs?: number } = {}) => ({
  workerId,
  nowMs,
  max: extra.max ?? 10,
  leaseMs: extra.leaseMs ?? 1000,
  perConfigConcurrency: extra.perConfigConcurrency ?? 10,
})

/** Records events with jobs for each (all of config `configId`). */
async function queued(store: EngineStore, ids: string[], configId = 'c1', createdMs = 1): Promise<void> {
  await store.record({ events: ids.map((id) => event(id, createdMs, { webhook_config_id: configId })), jobs: ids.map((id) => job(id, configId)) })
}

export function storeConformance(name: string, factory: StoreFactory): void {
  describe(`store contract: ${name}`, () => {
    async function withStore(fn: (store: EngineStore) => Promise<void>): Promise<void> {
      const { store, close } = await factory()
      try {
        await fn(store)
      } finally {
        await close()
      }
    }

    it('stores configs with revisions, lists them by event name and deletes them', () =>
      withStore(async (store) => {
        await store.saveConfig({ config: { id: 'a', name: 'a', eventName: 'x' }, revision: 1 })
        await store.saveConfig({ config: { id: 'b', name: 'b', eventName: 'y', url: 'https://r.test/h', auth: { authType: 'API_KEY', apiKeyConfig: { keyName: 'k', keyValue: 'secret' } } }, revision: 1 })
        await store.saveConfig({ config: { id: 'a', name: 'a', eventName: 'y' }, revision: 2 })
        expect((await store.listConfigs({ eventName: 'x' })).map((s) => s.config.id)).toEqual([])
        expect((await store.listConfigs({ eventName: 'y' })).map((s) => s.config.id).sort()).toEqual(['a', 'b'])
        expect((await store.getConfig('a'))?.revision).toBe(2)
        expect((await store.getConfig('b'))?.config.auth?.apiKeyConfig?.keyValue).toBe('secret')
        expect(await store.deleteConfig('a')).toBe(true)
        expect(await store.deleteConfig('a')).toBe(false)
        expect(await store.getConfig('a')).toBeUndefined()
        expect((await store.listConfigs()).map((s) => s.config.id)).toEqual(['b'])
      }))

    it('keeps every event field, also optional ones other parts add', () =>
      withStore(async (store) => {
        const full = event('e1', 5, {
          url: 'https://r.test/h',
          http_method: 'POST',
          metadata: { organization_id: 'o', webhook_id: 'c1', extra: { deep: [1, 'x'] } } as StoredEvent['metadata'],
          payload: '{"a":1}',
          original_payload: '{"b":2}',
          replay_of: 'e0',
          status: 'failed',
          attempts: 2,
          retry_attempt: 1,
          attempt_history: [{ attempt: 1, startedMs: 5, durationMs: 3, status_code: 500, message: 'x' }, { attempt: 2, startedMs: 9, durationMs: 1, code: 'ECONNRESET' }],
          request_headers: { 'content-type': 'application/json', authorization: '***' },
          http_response: { status_code: 500, body: { nested: true } },
        })
        await store.record({ events: [full], jobs: [] })
        expect(await store.getEvent('e1')).toEqual(full)
        await store.updateEvent('e1', { status: 'succeeded', attempts: 3, http_response: { status_code: 200 } })
        expect(await store.getEvent('e1')).toEqual({ ...full, status: 'succeeded', attempts: 3, http_response: { status_code: 200 } })
        await store.updateEvent('nope', { status: 'failed' })
        expect(await store.getEvent('nope')).toBeUndefined()
      }))

    it('searches a config newest first, pages by cursor, and filters by status, time and id', () =>
      withStore(async (store) => {
        for (const [id, ms] of [['e1', 10], ['e2', 20], ['e3', 30], ['e4', 30]] as const) await store.record({ events: [event(id, ms, { status: 'succeeded', attempts: 1 })], jobs: [] })
        await store.record({ events: [event('other', 15, { webhook_config_id: 'c2' })], jobs: [] })
        await store.updateEvent('e2', { status: 'failed', attempts: 3, http_response: { status_code: 500 } })

        const first = await store.searchEvents('c1', { limit: 2 })
        expect(first.data.map((e) => e.event_id)).toEqual(['e4', 'e3'])
        expect(first.has_more).toBe(true)
        expect(first.next_cursor).toEqual({ created_at: new Date(30).toISOString(), event_id: 'e3' })
        const second = await store.searchEvents('c1', { limit: 2, cursor: { createdMs: 30, event_id: 'e3' } })
        expect(second.data.map((e) => e.event_id)).toEqual(['e2', 'e1'])
        expect(second.has_more).toBe(false)
        expect(second.next_cursor).toBeUndefined()

        expect((await store.searchEvents('c1', { limit: 10, status: 'failed' })).data.map((e) => [e.event_id, e.attempts])).toEqual([['e2', 3]])
        expect((await store.searchEvents('c1', { limit: 10, fromMs: 15, toMs: 25 })).data.map((e) => e.event_id)).toEqual(['e2'])
        expect((await store.searchEvents('c1', { limit: 10, event_id: 'e1' })).data.map((e) => e.event_id)).toEqual(['e1'])
        expect((await store.searchEvents('c1', { limit: 10, event_id: 'other' })).data).toEqual([])
      }))

    it('records events and their jobs together, and refuses a batch beyond maxQueued recording nothing', () =>
      withStore(async (store) => {
        await store.record({ events: [event('a', 1), event('b', 1)], jobs: [job('a'), job('b')], maxQueued: 3 })
        expect(await store.queueSize()).toBe(2)
        await expect(store.record({ events: [event('c', 2), event('d', 2)], jobs: [job('c'), job('d')], maxQueued: 3 })).rejects.toBeInstanceOf(QueueFullError)
        expect(await store.getEvent('c')).toBeUndefined()
        expect(await store.queueSize()).toBe(2)
        // Events without jobs (skipped) are never refused.
        await store.record({ events: [event('s', 3, { status: 'skipped' })], jobs: [], maxQueued: 0 })
        expect(await store.getEvent('s')).toBeDefined()
      }))

    it('answers a repeated idempotency key with the first result and records nothing, until the key expires', () =>
      withStore(async (store) => {
        const key = (nowMs: number, result: unknown) => ({ key: 'emit:k1', result, nowMs, expiresMs: nowMs + 1000 })
        expect(await store.record({ events: [event('a', 1)], jobs: [job('a')], idempotency: key(0, ['a']) })).toEqual({ recorded: true })
        expect(await store.record({ events: [event('b', 2)], jobs: [job('b')], idempotency: key(500, ['b']) })).toEqual({ recorded: false, result: ['a'] })
        expect(await store.getEvent('b')).toBeUndefined()
        expect(await store.pendingJobs()).toBe(1)
        expect(await store.record({ events: [event('c', 3)], jobs: [job('c')], idempotency: key(1500, ['c']) })).toEqual({ recorded: true })
        expect(await store.getEvent('c')).toBeDefined()
      }))

    it('leases a claimed job to one worker until the lease runs out, then another worker may claim it', () =>
      withStore(async (store) => {
        await queued(store, ['a'])
        const [claimed] = await store.claim(claimReq('w1', 100))
        expect(claimed).toMatchObject({ eventId: 'a', configId: 'c1', attempts: 0 })
        expect(await store.claim(claimReq('w2', 500))).toEqual([])
        expect(await store.queueSize()).toBe(0)
        expect(await store.pendingJobs()).toBe(1)
        expect(await store.nextWakeMs('w2', 500)).toBe(1100)
        expect(await store.nextWakeMs('w1', 500)).toBeUndefined()
        // w1 died: after its lease, w2 gets the job, and w1 can no longer settle it.
        expect((await store.claim(claimReq('w2', 1100))).map((j) => j.eventId)).toEqual(['a'])
        expect(await store.settle('w1', 'a', { kind: 'done', update: { status: 'succeeded', attempts: 1 } })).toBe(false)
        expect((await store.getEvent('a'))?.status).toBe('in_progress')
        expect(await store.settle('w2', 'a', { kind: 'done', update: { status: 'failed', attempts: 1 } })).toBe(true)
        expect((await store.getEvent('a'))?.status).toBe('failed')
        expect(await store.pendingJobs()).toBe(0)
      }))

    it('keeps a lease that its worker extends', () =>
      withStore(async (store) => {
        await queued(store, ['a'])
        await store.claim(claimReq('w1', 0))
        await store.extendLeases('w2', ['a'], 10_000) // not w2's lease: no effect
        await store.extendLeases('w1', ['a'], 5000)
        expect(await store.claim(claimReq('w2', 2000))).toEqual([])
        expect((await store.claim(claimReq('w2', 5000))).map((j) => j.eventId)).toEqual(['a'])
      }))

    it('keeps a retry in the store until its run time, with the attempts made', () =>
      withStore(async (store) => {
        await queued(store, ['a'])
        await store.claim(claimReq('w1', 0))
        const ok = await store.settle('w1', 'a', { kind: 'retry', attempts: 1, runAtMs: 3000, update: { attempts: 1, http_response: { status_code: 503 } } })
        expect(ok).toBe(true)
        expect((await store.getEvent('a'))?.http_response).toEqual({ status_code: 503 })
        expect(await store.pendingJobs()).toBe(1)
        expect(await store.nextWakeMs('w1', 100)).toBe(3000)
        expect(await store.claim(claimReq('w2', 2999))).toEqual([])
        const [again] = await store.claim(claimReq('w2', 3000))
        expect(again).toMatchObject({ eventId: 'a', attempts: 1, deadlineMs: 1e12 })
        expect(await store.nextWakeMs('w2', 3000)).toBeUndefined()
      }))

    it('holds the per-config concurrency over all workers, and lets other configs run', () =>
      withStore(async (store) => {
        await queued(store, ['a1', 'a2', 'a3'], 'a')
        await queued(store, ['b1'], 'b')
        const w1 = await store.claim(claimReq('w1', 0, { perConfigConcurrency: 1 }))
        const w2 = await store.claim(claimReq('w2', 0, { perConfigConcurrency: 1 }))
        expect([...w1, ...w2].map((j) => j.eventId).sort()).toEqual(['a1', 'b1'])
        await store.settle(w1.find((j) => j.configId === 'a') ? 'w1' : 'w2', 'a1', { kind: 'done', update: { status: 'succeeded' } })
        expect((await store.claim(claimReq('w2', 0, { perConfigConcurrency: 1 }))).map((j) => j.eventId)).toEqual(['a2'])
      }))

    it('claims at most max jobs, oldest first within a config', () =>
      withStore(async (store) => {
        await queued(store, ['a1', 'a2', 'a3'])
        expect((await store.claim(claimReq('w1', 0, { max: 2 }))).map((j) => j.eventId)).toEqual(['a1', 'a2'])
        expect((await store.claim(claimReq('w1', 0, { max: 2 }))).map((j) => j.eventId)).toEqual(['a3'])
      }))

    it('prunes finished events by age and by count, never one still queued', () =>
      withStore(async (store) => {
        for (let i = 1; i <= 6; i++) await store.record({ events: [event(`e${i}`, i * 10, { status: 'succeeded', attempts: 1 })], jobs: [] })
        await queued(store, ['q'], 'c1', 5)
        expect(await store.prune({ beforeMs: 25 })).toBe(2) // e1, e2 (q is queued)
        expect(await store.getEvent('e1')).toBeUndefined()
        expect(await store.getEvent('q')).toBeDefined()
        expect(await store.prune({ beforeMs: 0, maxEvents: 3 })).toBe(2) // 5 left (q, e3..e6): drop e3, e4; q stays
        expect((await store.searchEvents('c1', { limit: 10 })).data.map((e) => e.event_id)).toEqual(['e6', 'e5', 'q'])
      }))
  })
}
