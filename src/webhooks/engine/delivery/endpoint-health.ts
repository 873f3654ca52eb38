/**
 * Endpoint health of each config: what its attempts say about the receiver (fed to the endpoint's circuit breaker),
 * its last error, and whether it must be disabled — at once on `410 Gone` (Standard Webhooks asks senders to stop),
 * or when every attempt has failed for `disableAfterDays`. The `health` field of `getConfig` and of the event log is
 * built here ({@link HealthTracker.view}).
 */
import type { EndpointHealth } from '../../../generated/webhooks/types'
import type { CircuitBreaker, EndpointOutcome } from './circuit-breaker'

/** The parts of an attempt's outcome that health reads. */
export interface ObservedAttempt {
  verdict: 'succeeded' | 'retry' | 'failed'
  response: { status_code?: number; message?: string; code?: string }
}

/** Failure codes that say nothing about the receiver (the request was never sent): not counted by its circuit. */
const NOT_THE_ENDPOINT = new Set(['url_blocked', 'secret_missing', 'internal_error', 'ERR_INVALID_HTTP_TOKEN', 'ERR_INVALID_CHAR', 'ERR_INVALID_ARG_VALUE', 'ERR_INVALID_URL'])

/**
 * What an attempt means for its endpoint's circuit: a 2xx or any final answer (the receiver is up and says so) is a
 * success; network errors, timeouts, 408, 429 and 5xx are failures; failures before anything was sent count neither way.
 */
export function endpointOutcome(attempt: ObservedAttempt): EndpointOutcome | undefined {
  if (attempt.verdict === 'succeeded') return 'success'
  const { status_code: status, code } = attempt.response
  if (status !== undefined) return attempt.verdict === 'retry' ? 'failure' : 'success'
  if (code !== undefined && (NOT_THE_ENDPOINT.has(code) || code.startsWith('oauth_'))) return undefined
  return attempt.verdict === 'retry' ? 'failure' : undefined
}

/** The last failure in words: `503 Service Unavailable`, `timeout: No complete response within 15000 ms…`. */
export function describeFailure(response: ObservedAttempt['response']): string {
  const { status_code: status, message, code } = response
  if (status !== undefined) return [String(status), message].filter(Boolean).join(' ')
  return [code, message].filter(Boolean).join(': ') || 'unknown failure'
}

interface ConfigHealth {
  lastError?: string
  lastFailureMs?: number
  /** Start of the current run of failures (no success since); undefined after a success. */
  failingSinceMs?: number
}

/** Settings of the tracker. */
export interface HealthSettings {
  /** A config whose attempts all failed for this long is disabled (ms). */
  disableAfterMs: number
}

const DAY_MS = 86_400_000

/** `disableAfterDays` as the tracker's setting. */
export function healthSettings(disableAfterDays: number): HealthSettings {
  return { disableAfterMs: disableAfterDays * DAY_MS }
}

/**
 * Health of every config of one engine (in memory: it is rebuilt from new attempts after a restart; a disabled
 * config keeps its reason in its stored `health`).
 * @example
 * const disable = tracker.observe(configId, origin, result) // a reason when the config must be disabled
 */
export class HealthTracker {
  private readonly configs = new Map<string, ConfigHealth>()

  constructor(
    private readonly breaker: CircuitBreaker,
    private readonly settings: HealthSettings,
    private readonly now: () => number,
  ) {}

  /**
   * Records an attempt of `configId` to `origin` (empty when its URL was refused). Returns why the config must be
   * disabled now, or undefined.
   */
  observe(configId: string, origin: string, attempt: ObservedAttempt): string | undefined {
    const outcome = endpointOutcome(attempt)
    if (outcome !== undefined && origin !== '') this.breaker.record(origin, outcome)
    if (attempt.verdict === 'succeeded') {
      const h = this.configs.get(configId)
      if (h !== undefined) h.failingSinceMs = undefined
      return undefined
    }
    const now = this.now()
    let h = this.configs.get(configId)
    if (h === undefined) this.configs.set(configId, (h = {}))
    h.lastError = describeFailure(attempt.response)
    h.lastFailureMs = now
    h.failingSinceMs ??= now
    if (attempt.response.status_code === 410) {
      return `The endpoint answered 410 Gone on ${new Date(now).toISOString()}: it asks senders to stop. Enable the config again to resume deliveries.`
    }
    if (now - h.failingSinceMs >= this.settings.disableAfterMs) {
      const days = Math.round((this.settings.disableAfterMs / DAY_MS) * 100) / 100
      return `Every delivery attempt failed for ${days} day${days === 1 ? '' : 's'} (since ${new Date(h.failingSinceMs).toISOString()}); last error: ${h.lastError}. Enable the config again to resume deliveries.`
    }
    return undefined
  }

  /** Forgets a config's failures (it was re-enabled or deleted). */
  forget(configId: string): void {
    this.configs.delete(configId)
  }

  /**
   * The `health` of a config that delivers to `origin`: its endpoint's circuit and its own last failure; a stored
   * health with a `disabled_reason` (the config was disabled for its health) wins over the circuit's state.
   */
  view(configId: string, origin: string, stored?: EndpointHealth): EndpointHealth {
    const circuit = this.breaker.view(origin)
    const h = this.configs.get(configId)
    const out: EndpointHealth = {
      state: stored?.disabled_reason !== undefined ? 'disabled' : circuit.state === 'closed' ? 'healthy' : circuit.state,
      failure_ratio: Math.round(circuit.failureRatio * 1000) / 1000,
      window_attempts: circuit.attempts,
    }
    const lastError = h?.lastError ?? stored?.last_error
    if (lastError !== undefined) out.last_error = lastError
    const lastFailure = h?.lastFailureMs !== undefined ? new Date(h.lastFailureMs).toISOString() : stored?.last_failure_at
    if (lastFailure !== undefined) out.last_failure_at = lastFailure
    if (stored?.disabled_reason !== undefined) out.disabled_reason = stored.disabled_reason
    if (stored?.disabled_at !== undefined) out.disabled_at = stored.disabled_at
    return out
  }
}
