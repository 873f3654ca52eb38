/** Background retention: prunes the event log by age (`retentionDays`) and count (`maxEvents`) now and then. */
import type { ResolvedOptions } from '../options'
import type { EngineStore } from './types'

const DAY_MS = 86_400_000

/** A running pruner; `stop` ends it. */
export interface Pruner {
  stop(): void
  /** Prunes once now; resolves with the events removed. */
  runOnce(): Promise<number>
}

/** Starts pruning `store` every `pruneIntervalMs` (and once soon after start). Errors are ignored: the next round retries. */
export function startPruner(store: EngineStore, o: Pick<ResolvedOptions, 'now' | 'retentionDays' | 'maxEvents' | 'pruneIntervalMs'>): Pruner {
  const runOnce = (): Promise<number> =>
    store.prune({ beforeMs: o.now() - o.retentionDays * DAY_MS, ...(o.maxEvents !== undefined ? { maxEvents: o.maxEvents } : {}) })
  const tick = (): void => void runOnce().catch(() => 0)
  const first = setTimeout(tick, 0)
  const timer = setInterval(tick, o.pruneIntervalMs)
  // Retention never keeps a process alive on its own.
  first.unref?.()
  timer.unref?.()
  return {
    stop() {
      clearTimeout(first)
      clearInterval(timer)
    },
    runOnce,
  }
}
