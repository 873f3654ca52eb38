/**
 * The one retry policy of the SDK, shared by the API client (src/core/client.ts) and the engine's deliveries and
 * OAuth token requests: which outcomes are worth another attempt, how long to wait (exponential backoff with equal
 * jitter), and how a `Retry-After` header (delta-seconds or HTTP date) bounds that wait.
 */

/** Exponential backoff settings, in ms. */
export interface Backoff {
  /** Wait before the first retry, before jitter. */
  baseMs: number
  /** Upper bound of the exponential part, before jitter. */
  maxMs: number
}

/**
 * Whether an HTTP status is worth another attempt: 408 (request timeout), 429 (too many requests) and every 5xx.
 * Any other status is the receiver's final word.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500
}

/**
 * Reads a `Retry-After` header as a wait in ms: delta-seconds (`120`) or an HTTP date, relative to `nowMs`.
 * Returns undefined when the header is absent or unreadable; a date in the past is a wait of 0.
 */
export function parseRetryAfter(value: string | readonly string[] | undefined, nowMs: number): number | undefined {
  const text = (typeof value === 'string' ? value : value?.[0])?.trim()
  if (!text) return undefined
  if (/^\d+$/.test(text)) return Number(text) * 1000
  // An HTTP date names its day and month; bare numbers such as `-5` are not dates (Date.parse would read a year).
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs)
}

/**
 * The backoff before retry number `attempt` (1-based): `min(maxMs, baseMs·2^(attempt-1))`, jittered to between half
 * and all of it ("equal jitter": retries of many requests spread out, yet never come back at once).
 */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number): number {
  const exp = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1))
  return exp / 2 + random() * (exp / 2)
}

/** What {@link retryDelay} decides from. */
export interface RetryDelayInput {
  /** Retry number (1-based): 1 after the first failed attempt. */
  attempt: number
  backoff: Backoff
  /** Jitter source in [0, 1). */
  random: () => number
  /** The server's `Retry-After`, already read by {@link parseRetryAfter}. */
  retryAfterMs?: number
  /** Longest acceptable wait (default: no bound). A `Retry-After` beyond it is cut to it. */
  capMs?: number
}

/**
 * How long to wait before the next attempt: the jittered backoff, stretched to at least the server's `Retry-After`,
 * and never more than `capMs`. Rounded to whole ms.
 */
export function retryDelay(input: RetryDelayInput): number {
  const wait = Math.max(backoffDelay(input.attempt, input.backoff, input.random), input.retryAfterMs ?? 0)
  return Math.round(Math.min(wait, input.capMs ?? Number.POSITIVE_INFINITY))
}

/** Waits `ms` with a real timer: the default `sleep` wherever one is injectable. */
export function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * The published retry schedule of configs with a `retryPolicy`: the wait before retry 1, 2, … 5
 * (5 s, 5 min, 30 min, 2 h, 5 h). A policy uses its first `maxAttempts` intervals.
 */
export const PUBLISHED_RETRY_SCHEDULE_MS: readonly number[] = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000]

/** A config's `retryPolicy` as the published contract has it. */
export interface ConfigRetryPolicy {
  /** false: one attempt, no automatic retries. */
  enabled: boolean
  /** Automatic retries AFTER the first attempt, 1–5 (default 3, so up to 4 requests). */
  maxAttempts?: number
}

/** Default `retryPolicy.maxAttempts` of the published contract. */
export const DEFAULT_POLICY_RETRIES = 3

/**
 * How many automatic retries a `retryPolicy` allows after the first attempt: 0 when disabled, else `maxAttempts`
 * (default 3) clamped to the schedule's 1–5.
 * @example policyRetries({ enabled: true }) // 3
 */
export function policyRetries(policy: ConfigRetryPolicy): number {
  if (!policy.enabled) return 0
  const n = policy.maxAttempts ?? DEFAULT_POLICY_RETRIES
  return Math.max(1, Math.min(PUBLISHED_RETRY_SCHEDULE_MS.length, Math.floor(Number.isFinite(n) ? n : DEFAULT_POLICY_RETRIES)))
}

/**
 * The wait before retry number `retry` (1-based) under a `retryPolicy`, from the published schedule times `scale`
 * (1 in production; tests and local use shrink it), stretched to at least the receiver's `Retry-After`.
 * Undefined when the policy allows no such retry.
 * @example scheduledRetryDelay({ enabled: true, maxAttempts: 2 }, 2) // 300000
 */
export function scheduledRetryDelay(policy: ConfigRetryPolicy, retry: number, options: { scale?: number; retryAfterMs?: number } = {}): number | undefined {
  if (retry < 1 || retry > policyRetries(policy)) return undefined
  const planned = (PUBLISHED_RETRY_SCHEDULE_MS[retry - 1] as number) * (options.scale ?? 1)
  return Math.round(Math.max(planned, options.retryAfterMs ?? 0))
}
