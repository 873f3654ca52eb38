/**
 * Whether a retry fits before the end of what the delivery may take — the retry schedule's end for async deliveries,
 * the sync budget for sync triggers — and how a receiver's `Retry-After` that does not fit ends it: at once, with
 * `code: 'retry_after_exceeds_budget'`, never by waiting past the end (or by retrying sooner than asked).
 */
import type { HttpResponseRecord } from '../store/types'

/** The code recorded when a receiver's `Retry-After` ends past the delivery's schedule or budget. */
export const RETRY_AFTER_EXCEEDS_BUDGET = 'retry_after_exceeds_budget'

/** What to do after a retryable outcome. */
export type RetryDecision =
  /** Wait `delayMs`, then attempt again. */
  | { kind: 'wait'; delayMs: number }
  /** Stop now; `response` is the last response, marked with a code when a `Retry-After` was the reason. */
  | { kind: 'stop'; response: HttpResponseRecord }

/** What {@link decideRetry} decides from. */
export interface RetryInput {
  /** The wait the retry policy chose (backoff stretched to the `Retry-After`), in ms. */
  delayMs: number
  /** The receiver's `Retry-After` in ms, when it sent one. */
  retryAfterMs: number | undefined
  nowMs: number
  /** When the delivery must be over (epoch ms): the schedule's end or the sync budget's end. */
  endMs: number
  /** The last attempt's response. */
  response: HttpResponseRecord
  /** `retry schedule` or `sync budget`, for the message. */
  limitName: string
}

/**
 * Waits when the next attempt can start before `endMs`; otherwise stops. A `Retry-After` reaching past `endMs` is
 * named in the recorded message and code, so the log says why no retry followed.
 * @example
 * decideRetry({ delayMs: 3_600_000, retryAfterMs: 3_600_000, nowMs: 0, endMs: 90_000, response, limitName: 'sync budget' })
 * // { kind: 'stop', response: { ...response, code: 'retry_after_exceeds_budget', message: '…' } }
 */
export function decideRetry(input: RetryInput): RetryDecision {
  const { delayMs, retryAfterMs, nowMs, endMs, response } = input
  if (nowMs + delayMs < endMs) return { kind: 'wait', delayMs }
  if (retryAfterMs === undefined || nowMs + retryAfterMs < endMs) return { kind: 'stop', response }
  const left = Math.max(0, Math.round((endMs - nowMs) / 1000))
  const asked = Math.round(retryAfterMs / 1000)
  const said = response.status_code !== undefined ? `${response.status_code}${response.message ? ` ${response.message}` : ''}: ` : ''
  return {
    kind: 'stop',
    response: {
      ...response,
      code: RETRY_AFTER_EXCEEDS_BUDGET,
      message: `${said}the receiver asked to retry after ${asked} s (Retry-After), past the end of the ${input.limitName} (${left} s left); not retried.`,
    },
  }
}

/**
 * The time left in a fixed retry schedule from retry number `retry` (1-based) on: the sum of its planned waits from
 * that retry to the last one the policy allows (`retries`), times `scale`. A `Retry-After` longer than this would
 * wait past the schedule's end.
 * @example remainingScheduleMs([5_000, 300_000, 1_800_000], 2, 3) // 2_100_000
 */
export function remainingScheduleMs(intervals: readonly number[], retry: number, retries: number, scale = 1): number {
  let sum = 0
  for (let i = Math.max(1, retry); i <= Math.min(retries, intervals.length); i++) sum += intervals[i - 1] as number
  return sum * scale
}
