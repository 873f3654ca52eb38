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

/**
 * One logged event, compact: the payload is kept once as the JSON text sent, and time as epoch milliseconds.
 * Stores keep these ordered by (`createdMs`, `event_id`), which only ever grows (ids are time-ordered).
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
  status: WebhookEventStatus
  http_response?: HttpResponseRecord
  attempts: number
  /** The config's endpoint health when the event ended, kept only when it was not healthy (isolation). */
  health?: EndpointHealth
}

/** Fields of an event that change while it is delivered. */
export type EventUpdate = Partial<Pick<StoredEvent, 'status' | 'http_response' | 'attempts' | 'health'>>

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
 * A queued delivery of one logged event. Any worker may claim it; delivery is at-least-once and receivers dedupe
 * by `webhook-id` (the event id).
 */
export interface DeliveryJob {
  eventId: string
  configId: string
  /** Attempts already made. */
  attempts: number
  /** Epoch ms after which the event is marked failed instead of retried. */
  deadlineMs: number
  /** Epoch ms before which the job should not run (retries); informational for the in-memory queue. */
  runAtMs: number
}

/** Storage for configs, events and the delivery queue. Every method may be async. */
export interface EngineStore {
  saveConfig(stored: StoredConfig): Promise<void>
  getConfig(id: string): Promise<StoredConfig | undefined>
  /** Returns false when there was no such config. Events of the config stay. */
  deleteConfig(id: string): Promise<boolean>
  /** Must be indexed by eventName: cost grows with the configs of that event, not with all configs. */
  listConfigs(filter?: { eventName?: string }): Promise<StoredConfig[]>

  insertEvent(event: StoredEvent): Promise<void>
  updateEvent(eventId: string, update: EventUpdate): Promise<void>
  getEvent(eventId: string): Promise<StoredEvent | undefined>
  /** Events of one config (also a deleted one), newest first by (createdMs desc, event_id desc). */
  searchEvents(configId: string, query: EventQuery): Promise<StoredEventPage>

  enqueue(job: DeliveryJob): Promise<void>
  /**
   * Claims up to `max` queued jobs whose config `canRun` accepts (per-config concurrency), removing them from the
   * queue. A durable store would lease them instead.
   */
  claim(max: number, canRun: (configId: string) => boolean): Promise<DeliveryJob[]>
  /** Jobs waiting in the queue (not claimed). */
  queueSize(): Promise<number>
}
