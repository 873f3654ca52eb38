/** Retry timing: exponential backoff with jitter, stretched to honour a Retry-After. */

/** Backoff settings (ms). */
export interface BackoffOptions {
  /** Delay before the first retry, before jitter (default 1000). */
  baseMs: number
  /** Upper bound of a single delay, before jitter (default 30000). */
  maxMs: number
}

/**
 * Delay before the next attempt after `attempts` attempts: `min(max, base·2^(attempts-1))`, jittered to between
 * half and all of it ("equal jitter", so retries of many events spread out), and at least `retryAfterMs`.
 */
export function retryDelay(attempts: number, options: BackoffOptions, random: () => number, retryAfterMs?: number): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempts - 1))
  const jittered = exp / 2 + random() * (exp / 2)
  return Math.max(jittered, retryAfterMs ?? 0)
}
