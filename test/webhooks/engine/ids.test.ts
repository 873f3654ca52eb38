import { describe, expect, it } from 'vitest'
import { createEventIdGenerator, shortId } from '../../../src/webhooks/engine/log/ids'

describe('ids', () => {
  it('makes 10-character base62 config ids without repeats', () => {
    const ids = Array.from({ length: 2000 }, shortId)
    for (const id of ids) expect(id).toMatch(/^[0-9A-Za-z]{10}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('makes event ids that sort by creation time, and within one millisecond by creation order', () => {
    const next = createEventIdGenerator()
    const ids = [next(5), next(5), next(5), next(6), next(1_700_000_000_000), next(1_700_000_000_000)]
    for (const id of ids) expect(id).toMatch(/^[0-9a-z]{20}$/)
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('keeps counting when the clock goes backwards, so ids still only grow', () => {
    const next = createEventIdGenerator()
    const ids = [next(100), next(50), next(100)]
    expect([...ids].sort()).toEqual(ids)
    expect(ids[1]?.slice(0, 9)).toBe(ids[0]?.slice(0, 9))
  })
})
