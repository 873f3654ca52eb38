import { describe, expect, it } from 'vitest'
import { createMemoryStore } from '../../../src/webhooks/engine/store/memory'
import { event, job, storeConformance } from './store/conformance'

storeConformance('memory', async () => ({ store: createMemoryStore(), close: async () => {} }))

describe('memory store', () => {
  it('claims ready jobs round-robin over configs, so one busy config cannot starve the others', async () => {
    const store = createMemoryStore()
    const ids = [['a1', 'a'], ['a2', 'a'], ['a3', 'a'], ['b1', 'b'], ['c1', 'c']] as const
    await store.record({ events: ids.map(([e, c]) => event(e, 1, { webhook_config_id: c })), jobs: ids.map(([e, c]) => job(e, c)) })
    expect(await store.queueSize()).toBe(5)
    const request = { workerId: 'w', nowMs: 0, leaseMs: 1000, perConfigConcurrency: 10 }
    expect((await store.claim({ ...request, max: 3 })).map((j) => j.eventId)).toEqual(['a1', 'b1', 'c1'])
    expect((await store.claim({ ...request, max: 5 })).map((j) => j.eventId)).toEqual(['a2', 'a3'])
    expect(await store.queueSize()).toBe(0)
  })

  it('keeps at most maxEvents logged events, dropping the oldest finished ones', async () => {
    const store = createMemoryStore({ maxEvents: 100 })
    for (let i = 0; i < 250; i++) {
      await store.record({ events: [event(`e${String(i).padStart(3, '0')}`, i, { status: 'succeeded', attempts: 1 })], jobs: [] })
    }
    const page = await store.searchEvents('c1', { limit: 100 })
    expect(page.data.length).toBeLessThanOrEqual(100)
    expect(page.data[0]?.event_id).toBe('e249')
    expect(await store.getEvent('e000')).toBeUndefined()
  })
})
