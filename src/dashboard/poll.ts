/**
 * Live updates by polling: run, wait, run again. Failures back off (doubling up to a ceiling) and success resets
 * the pace; a hidden tab polls at the ceiling. Runs never overlap. Timers and visibility are injected so the
 * schedule is testable without waiting.
 */

/** The timer functions the poller uses (default: the global ones). */
export interface PollTimers {
  set(run: () => void, ms: number): unknown
  clear(handle: unknown): void
}

export interface PollOptions {
  /** One refresh; a rejection counts as a failure. */
  run: () => Promise<void>
  /** Pause between successful runs. */
  intervalMs: number
  /** Longest pause (after repeated failures, or while hidden). */
  maxIntervalMs: number
  /** Told after each failure, with the pause before the next try. */
  onError?: (error: unknown, retryInMs: number) => void
  /** Told after each success. */
  onSuccess?: () => void
  /** True while the page is not visible (default: never). */
  isHidden?: () => boolean
  timers?: PollTimers
}

export interface Poller {
  /** Runs now (or right after the run in progress) and restarts the schedule from there. */
  refresh(): void
  /** Stops for good; a run in progress finishes but schedules nothing. */
  stop(): void
}

const globalTimers: PollTimers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/** The pause after a run: the interval after success, doubling after each failure in a row, capped. */
export function nextDelay(options: Pick<PollOptions, 'intervalMs' | 'maxIntervalMs'>, failuresInARow: number, hidden: boolean): number {
  if (hidden) return options.maxIntervalMs
  if (failuresInARow === 0) return options.intervalMs
  return Math.min(options.maxIntervalMs, options.intervalMs * 2 ** failuresInARow)
}

/** Starts polling: the first run happens at once. */
export function startPolling(options: PollOptions): Poller {
  const timers = options.timers ?? globalTimers
  let handle: unknown
  let running = false
  let again = false
  let stopped = false
  let failures = 0

  function schedule(ms: number): void {
    if (stopped) return
    handle = timers.set(() => {
      handle = undefined
      void tick()
    }, ms)
  }

  async function tick(): Promise<void> {
    if (stopped) return
    if (running) {
      again = true
      return
    }
    running = true
    let failed: { error: unknown } | undefined
    try {
      await options.run()
      failures = 0
    } catch (error) {
      failures++
      failed = { error }
    } finally {
      running = false
    }
    if (stopped) return
    const delay = nextDelay(options, failures, options.isHidden?.() ?? false)
    if (failed) options.onError?.(failed.error, delay)
    else options.onSuccess?.()
    if (again) {
      again = false
      void tick()
      return
    }
    schedule(delay)
  }

  void tick()
  return {
    refresh() {
      if (stopped) return
      if (handle !== undefined) timers.clear(handle)
      handle = undefined
      void tick()
    },
    stop() {
      stopped = true
      if (handle !== undefined) timers.clear(handle)
      handle = undefined
    },
  }
}
