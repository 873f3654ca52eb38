/** The in-memory store: the embedded default. Compact records, indexed by event name, config and event id; a leased queue. */
import { QueueFullError } from '../errors'
import { MemoryQueue } from './memory-queue'
import type { DeliveryJob, EngineStore, EventQuery, EventUpdate, RecordBatch, RecordOutcome, Settlement, StoredConfig, StoredEvent, StoredEventPage } from './types'

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

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Logged events kept at most (default 100,000): recording more drops the oldest finished ones. Events whose
   * delivery is still queued are never dropped.
   */
  maxEvents?: number
}

/**
 * Creates the in-memory store. Nothing survives the process; use it for tests, demos and single-process hosts.
 * The event log is bounded by `maxEvents` (and pruned by age when the engine asks, see `retentionDays`).
 * @example
 * const engine = createEngine({ store: createMemoryStore({ maxEvents: 10_000 }) })
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): EngineStore {
  const maxEvents = options.maxEvents ?? 100_000
  const configs = new Map<string, StoredConfig>()
  const configsByEvent = new Map<string, Map<string, StoredConfig>>()
  const events = new Map<string, StoredEvent>()
  const eventsByConfig = new Map<string, StoredEvent[]>()
  // Every event in recording order (= createdMs order), for pruning the oldest first; `head` skips pruned ones.
  let order: StoredEvent[] = []
  let head = 0
  const queue = new MemoryQueue()
  const idempotency = new Map<string, { result: unknown; expiresMs: number }>()

  function unindex(stored: StoredConfig): void {
    const byEvent = configsByEvent.get(stored.config.eventName)
    byEvent?.delete(stored.config.id)
    if (byEvent && byEvent.size === 0) configsByEvent.delete(stored.config.eventName)
  }

  function insert(event: StoredEvent): void {
    events.set(event.event_id, event)
    order.push(event)
    let list = eventsByConfig.get(event.webhook_config_id)
    if (!list) eventsByConfig.set(event.webhook_config_id, (list = []))
    const last = list[list.length - 1]
    // Ids are time-ordered, so this is an append; stay correct if a caller inserts out of order.
    if (!last || compare(last, event.createdMs, event.event_id) < 0) list.push(event)
    else list.splice(lowerBound(list, event.createdMs, event.event_id), 0, event)
  }

  /** Drops events from the oldest while `drop` says so; stops at one whose delivery is still queued. */
  function pruneOldest(drop: (event: StoredEvent, live: number) => boolean): number {
    const touched = new Map<string, number>()
    let removed = 0
    while (head < order.length) {
      const event = order[head] as StoredEvent
      if (events.get(event.event_id) !== event) {
        head++ // already gone
        continue
      }
      if (!drop(event, events.size) || event.status === 'in_progress') break
      events.delete(event.event_id)
      touched.set(event.webhook_config_id, (touched.get(event.webhook_config_id) ?? 0) + 1)
      order[head++] = undefined as unknown as StoredEvent
      removed++
    }
    for (const [configId, count] of touched) {
      const list = eventsByConfig.get(configId)
      if (!list) continue
      // Pruned in (createdMs, event_id) order, so they are the front of the config's list.
      const prefix = list.slice(0, count).every((e) => events.get(e.event_id) !== e)
      const keep = prefix ? list.slice(count) : list.filter((e) => events.get(e.event_id) === e)
      if (keep.length === 0) eventsByConfig.delete(configId)
      else eventsByConfig.set(configId, keep)
    }
    if (head > 1024 && head * 2 > order.length) {
      order = order.slice(head)
      head = 0
    }
    return removed
  }

  function sweepKeys(nowMs: number): void {
    // Map order is insertion order, and every key lives equally long: expired keys are at the front.
    for (const [key, entry] of idempotency) {
      if (entry.expiresMs > nowMs) break
      idempotency.delete(key)
    }
  }

  return {
    durable: false,
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

    async record(batch: RecordBatch): Promise<RecordOutcome> {
      const key = batch.idempotency
      if (key) {
        sweepKeys(key.nowMs)
        const seen = idempotency.get(key.key)
        if (seen && seen.expiresMs > key.nowMs) return { recorded: false, result: seen.result }
      }
      if (batch.maxQueued !== undefined && batch.jobs.length > 0 && queue.waiting + batch.jobs.length > batch.maxQueued) {
        throw new QueueFullError(
          `The delivery queue is full (${queue.waiting} waiting, limit ${batch.maxQueued}); nothing was recorded — retry later or raise maxQueueSize.`,
        )
      }
      for (const event of batch.events) insert(event)
      for (const job of batch.jobs) queue.enqueue(job)
      if (key) idempotency.set(key.key, { result: key.result, expiresMs: key.expiresMs })
      // Prune in batches of 1 % so a full log does not copy its index on every record.
      if (events.size > maxEvents) pruneOldest((_e, live) => live > maxEvents - Math.floor(maxEvents / 100))
      return { recorded: true }
    },
    async updateEvent(eventId, update: EventUpdate) {
      const event = events.get(eventId)
      if (event) applyUpdate(event, update)
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
    async prune(request) {
      const max = request.maxEvents ?? Number.POSITIVE_INFINITY
      return pruneOldest((event, live) => event.createdMs < request.beforeMs || live > max)
    },

    async claim(request) {
      return queue.claim(request)
    },
    async extendLeases(workerId, eventIds, untilMs) {
      queue.extend(workerId, eventIds, untilMs)
    },
    async settle(workerId, eventId, settlement: Settlement) {
      const event = events.get(eventId)
      const next = settlement.kind === 'retry' && event ? { ...jobOf(event, settlement.attempts), runAtMs: settlement.runAtMs } : undefined
      if (!queue.release(workerId, eventId, next)) return false
      if (event) applyUpdate(event, settlement.update)
      return true
    },
    async nextWakeMs(workerId, nowMs) {
      return queue.nextWakeMs(workerId, nowMs)
    },
    async queueSize() {
      return queue.waiting
    },
    async pendingJobs() {
      return queue.pending
    },
  }

  /** The job fields a retry keeps (config and deadline come from the leased job). */
  function jobOf(event: StoredEvent, attempts: number): DeliveryJob {
    const leased = queue.leasedJob(event.event_id) as DeliveryJob
    return { eventId: event.event_id, configId: leased.configId, attempts, deadlineMs: leased.deadlineMs, runAtMs: 0 }
  }
}

function applyUpdate(event: StoredEvent, update: EventUpdate): void {
  if (update.status !== undefined) event.status = update.status
  if (update.attempts !== undefined) event.attempts = update.attempts
  if (update.http_response !== undefined) event.http_response = update.http_response
  if (update.retry_attempt !== undefined) event.retry_attempt = update.retry_attempt
  if (update.attempt_history !== undefined) event.attempt_history = update.attempt_history
  if (update.request_headers !== undefined) event.request_headers = update.request_headers
  if (update.health !== undefined) event.health = update.health
}
