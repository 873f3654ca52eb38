import { describe, expect, it } from 'vitest'
import { createMemoryReplayStore } from '../../../src/webhooks/receiver/replay-store'

describe('createMemoryReplayStore', () => {
  it('remembers an id until its expiry, on its own clock', () => {
    let clock = 1_000
    const store = createMemoryReplayStore({ now: () => clock })
    store.add('a', 2_000)
    expect(store.has('a')).toBe(true)
    expect(store.has('b')).toBe(false)
    clock = 2_000
    expect(store.has('a')).toBe(false)
  })

  it('sweeps out expired ids as new ones arrive, so its size follows the ids still in their window', () => {
    let clock = 0
    const store = createMemoryReplayStore({ now: () => clock, maxEntries: 4 })
    for (const id of ['a', 'b', 'c', 'd']) store.add(id, 1_000)
    expect(store.size).toBe(4)
    clock = 1_000
    store.add('e', 5_000) // over maxEntries: expired ids go first, and all four have expired
    expect(store.size).toBe(1)
    expect(store.has('e')).toBe(true)
  })

  it('sweeps expired ids every 1024 additions even below maxEntries', () => {
    let clock = 0
    const store = createMemoryReplayStore({ now: () => clock })
    for (let i = 0; i < 1000; i++) store.add(`old_${i}`, 10)
    clock = 10
    for (let i = 0; i < 24; i++) store.add(`new_${i}`, 100)
    expect(store.size).toBe(24)
  })

  it('forgets the oldest ids beyond maxEntries when none has expired', () => {
    const store = createMemoryReplayStore({ now: () => 0, maxEntries: 3 })
    for (const id of ['a', 'b', 'c', 'd', 'e']) store.add(id, 1_000)
    expect(store.size).toBe(3)
    expect(['a', 'b', 'c', 'd', 'e'].map((id) => store.has(id))).toEqual([false, false, true, true, true])
  })
})
