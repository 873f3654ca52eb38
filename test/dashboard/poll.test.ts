import { describe, expect, it } from 'vitest'
import { nextDelay, startPolling, type PollTimers } from '../../src/dashboard/poll'

/** Timers that run only when the test says so, recording each requested pause. */
function manualTimers() {
  const pending: Array<{ run: () => void; ms: number; id: number }> = []
  const delays: number[] = []
  let next = 1
  const timers: PollTimers = {
    set(run, ms) {
      delays.push(ms)
      const id = next++
      pending.push({ run, ms, id })
      return id
    },
    clear(handle) {
      const at = pending.findIndex((p) => p.id === handle)
      if (at !== -1) pending.splice(at, 1)
    },
  }
  return {
    timers,
    delays,
    pending,
    /** Fires the oldest pending timer and lets the run settle. */
    async fire(): Promise<void> {
      pending.shift()?.run()
      await settle()
    },
  }
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}

describe('polling', () => {
  it('runs at once, then after each interval', async () => {
    const clock = manualTimers()
    let runs = 0
    const poller = startPolling({ run: async () => void runs++, intervalMs: 2000, maxIntervalMs: 30_000, timers: clock.timers })
    await settle()
    expect(runs).toBe(1)
    await clock.fire()
    await clock.fire()
    expect(runs).toBe(3)
    expect(clock.delays).toEqual([2000, 2000, 2000])
    poller.stop()
  })

  it('doubles the pause after each failure up to the ceiling, and resets after a success', async () => {
    const clock = manualTimers()
    const outcomes = [false, false, false, false, false, true, true]
    const told: number[] = []
    startPolling({
      run: async () => {
        if (!outcomes.shift()) throw new Error('down')
      },
      intervalMs: 2000,
      maxIntervalMs: 30_000,
      onError: (_error, retryInMs) => told.push(retryInMs),
      timers: clock.timers,
    })
    await settle()
    for (let i = 0; i < 6; i++) await clock.fire()
    expect(clock.delays).toEqual([4000, 8000, 16_000, 30_000, 30_000, 2000, 2000])
    expect(told).toEqual([4000, 8000, 16_000, 30_000, 30_000])
  })

  it('polls at the ceiling while the page is hidden', () => {
    expect(nextDelay({ intervalMs: 2000, maxIntervalMs: 30_000 }, 0, true)).toBe(30_000)
    expect(nextDelay({ intervalMs: 2000, maxIntervalMs: 30_000 }, 0, false)).toBe(2000)
  })

  it('refreshes on demand without overlapping a run in progress', async () => {
    const clock = manualTimers()
    let active = 0
    let most = 0
    let runs = 0
    const gates: Array<() => void> = []
    const poller = startPolling({
      run: () => {
        runs++
        active++
        most = Math.max(most, active)
        return new Promise<void>((done) =>
          gates.push(() => {
            active--
            done()
          }),
        )
      },
      intervalMs: 1000,
      maxIntervalMs: 10_000,
      timers: clock.timers,
    })
    poller.refresh()
    poller.refresh()
    expect(runs).toBe(1)
    gates.shift()?.()
    await settle()
    // The refreshes asked during the first run make exactly one more run, straight after it.
    expect(runs).toBe(2)
    gates.shift()?.()
    await settle()
    expect(most).toBe(1)
    expect(clock.pending).toHaveLength(1)
    // A refresh while idle cancels the pending timer and runs now.
    poller.refresh()
    expect(runs).toBe(3)
    expect(clock.pending).toHaveLength(0)
    gates.shift()?.()
    await settle()
    poller.stop()
    expect(clock.pending).toHaveLength(0)
  })

  it('schedules nothing after stop, even when a run was in progress', async () => {
    const clock = manualTimers()
    let release: () => void = () => undefined
    let successes = 0
    const poller = startPolling({
      run: () => new Promise<void>((done) => (release = done)),
      intervalMs: 1000,
      maxIntervalMs: 10_000,
      onSuccess: () => successes++,
      timers: clock.timers,
    })
    poller.stop()
    release()
    await settle()
    expect(clock.pending).toHaveLength(0)
    expect(successes).toBe(0)
  })
})
