import { describe, expect, it } from 'vitest'
import { createMemoryStore } from '../../../src/webhooks/engine/store/memory'
import type { DeliveryJob, StoredEvent } from '../../../src/webhooks/engine/store/types'

function event(id: string, createdMs: number, extra: Partial<StoredEvent> = {}): StoredEvent {
  return { event_id: id, org_id: 'o', webhook_config_id: 'c1', event_name: 'e', createdMs, status: 'succeeded', attempts: 1, ...extra }
}
const job = (eventId: string, configId: string): DeliveryJob => ({ eventId, configId, attempts: 0, deadlineMs: 0, runAtMs: 0 })

describe('memory store', () => {
  it('stores configs with revisions, lists them by event name and deletes them', async () => {
    const store = createMemoryStore()
    await store.saveConfig({ config: { id: 'a', name: 'a', eventName: 'x' }, revision: 1 })
    await store.saveConfig({ config: { id: 'b', name: 'b', eventName: 'y' }, revision: 1 })
    await store.saveConfig({ config: { id: 'a', name: 'a', eventName: 'y' }, revision: 2 })
    expect((await store.listConfigs({ eventName: 'x' })).map((s) => s.config.id)).toEqual([])
    expect((await store.listConfigs({ eventName: 'y' })).map((s) => s.config.id).sort()).toEqual(['a', 'b'])
    expect((await store.getConfig('a'))?.revision).toBe(2)
    expect(await store.deleteConfig('a')).toBe(true)
    expect(await store.deleteConfig('a')).toBe(false)
    expect((await store.listConfigs()).map((s) => s.config.id)).toEqual(['b'])
  })

  it('searches a config newest first, pages by cursor, and filters by status, time and id', async () => {
    const store = createMemoryStore()
    // Inserted out of order on purpose: the store keeps (createdMs, event_id) order anyway.
    for (const [id, ms] of [['e3', 30], ['e1', 10], ['e2', 20], ['e4', 30]] as const) await store.insertEvent(event(id, ms))
    await store.insertEvent(event('other', 15, { webhook_config_id: 'c2' }))
    await store.updateEvent('e2', { status: 'failed', attempts: 3, http_response: { status_code: 500 } })

    const first = await store.searchEvents('c1', { limit: 2 })
    expect(first.data.map((e) => e.event_id)).toEqual(['e4', 'e3'])
    expect(first.has_more).toBe(true)
    expect(first.next_cursor).toEqual({ created_at: new Date(30).toISOString(), event_id: 'e3' })
    const second = await store.searchEvents('c1', { limit: 2, cursor: { createdMs: 30, event_id: 'e3' } })
    expect(second.data.map((e) => e.event_id)).toEqual(['e2', 'e1'])
    expect(second.has_more).toBe(false)

    expect((await store.searchEvents('c1', { limit: 10, status: 'failed' })).data.map((e) => [e.event_id, e.attempts])).toEqual([['e2', 3]])
    expect((await store.searchEvents('c1', { limit: 10, fromMs: 15, toMs: 25 })).data.map((e) => e.event_id)).toEqual(['e2'])
    expect((await store.searchEvents('c1', { limit: 10, event_id: 'e1' })).data.map((e) => e.event_id)).toEqual(['e1'])
    expect((await store.searchEvents('c1', { limit: 10, event_id: 'other' })).data).toEqual([])
  })

  it('ignores updates of unknown events', async () => {
    const store = createMemoryStore()
    await store.updateEvent('nope', { status: 'failed' })
    expect(await store.getEvent('nope')).toBeUndefined()
  })

  it('claims jobs round-robin over configs, only where canRun allows, and counts what waits', async () => {
    const store = createMemoryStore()
    for (const [e, c] of [['a1', 'a'], ['a2', 'a'], ['a3', 'a'], ['b1', 'b'], ['c1', 'c']]) await store.enqueue(job(e as string, c as string))
    expect(await store.queueSize()).toBe(5)
    const firstRound = await store.claim(3, () => true)
    expect(firstRound.map((j) => j.eventId)).toEqual(['a1', 'b1', 'c1'])
    expect(await store.claim(5, (configId) => configId !== 'a')).toEqual([])
    expect((await store.claim(5, () => true)).map((j) => j.eventId)).toEqual(['a2', 'a3'])
    expect(await store.queueSize()).toBe(0)
  })
})
