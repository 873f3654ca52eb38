import { describe, expect, it } from 'vitest'
import { CircuitBreaker, DEFAULT_CIRCUIT_BREAKER } from '../../../src/webhooks/engine/delivery/circuit-breaker'

const A = 'http://a.test:80'

function breaker(settings = DEFAULT_CIRCUIT_BREAKER) {
  let t = 1_000_000
  const b = new CircuitBreaker(settings, () => t)
  return { b, advance: (ms: number) => void (t += ms), now: () => t }
}

function record(b: CircuitBreaker, failures: number, successes = 0): void {
  for (let i = 0; i < successes; i++) b.record(A, 'success')
  for (let i = 0; i < failures; i++) b.record(A, 'failure')
}

describe('circuit breaker', () => {
  it('documents its defaults: 70 % of at least 10 attempts within 5 minutes, one probe every 30 s', () => {
    expect(DEFAULT_CIRCUIT_BREAKER).toEqual({ failureRatio: 0.7, minAttempts: 10, windowMs: 300_000, probeIntervalMs: 30_000 })
  })

  it('stays closed below the minimum number of attempts, even when all failed', () => {
    const { b } = breaker()
    record(b, 9)
    expect(b.view(A)).toMatchObject({ state: 'closed', attempts: 9, failureRatio: 1 })
    expect(b.tryPass(A)).toBe(true)
  })

  it('opens at 70 % failures of 10 attempts and refuses deliveries', () => {
    const { b } = breaker()
    record(b, 7, 3)
    expect(b.view(A)).toMatchObject({ state: 'open', attempts: 10, failureRatio: 0.7 })
    expect(b.tryPass(A)).toBe(false)
  })

  it('stays closed at 60 % failures', () => {
    const { b } = breaker()
    record(b, 6, 4)
    expect(b.view(A).state).toBe('closed')
  })

  it('forgets failures older than the window', () => {
    const { b, advance } = breaker()
    record(b, 9)
    advance(310_000)
    record(b, 1)
    expect(b.view(A)).toMatchObject({ state: 'closed', attempts: 1 })
  })

  it('admits exactly one probe per interval while open', () => {
    const { b, advance } = breaker()
    record(b, 10)
    advance(29_999)
    expect(b.tryPass(A)).toBe(false)
    advance(1)
    expect(b.tryPass(A)).toBe(true)
    expect(b.view(A).state).toBe('half_open')
    expect(b.tryPass(A)).toBe(false)
  })

  it('closes when the probe succeeds, with a fresh window', () => {
    const { b, advance } = breaker()
    record(b, 10)
    advance(30_000)
    b.tryPass(A)
    b.record(A, 'success')
    expect(b.view(A)).toMatchObject({ state: 'closed', attempts: 0 })
    expect(b.tryPass(A)).toBe(true)
  })

  it('stays open for another interval when the probe fails', () => {
    const { b, advance, now } = breaker()
    record(b, 10)
    advance(30_000)
    b.tryPass(A)
    b.record(A, 'failure')
    expect(b.view(A)).toMatchObject({ state: 'open', nextProbeMs: now() + 30_000 })
    expect(b.nextProbeMs()).toBe(now() + 30_000)
    expect(b.tryPass(A)).toBe(false)
  })

  it('lets the next delivery probe at once when the probe ended without an outcome', () => {
    const { b, advance } = breaker()
    record(b, 10)
    advance(30_000)
    b.tryPass(A)
    b.settle(A)
    expect(b.view(A).state).toBe('open')
    expect(b.tryPass(A)).toBe(true)
  })

  it('keeps endpoints apart', () => {
    const { b } = breaker()
    record(b, 10)
    expect(b.tryPass('http://b.test:80')).toBe(true)
    expect(b.nextProbeMs()).toBeDefined()
  })
})
