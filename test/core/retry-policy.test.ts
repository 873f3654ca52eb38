import { describe, expect, it } from 'vitest'
import { backoffDelay, isRetryableStatus, parseRetryAfter, retryDelay } from '../../src/core/retry-policy'

const backoff = { baseMs: 1000, maxMs: 30_000 }

describe('retry policy', () => {
  it('retries 408, 429 and 5xx, and no other status', () => {
    expect([408, 429, 500, 502, 503, 599].map(isRetryableStatus)).toEqual([true, true, true, true, true, true])
    expect([200, 204, 301, 400, 401, 404, 409, 410, 422].map(isRetryableStatus)).toEqual([false, false, false, false, false, false, false, false, false])
  })

  it('doubles the backoff per attempt up to maxMs, jittered between half and all of it', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, backoff, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000])
    expect([1, 2, 6].map((n) => backoffDelay(n, backoff, () => 0.5))).toEqual([750, 1500, 22_500])
    expect(backoffDelay(1, backoff, () => 0.999)).toBeLessThan(1000)
  })

  it('reads Retry-After as delta-seconds or an HTTP date relative to now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter([' 3 '], now)).toBe(3000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000)
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
    expect(parseRetryAfter('', now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter('-5', now)).toBeUndefined()
  })

  it('waits at least Retry-After and at most the cap', () => {
    expect(retryDelay({ attempt: 1, backoff, random: () => 0 })).toBe(500)
    expect(retryDelay({ attempt: 1, backoff, random: () => 0, retryAfterMs: 7000 })).toBe(7000)
    expect(retryDelay({ attempt: 3, backoff, random: () => 0, retryAfterMs: 100 })).toBe(2000)
    expect(retryDelay({ attempt: 1, backoff, random: () => 0, retryAfterMs: 60_000, capMs: 5000 })).toBe(5000)
    expect(retryDelay({ attempt: 6, backoff, random: () => 0.5, capMs: 10_000 })).toBe(10_000)
  })
})
