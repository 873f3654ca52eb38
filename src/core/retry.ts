/** The API client's retry settings; what is retried and how long to wait is decided by ./retry-policy. */
import { isRetryableStatus, retryDelay } from './retry-policy'

/** How failed requests are retried. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2; 0 turns retrying off. */
  retries?: number
  /** Base of the exponential backoff in ms. Default 300. */
  minDelayMs?: number
  /** Upper bound of any single wait (backoff or `Retry-After`) in ms. Default 10,000. */
  maxDelayMs?: number
}

/** Retry settings with every default filled in. */
export interface RetryPolicy {
  retries: number
  minDelayMs: number
  maxDelayMs: number
}

/** Methods that may be sent twice without changing the outcome (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS = new Set(['get', 'head', 'options', 'put', 'delete', 'trace'])

/** Turns the `retries` client option into a policy. */
export function retryPolicy(option: number | false | RetryOptions | undefined): RetryPolicy {
  const settings: RetryOptions = typeof option === 'number' ? { retries: option } : option === false ? { retries: 0 } : (option ?? {})
  return {
    retries: Math.max(0, Math.floor(settings.retries ?? 2)),
    minDelayMs: Math.max(0, settings.minDelayMs ?? 300),
    maxDelayMs: Math.max(0, settings.maxDelayMs ?? 10_000),
  }
}

/**
 * Whether a failed attempt is worth another, while retries remain: a 429 on any method (the server did nothing, it
 * asks to come back later); 408, 5xx and a failure to get any answer only on idempotent methods (a POST may have
 * been carried out although no success came back).
 */
export function shouldRetry(input: { method: string | undefined; status: number | undefined; attempt: number; canceled: boolean }, policy: RetryPolicy): boolean {
  if (input.canceled || input.attempt > policy.retries) return false
  if (input.status === 429) return true
  if (!IDEMPOTENT_METHODS.has((input.method ?? 'get').toLowerCase())) return false
  return input.status === undefined || isRetryableStatus(input.status)
}

/**
 * How long to wait before retry number `attempt` (1-based): exponential backoff with jitter, at least the server's
 * `Retry-After` (in ms), never more than `maxDelayMs`.
 */
export function clientRetryDelay(attempt: number, retryAfterMs: number | undefined, policy: RetryPolicy, random: () => number): number {
  return retryDelay({
    attempt,
    backoff: { baseMs: policy.minDelayMs, maxMs: policy.maxDelayMs },
    random,
    capMs: policy.maxDelayMs,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  })
}
