/**
 * A bounded map that forgets the least recently used entry when full. The verifier keeps prepared key objects
 * in one, keyed by the key text, so one-shot `verifyWebhook` calls import each key once, and a process that
 * sees ever new keys (e.g. one secret per tenant) does not grow without bound.
 */
export interface BoundedCache<V> {
  get(key: string): V | undefined
  set(key: string, value: V): void
  readonly size: number
}

/** Creates a {@link BoundedCache} holding at most `maxEntries` entries. */
export function createBoundedCache<V>(maxEntries: number): BoundedCache<V> {
  const entries = new Map<string, V>()
  return {
    get(key) {
      const value = entries.get(key)
      if (value !== undefined) {
        // Re-insert: a Map iterates in insertion order, so the first key is always the least recently used.
        entries.delete(key)
        entries.set(key, value)
      }
      return value
    },
    set(key, value) {
      entries.delete(key)
      entries.set(key, value)
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string)
    },
    get size() {
      return entries.size
    },
  }
}
