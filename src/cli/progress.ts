import type { Writable } from 'node:stream'

/** Erases the current terminal line and returns to its start. */
const CLEAR_LINE = '\r\u001b[2K'

/** A line on a terminal that is rewritten in place every tick and erased when the wait is over. */
export interface ProgressLine {
  /** Erases the line and stops the timer. Safe to call twice. */
  stop(): void
}

/**
 * Shows `render(elapsedSeconds)` on `stream`, rewritten every `intervalMs` (and at once), until `stop()`.
 * `onTick` runs on each tick too (e.g. to poll for news the next render shows). Only for terminals: the
 * caller decides that.
 */
export function startProgressLine(
  stream: Writable,
  render: (elapsedSeconds: number) => string,
  options: { intervalMs?: number; onTick?: () => void } = {},
): ProgressLine {
  const startedMs = Date.now()
  let stopped = false
  const draw = (): void => {
    if (!stopped) stream.write(`${CLEAR_LINE}${render(Math.floor((Date.now() - startedMs) / 1000))}`)
  }
  const timer = setInterval(() => {
    options.onTick?.()
    draw()
  }, options.intervalMs ?? 1000)
  timer.unref()
  draw()
  return {
    stop() {
      if (stopped) return
      stopped = true
      clearInterval(timer)
      stream.write(CLEAR_LINE)
    },
  }
}
