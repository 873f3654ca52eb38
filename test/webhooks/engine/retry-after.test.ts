import { describe, expect, it } from 'vitest'
import { decideRetry, RETRY_AFTER_EXCEEDS_BUDGET } from '../../../src/webhooks/engine/delivery/retry-after'

const response = { status_code: 429, message: 'Too Many Requests' }

describe('retry decision against the end of the schedule or budget', () => {
  it('waits when the next attempt starts before the end', () => {
    expect(decideRetry({ delayMs: 5000, retryAfterMs: 5000, nowMs: 0, endMs: 90_000, response, limitName: 'sync budget' })).toEqual({ kind: 'wait', delayMs: 5000 })
  })

  it('stops at once with retry_after_exceeds_budget when the Retry-After ends past the end', () => {
    const decision = decideRetry({ delayMs: 3_600_000, retryAfterMs: 3_600_000, nowMs: 10_000, endMs: 90_000, response, limitName: 'sync budget' })
    expect(decision).toEqual({
      kind: 'stop',
      response: {
        status_code: 429,
        code: RETRY_AFTER_EXCEEDS_BUDGET,
        message: '429 Too Many Requests: the receiver asked to retry after 3600 s (Retry-After), past the end of the sync budget (80 s left); not retried.',
      },
    })
  })

  it('stops with the last response as it was when the backoff alone ends past the end', () => {
    expect(decideRetry({ delayMs: 20_000, retryAfterMs: undefined, nowMs: 80_000, endMs: 90_000, response, limitName: 'retry schedule' })).toEqual({ kind: 'stop', response })
  })
})

describe('time left in a fixed retry schedule', () => {
  it('sums the planned waits from this retry to the last one allowed, scaled', async () => {
    const { remainingScheduleMs } = await import('../../../src/webhooks/engine/delivery/retry-after')
    const schedule = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000]
    expect(remainingScheduleMs(schedule, 1, 3)).toBe(2_105_000)
    expect(remainingScheduleMs(schedule, 3, 3)).toBe(1_800_000)
    expect(remainingScheduleMs(schedule, 4, 3)).toBe(0)
    expect(remainingScheduleMs(schedule, 1, 5, 0.001)).toBeCloseTo(27_305)
  })
})
