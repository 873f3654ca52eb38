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
