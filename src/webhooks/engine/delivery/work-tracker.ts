/** The count of unfinished work that `idle()` and `close()` wait for, and the engine's closed state. */
import { EngineError } from '../errors'

/**
 * Counts work not yet at a terminal status (admitted events, running sync triggers), wakes idle() waiters, and
 * refuses new work once closed.
 */
export interface WorkTracker {
  begin(): void
  end(): void
  /** Resolves when the count is zero. */
  idle(): Promise<void>
  /** Throws engine_closed (503) once `close` was called. */
  assertOpen(): void
  /** Refuses new work from now on and resolves when the outstanding work is done. */
  close(): Promise<void>
}

export function createWorkTracker(): WorkTracker {
  let outstanding = 0
  let closed = false
  let waiters: Array<() => void> = []
  const idle = (): Promise<void> => {
    if (outstanding === 0) return Promise.resolve()
    return new Promise<void>((resolve) => waiters.push(resolve))
  }
  return {
    begin() {
      outstanding++
    },
    end() {
      outstanding--
      if (outstanding === 0) {
        const wake = waiters
        waiters = []
        for (const resolve of wake) resolve()
      }
    },
    idle,
    assertOpen() {
      if (closed) throw new EngineError('engine_closed', 'The engine is closed; create a new engine to deliver more events.')
    },
    close() {
      closed = true
      return idle()
    },
  }
}
