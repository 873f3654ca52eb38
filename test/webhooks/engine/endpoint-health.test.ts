import { describe, expect, it } from 'vitest'
import { CircuitBreaker, DEFAULT_CIRCUIT_BREAKER } from '../../../src/webhooks/engine/delivery/circuit-breaker'
import { describeFailure, endpointOutcome, HealthTracker, healthSettings } from '../../../src/webhooks/engine/delivery/endpoint-health'
import { resolveOptions } from '../../../src/webhooks/engine/options'

const O = 'http://a.test:80'
const DAY = 86_400_000

function tracker(days = 5) {
  let t = Date.parse('2025-01-01T00:00:00Z')
  const breaker = new CircuitBreaker(DEFAULT_CIRCUIT_BREAKER, () => t)
  return { h: new HealthTracker(breaker, healthSettings(days), () => t), breaker, advance: (ms: number) => void (t += ms) }
}

const fail503 = { verdict: 'retry' as const, response: { status_code: 503, message: 'Service Unavailable' } }
const success = { verdict: 'succeeded' as const, response: { status_code: 200, message: 'OK' } }

describe('endpoint outcome of an attempt', () => {
  it('counts network errors, timeouts, 408, 429 and 5xx as failures of the endpoint', () => {
    expect(endpointOutcome(fail503)).toBe('failure')
    expect(endpointOutcome({ verdict: 'retry', response: { code: 'timeout', message: 'x' } })).toBe('failure')
    expect(endpointOutcome({ verdict: 'retry', response: { code: 'ECONNREFUSED' } })).toBe('failure')
  })

  it('counts any final answer as the endpoint being up, and failures before sending not at all', () => {
    expect(endpointOutcome(success)).toBe('success')
    expect(endpointOutcome({ verdict: 'failed', response: { status_code: 404 } })).toBe('success')
    expect(endpointOutcome({ verdict: 'failed', response: { code: 'url_blocked' } })).toBeUndefined()
    expect(endpointOutcome({ verdict: 'failed', response: { code: 'secret_missing' } })).toBeUndefined()
    expect(endpointOutcome({ verdict: 'retry', response: { code: 'oauth_token_failed' } })).toBeUndefined()
  })

  it('describes a failure in words', () => {
    expect(describeFailure({ status_code: 503, message: 'Service Unavailable' })).toBe('503 Service Unavailable')
    expect(describeFailure({ code: 'timeout', message: 'No complete response' })).toBe('timeout: No complete response')
  })
})

describe('health tracker', () => {
  it('asks to disable a config at once on 410 Gone', () => {
    const { h } = tracker()
    expect(h.observe('c1', O, { verdict: 'failed', response: { status_code: 410, message: 'Gone' } })).toMatch(/^The endpoint answered 410 Gone on 2025-01-01T00:00:00.000Z/)
  })

  it('asks to disable a config whose attempts all failed for disableAfterDays', () => {
    const { h, advance } = tracker(5)
    expect(h.observe('c1', O, fail503)).toBeUndefined()
    advance(5 * DAY - 1)
    expect(h.observe('c1', O, fail503)).toBeUndefined()
    advance(1)
    expect(h.observe('c1', O, fail503)).toMatch(/^Every delivery attempt failed for 5 days \(since 2025-01-01T00:00:00.000Z\); last error: 503 Service Unavailable/)
  })

  it('starts counting the days again after a success', () => {
    const { h, advance } = tracker(5)
    h.observe('c1', O, fail503)
    advance(4 * DAY)
    h.observe('c1', O, success)
    advance(2 * DAY)
    expect(h.observe('c1', O, fail503)).toBeUndefined()
  })

  it('views the circuit state, failure ratio and last error; a stored disabled reason wins', () => {
    const { h } = tracker()
    for (let i = 0; i < 10; i++) h.observe('c1', O, fail503)
    expect(h.view('c1', O)).toEqual({ state: 'open', failure_ratio: 1, window_attempts: 10, last_error: '503 Service Unavailable', last_failure_at: '2025-01-01T00:00:00.000Z' })
    expect(h.view('c1', O, { state: 'disabled', disabled_reason: 'gone', disabled_at: '2025-01-01T00:00:00.000Z' })).toMatchObject({ state: 'disabled', disabled_reason: 'gone' })
    expect(h.view('c2', 'http://b.test:80')).toEqual({ state: 'healthy', failure_ratio: 0, window_attempts: 0 })
  })
})

describe('isolation defaults', () => {
  it('bounds each async attempt to 15 s and each endpoint to 32 deliveries in flight; disables after 5 days', () => {
    const o = resolveOptions({})
    expect({ a: o.asyncAttemptTimeoutMs, e: o.perEndpointConcurrency, d: o.disableAfterDays, s: o.syncBudgetMs }).toEqual({ a: 15_000, e: 32, d: 5, s: 95_000 })
    expect(resolveOptions({ circuitBreaker: { probeIntervalMs: 5, minAttempts: undefined } }).circuitBreaker).toEqual({ ...DEFAULT_CIRCUIT_BREAKER, probeIntervalMs: 5 })
  })
})
