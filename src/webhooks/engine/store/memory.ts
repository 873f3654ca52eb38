/** The in-memory store: the embedded default. Compact records, indexed by event name, config and event id. */
import type { DeliveryJob, EngineStore, EventQuery, EventUpdate, StoredConfig, StoredEvent, StoredEventPage } from './types'

/** (createdMs, event_id) ascending. */
function compare(a: StoredEvent, createdMs: number, eventId: string): number {
  if (a.createdMs !== createdMs) return a.createdMs < createdMs ? -1 : 1
  return a.event_id < eventId ? -1 : a.event_id > eventId ? 1 : 0
}

/** First index of a sorted list where `before` stops holding (it holds for a prefix of the list). */
function partitionPoint(list: StoredEvent[], before: (event: StoredEvent) => boolean): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (before(list[mid] as StoredEvent)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** First index whose key is >= (createdMs, eventId). */
function lowerBound(list: StoredEvent[], createdMs: number, eventId: string): number {
  return partitionPoint(list, (e) => compare(e, createdMs, eventId) < 0)
}

/** First index whose createdMs is > ms. */
function afterTime(list: StoredEvent[], ms: number): number {
  return partitionPoint(list, (e) => e.createdMs <= ms)
}

function matches(event: StoredEvent, query: EventQuery): boolean {
  if (query.status !== undefined && event.status !== query.status) return false
  if (query.fromMs !== undefined && event.createdMs < query.fromMs) return false
  if (query.toMs !== undefined && event.createdMs > query.toMs) return false
  if (query.cursor && compare(event, query.cursor.createdMs, query.cursor.event_id) >= 0) return false
  return true
}

/** A FIFO with O(1) shift. */
class Fifo<T> {
  private items: T[] = []
  private head = 0
  get size(): number {
    return this.items.length - this.head
  }
  push(item: T): void {
    this.items.push(item)
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined
    const item = this.items[this.head]
    this.items[this.head++] = undefined as T
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    return item
  }
}

/**
 * Creates the in-memory store. Nothing survives the process; use it for tests, demos and single-process hosts.
 * @example
 * const engine = createEngine({ store: createMemoryStore() })
 */
export function createMemoryStore(): EngineStore {
  const configs = new Map<string, StoredConfig>()
  const configsByEvent = new Map<string, Map<string, StoredConfig>>()
  const events = new Map<string, StoredEvent>()
  const eventsByConfig = new Map<string, StoredEvent[]>()
  // Per-config FIFOs, iterated round-robin so one busy config cannot starve the others.
  const queues = new Map<string, Fifo<DeliveryJob>>()
  let queued = 0

  function unindex(stored: StoredConfig): void {
    const byEvent = configsByEvent.get(stored.config.eventName)
    byEvent?.delete(stored.config.id)
    if (byEvent && byEvent.size === 0) configsByEvent.delete(stored.config.eventName)
  }

  return {
    async saveConfig(stored) {
      const previous = configs.get(stored.config.id)
      if (previous) unindex(previous)
      configs.set(stored.config.id, stored)
      let byEvent = configsByEvent.get(stored.config.eventName)
      if (!byEvent) configsByEvent.set(stored.config.eventName, (byEvent = new Map()))
      byEvent.set(stored.config.id, stored)
    },
    async getConfig(id) {
      return configs.get(id)
    },
    async deleteConfig(id) {
      const stored = configs.get(id)
      if (!stored) return false
      unindex(stored)
      configs.delete(id)
      return true
    },
    async listConfigs(filter) {
      if (filter?.eventName !== undefined) return [...(configsByEvent.get(filter.eventName)?.values() ?? [])]
      return [...configs.values()]
    },

    async insertEvent(event) {
      events.set(event.event_id, event)
      let list = eventsByConfig.get(event.webhook_config_id)
      if (!list) eventsByConfig.set(event.webhook_config_id, (list = []))
      const last = list[list.length - 1]
      // Ids are time-ordered, so this is an append; stay correct if a caller inserts out of order.
      if (!last || compare(last, event.createdMs, event.event_id) < 0) list.push(event)
      else list.splice(lowerBound(list, event.createdMs, event.event_id), 0, event)
    },
    async updateEvent(eventId, update: EventUpdate) {
      const event = events.get(eventId)
      if (!event) return
      if (update.status !== undefined) event.status = update.status
      if (update.attempts !== undefined) event.attempts = update.attempts
      if (update.http_response !== undefined) event.http_response = update.http_response
      if (update.health !== undefined) event.health = update.health
    },
    async getEvent(eventId) {
      return events.get(eventId)
    },
    async searchEvents(configId, query): Promise<StoredEventPage> {
      if (query.event_id !== undefined) {
        const event = events.get(query.event_id)
        const data = event && event.webhook_config_id === configId && matches(event, query) ? [event] : []
        return { data, has_more: false }
      }
      const list = eventsByConfig.get(configId) ?? []
      let end = list.length
      if (query.cursor) end = Math.min(end, lowerBound(list, query.cursor.createdMs, query.cursor.event_id))
      if (query.toMs !== undefined) end = Math.min(end, afterTime(list, query.toMs))
      const data: StoredEvent[] = []
      let has_more = false
      for (let i = end - 1; i >= 0; i--) {
        const event = list[i] as StoredEvent
        if (query.fromMs !== undefined && event.createdMs < query.fromMs) break
        if (query.status !== undefined && event.status !== query.status) continue
        if (data.length === query.limit) {
          has_more = true
          break
        }
        data.push(event)
      }
      const last = data[data.length - 1]
      return has_more && last
        ? { data, has_more, next_cursor: { created_at: new Date(last.createdMs).toISOString(), event_id: last.event_id } }
        : { data, has_more }
    },

    async enqueue(job) {
      let fifo = queues.get(job.configId)
      if (!fifo) queues.set(job.configId, (fifo = new Fifo()))
      fifo.push(job)
      queued++
    },
    async claim(max, canRun) {
      const out: DeliveryJob[] = []
      let progressed = true
      while (out.length < max && progressed) {
        progressed = false
        for (const [configId, fifo] of queues) {
          if (out.length >= max) break
          if (!canRun(configId)) continue
          const job = fifo.shift()
          if (!job) continue
          out.push(job)
          queued--
          progressed = true
          queues.delete(configId)
          // Re-append at the end (round-robin) while it still has work.
          if (fifo.size > 0) queues.set(configId, fifo)
        }
      }
      return out
    },
    async queueSize() {
      return queued
    },
  }
}
