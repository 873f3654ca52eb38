/**
 * The storage seam of the engine. The pipeline talks to configs, logged events and the delivery queue only through
 * this interface, so a durable store (e.g. PostgreSQL, the queue claimed with `FOR UPDATE SKIP LOCKED`) can replace
 * the in-memory default without touching the pipeline.
 */
import type { EndpointHealth } from '../../../generated/webhooks/types'
import type { EventCursor, HttpMethod, Metadata, WebhookConfig, WebhookEventStatus } from '../model'

/** A config as stored: the full config (secrets in clear) and a revision bumped on every save. */
export interface StoredConfig {
  config: WebhookConfig & { id: string }
  /** Increases on every update; the engine recompiles its cached compiled config when it changes. */
  revision: number
}

/** The logged outcome of a request (or of why none was sent). */
export interface HttpResponseRecord {
  status_code?: number
  message?: string
  body?: unknown
  code?: string
}

/** One request made for an event, as logged (the API shows it as `attempt_history`). */
export interface AttemptRecord {
  /** Number of the attempt, from 1. */
  attempt: number
  /** When it started (epoch ms). */
  startedMs: number
  durationMs: number
  status_code?: number
  code?: string
  message?: string
}

/**
 * One logged event, compact: the payload is kept once as the JSON text sent, and time as epoch milliseconds.
 * Stores keep these ordered by (`createdMs`, `event_id`), which only ever grows (ids are time-ordered).
 * Fields are optional unless every event has them; stores must keep every field, including ones added later
 * (the PostgreSQL store keeps the record as JSONB beside its indexed columns).
 */
export interface StoredEvent {
  event_id: string
  org_id: string
  webhook_config_id: string
  event_name: string
  createdMs: number
  url?: string
  http_method?: HttpMethod
  metadata?: Metadata
  /** The request body exactly as sent (absent for skipped events and failed transforms). */
  payload?: string
  /**
   * The event's input before payload shaping and JSONata (`{ metadata, entity, … }` as JSON text), kept so a replay
   * with `reapply_transform` can run the config's current pipeline again. Often the very same string as `payload`
   * (no transform, nothing left out). Absent for skipped events.
   */
  original_payload?: string
  /** For an event recorded by a replay: the id of the event it replays. */
  replay_of?: string
  /** `payload` is a multipart envelope (files and text parts, see payload/multipart.ts), sent as multipart/form-data. */
  multipart?: true
  status: WebhookEventStatus
  http_response?: HttpResponseRecord
  attempts: number
  /** Automatic retries made so far (attempts − 1 once sent). */
  retry_attempt?: number
  /** The last attempts, oldest first (at most 20, `MAX_ATTEMPT_HISTORY`). */
  attempt_history?: AttemptRecord[]
  /** Headers of the last request sent, secret values masked. */
  request_headers?: Record<string, string>
  /** The config's endpoint health when the event ended, kept only when it was not healthy (isolation). */
  health?: EndpointHealth
}

/** Attempts kept in `attempt_history`. */
export const MAX_ATTEMPT_HISTORY = 20

/** Fields of an event that change while it is delivered. */
export type EventUpdate = Partial<Pick<StoredEvent, 'status' | 'http_response' | 'attempts' | 'retry_attempt' | 'attempt_history' | 'request_headers' | 'health'>>

/** Normalised search: `limit` already clamped, timestamps as epoch ms. */
export interface EventQuery {
  limit: number
  cursor?: { createdMs: number; event_id: string }
  fromMs?: number
  toMs?: number
  event_id?: string
  status?: WebhookEventStatus
}

/** A page of stored events, newest first. */
export interface StoredEventPage {
  data: StoredEvent[]
  next_cursor?: EventCursor
  has_more: boolean
}

/**
 * A queued delivery of one logged event. Any worker may claim it: a claim leases it to one worker for a while;
 * the worker settles it (done, or a retry at `runAtMs`), or the lease runs out and another worker claims it again.
 * Delivery is therefore at-least-once; receivers dedupe by `webhook-id` (the event id).
 */
export interface DeliveryJob {
  eventId: string
  configId: string
  /** Attempts already made. */
  attempts: number
  /** Epoch ms after which the event is marked failed instead of retried (configs without a `retryPolicy`). */
  deadlineMs: number
  /** Epoch ms before which the job is not claimed (retries wait in the store, not in a sleeping promise). */
  runAtMs: number
}

/** What a claim asks for. */
export interface ClaimRequest {
  /** Who leases the jobs; settling and extending check it. */
  workerId: string
  /** Jobs wanted at most. */
  max: number
  /** The store's idea of now (epoch ms): jobs with `runAtMs <= nowMs` and no live lease are claimable. */
  nowMs: number
  /** How long the lease lasts unless extended. */
  leaseMs: number
  /** Leased jobs of one config at once, over every worker of the store. */
  perConfigConcurrency: number
}

/** How a leased job ends this round. */
export type Settlement =
  /** Terminal: the event gets `update` and the job leaves the queue. */
  | { kind: 'done'; update: EventUpdate }
  /** Another attempt later: the event gets `update`, the job waits until `runAtMs` with `attempts`. */
  | { kind: 'retry'; update: EventUpdate; attempts: number; runAtMs: number }

/** Events to record, and the jobs of those to deliver: written together or not at all. */
export interface RecordBatch {
  events: StoredEvent[]
  jobs: DeliveryJob[]
  /** Refuse (QueueFullError, nothing written) when the jobs would make more than this many wait. */
  maxQueued?: number
  /**
   * With a key: when the same key was recorded before and has not expired, nothing is written and the earlier
   * `result` is returned instead.
   */
  idempotency?: { key: string; result: unknown; expiresMs: number; nowMs: number }
}

/** What {@link EngineStore.record} did. */
export type RecordOutcome = { recorded: true } | { recorded: false; result: unknown }

/** What {@link EngineStore.prune} removes: terminal events older than `beforeMs`, then the oldest beyond `maxEvents`. */
export interface PruneRequest {
  beforeMs: number
  maxEvents?: number
}

/**
 * Storage for configs, events and the delivery queue. Every method may be async.
 * `test/webhooks/engine/store/conformance.ts` is the contract every store passes.
 */
export interface EngineStore {
  /** True when the data outlives the process and other processes may share it (the engine then polls for work). */
  readonly durable?: boolean

  saveConfig(stored: StoredConfig): Promise<void>
  getConfig(id: string): Promise<StoredConfig | undefined>
  /** Returns false when there was no such config. Events of the config stay. */
  deleteConfig(id: string): Promise<boolean>
  /** Must be indexed by eventName: cost grows with the configs of that event, not with all configs. */
  listConfigs(filter?: { eventName?: string }): Promise<StoredConfig[]>

  /** Records events and queues jobs atomically; see {@link RecordBatch}. Throws QueueFullError when full. */
  record(batch: RecordBatch): Promise<RecordOutcome>
  updateEvent(eventId: string, update: EventUpdate): Promise<void>
  getEvent(eventId: string): Promise<StoredEvent | undefined>
  /** Events of one config (also a deleted one), newest first by (createdMs desc, event_id desc). */
  searchEvents(configId: string, query: EventQuery): Promise<StoredEventPage>
  /** Removes old events (never one whose delivery is still queued); returns how many. */
  prune(request: PruneRequest): Promise<number>

  /** Leases up to `max` claimable jobs to `workerId`, within the per-config concurrency over all workers. */
  claim(request: ClaimRequest): Promise<DeliveryJob[]>
  /** Moves the leases `workerId` holds on these events to `untilMs` (a heartbeat while attempts run). */
  extendLeases(workerId: string, eventIds: readonly string[], untilMs: number): Promise<void>
  /**
   * Ends a leased job's round. Returns false, changing nothing, when `workerId` no longer holds the lease (it
   * ran out and another worker claimed the job: that worker's outcome counts).
   */
  settle(workerId: string, eventId: string, settlement: Settlement): Promise<boolean>
  /**
   * The earliest epoch ms after `nowMs` at which a job not claimable now becomes claimable: a retry's run time, or
   * the end of a lease held by another worker than `workerId`.
   */
  nextWakeMs(workerId: string, nowMs: number): Promise<number | undefined>
  /** Jobs waiting to run (not leased). */
  queueSize(): Promise<number>
  /** Jobs not finished: waiting or leased. 0 means every admitted event is terminal. */
  pendingJobs(): Promise<number>
  /**
   * Calls `onWork` when another process queues or frees a job (LISTEN/NOTIFY); returns a function that stops it.
   * Optional: without it the engine polls.
   */
  subscribe?(onWork: () => void): Promise<() => Promise<void>>
  /** Releases connections; the engine never calls it on a store it was given. */
  close?(): Promise<void>
}
