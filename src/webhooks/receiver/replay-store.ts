import type { ReplayStore } from './types'

/** Options of the in-memory replay store. */
export interface MemoryReplayStoreOptions {
  /** Most ids kept at once; the oldest are forgotten first beyond this. Default 100 000. */
  maxEntries?: number
  /** Clock in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number
}

/** The in-memory {@link ReplayStore}; `size` is the number of ids it holds now (for metrics). */
export interface MemoryReplayStore extends ReplayStore {
  has(id: string): boolean
  add(id: string, expiresAtMs: number): void
  readonly size: number
}

/**
 * An in-process replay store: remembers each id until its expiry. Expired ids are swept out as new ones
 * arrive, and beyond `maxEntries` the oldest are forgotten. Good for a single process; use a shared store
 * (e.g. Redis `SET NX PX`) when several processes receive webhooks.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ publicKey, replay: createMemoryReplayStore() })
 * ```
 */
export function createMemoryReplayStore(options: MemoryReplayStoreOptions = {}): MemoryReplayStore {
  const maxEntries = options.maxEntries ?? 100_000
  const now = options.now ?? Date.now
  const seen = new Map<string, number>()
  let addsSinceSweep = 0

  const sweep = (): void => {
    const t = now()
    for (const [id, expiresAt] of seen) if (expiresAt <= t) seen.delete(id)
    addsSinceSweep = 0
  }

  return {
    has(id) {
      const expiresAt = seen.get(id)
      if (expiresAt === undefined) return false
      if (expiresAt > now()) return true
      seen.delete(id)
      return false
    },
    add(id, expiresAtMs) {
      seen.delete(id)
      seen.set(id, expiresAtMs)
      if (++addsSinceSweep >= 1024 || seen.size > maxEntries) sweep()
      while (seen.size > maxEntries) seen.delete(seen.keys().next().value as string)
    },
    get size() {
      return seen.size
    },
  }
}
