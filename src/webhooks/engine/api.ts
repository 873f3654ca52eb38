/**
 * The engine's public surface: what the HTTP server, the CLI, inbound webhooks and users' tests call.
 * Implemented by `createEngine` (engine.ts); kept in its own file so every consumer codes against one contract.
 */
import type * as api from '../../generated/webhooks/types'
import type { InboundHandler, InboundHub, InboundWebhook } from './inbound/types'
import type { EngineEvent, EventCursor, Metadata, WebhookConfig, WebhookEventStatus } from './model'

export type { EventCursor, WebhookEventStatus } from './model'

/** An entry of the configured-events registry. Hand-written: the engine always fills both fields (optional in `api.EventConfigEntry`). */
export interface EventConfigEntry {
  eventName: string
  eventLabel: string
}

/**
 * One logged delivery (or skipped event) of one config, as the API returns it. Hand-written: stricter than
 * `api.WebhookEvent` (created_at, event_name, status always set), `http_response.body` is any JSON (the generated
 * `Record<string, never>` cannot hold one), plus `attempts`.
 */
export interface WebhookEventRecord {
  event_id: string
  org_id: string
  webhook_config_id: string
  url?: string
  created_at: string
  event_name: string
  http_response?: { status_code?: number; message?: string; body?: unknown; code?: string }
  metadata?: Metadata
  status: WebhookEventStatus
  http_method?: api.WebhookEvent['http_method']
  /** The request body exactly as sent (JSON text). */
  payload?: string
  /** Attempts made so far (a reference engine extension of the schema). */
  attempts?: number
  /** Automatic retries before the outcome so far (attempts − 1 once sent). */
  retry_attempt?: number
  /** The attempts of this event, oldest first (at most the last 20): a reference engine extension. */
  attempt_history?: WebhookEventAttemptRecord[]
  /** Headers of the last request sent, secret values as `***`: a reference engine extension. */
  request_headers?: Record<string, string>
  /** Extension: the config's endpoint health when the event ended, present only when it was not healthy. */
  health?: api.EndpointHealth
}

/** One request made for an event (`attempt_history`). */
export interface WebhookEventAttemptRecord {
  attempt: number
  started_at: string
  duration_ms: number
  status_code?: number
  code?: string
  message?: string
}

/** Options of `emit` and `trigger`. */
export interface IdempotencyOptions {
  /**
   * Makes the call idempotent: a second call with the same key within 24 h (`idempotencyTtlMs`) records nothing
   * new and answers with the first call's event ids. 1–255 visible ASCII characters. Trigger keys are per config.
   */
  idempotencyKey?: string
}

/** Event search options: limit 1–100 (default 25), cursor from `next_cursor`, time range, event id, status. */
export type EventSearchOptions = api.SearchOptions

/** A page of events, newest first. Hand-written: `api.EventListResponse` has every field optional and looser records. */
export interface EventPage {
  data: WebhookEventRecord[]
  next_cursor?: EventCursor
  has_more: boolean
}

/** Options of the deprecated v1 event list. */
export interface LegacyEventListOptions {
  status?: 'succeeded' | 'failed' | 'in_progress'
  /** The `cursor` of the previous page, unchanged. */
  cursor?: string
}

/** A page of the deprecated v1 event list; `cursor` is absent on the last page. */
export interface LegacyEventPage {
  data: WebhookEventRecord[]
  cursor?: string
}

/** What `testOAuth` found: `success`, the token's lifetime and type as the provider reported them, and why in words. */
export type TestOAuthResult = api.TestOAuthResponse

/** Result of a sync or async trigger. Hand-written: `body` is the receiver's JSON (the generated `TriggerWebhookResp.body` is `Record<string, never>`). */
export interface TriggerResult {
  status_code?: string
  message?: string
  body?: unknown
  code?: string
  status?: api.TriggerWebhookResp['status']
  start_date?: string
  end_date?: string
  event_id: string
}

/** What `emit` did for each config subscribed to the event name. */
export interface EmitResult {
  deliveries: Array<{ configId: string; eventId: string; status: WebhookEventStatus }>
}

/** `getPublicKey` response. Hand-written: narrower than `api.PublicKeyResponse` (algorithm is always `ed25519`, issuer always set). */
export interface PublicKeyInfo {
  public_key: string
  algorithm: 'ed25519'
  issuer: string
}

/** One endpoint (receiver origin) in {@link EngineStats}. */
export interface EndpointStats {
  /** `scheme://host:port`. */
  origin: string
  /** Its circuit: `healthy` (closed), `open` (deliveries wait) or `half_open` (one probe in flight). */
  state: 'healthy' | 'open' | 'half_open'
  /** Deliveries in flight to it now. */
  inFlight: number
  /** Its concurrency budget (`perEndpointConcurrency`). */
  limit: number
  /** Failed share of the attempts in the circuit's window (while open: of the window that opened it). */
  failureRatio: number
  /** Attempts in that window. */
  windowAttempts: number
  /** When an open circuit admits its next probe (ISO 8601). */
  nextProbeAt?: string
}

/** What `engine.stats()` reports. */
export interface EngineStats {
  /** Deliveries waiting in the queue (not retries waiting for their time). */
  queued: number
  /** Deliveries being attempted now. */
  inFlight: number
  /** The queue's size limit (`maxQueueSize`): admitting more throws QueueFullError. */
  maxQueueSize: number
  /** Every endpoint that had a delivery, by origin. */
  endpoints: EndpointStats[]
}

/** The reference webhook engine. Every method validates its input once and throws typed `EngineError`s. */
export interface WebhookEngine {
  /** Creates a config (validated, id + creationTime assigned); returns it with secrets masked. */
  createConfig(input: unknown): Promise<WebhookConfig>
  getConfig(configId: string): Promise<WebhookConfig>
  /** PUT semantics: the body replaces the config; masked secrets sent back keep the stored ones. */
  updateConfig(configId: string, input: unknown): Promise<WebhookConfig>
  /** Deletes the config; its events stay queryable. */
  deleteConfig(configId: string): Promise<void>
  listConfigs(filter?: { eventName?: string }): Promise<WebhookConfig[]>

  getConfiguredEvents(): Promise<EventConfigEntry[]>
  registerEvent(entry: EventConfigEntry): void

  /** Fans an event out to every enabled config of that event name (filtered, shaped, signed, delivered async). */
  emit(eventName: string, event: EngineEvent, metadata: Metadata, options?: IdempotencyOptions): Promise<EmitResult>
  /** Delivers to one config now; `sync` waits for the receiver (30 s timeout, 2 retries by default). */
  trigger(configId: string, body: { metadata: Metadata } & Partial<EngineEvent>, options?: { sync?: boolean } & IdempotencyOptions): Promise<TriggerResult>

  getEvent(configId: string, eventId: string): Promise<WebhookEventRecord>
  searchEvents(configId: string, options?: EventSearchOptions): Promise<EventPage>
  /**
   * The deprecated v1 event list (`getWehookEvents`): 25 events a page, newest first, optionally of one status
   * (`succeeded`, `failed` or `in_progress`); `cursor` is the opaque string of the previous page. Prefer
   * {@link WebhookEngine.searchEvents}.
   */
  listEvents(configId: string, options?: LegacyEventListOptions): Promise<LegacyEventPage>
  /**
   * Runs the config's OAuth client-credentials token request once and reports the outcome (never the token).
   * Throws `invalid_request` when the config does not use OAuth client credentials or lacks its secret.
   */
  testOAuth(configId: string): Promise<TestOAuthResult>
  /** Re-delivers the stored payload to the config as it is now; recorded as a new event. */
  replayEvent(configId: string, eventId: string): Promise<{ eventId: string }>
  batchReplay(configId: string, eventIds: string[]): Promise<{ eventIds: string[] }>
  getExample(configId: string, request?: { automation_id?: string }): Promise<unknown>

  getPublicKey(orgId: string): PublicKeyInfo

  /**
   * Inbound webhooks: URLs outside systems call to feed events in. Each call becomes an event for the
   * handlers subscribed with `on`/`once`, and is emitted under its event key, so configs whose `eventName`
   * is that key forward it (filtered and signed) like any other event. See docs/inbound.md.
   */
  readonly inbound: InboundHub
  /** Creates an inbound webhook `{ eventKey }`; its `uuid` is the secret token of its `webhookUrl`. */
  createInboundWebhook(input: { eventKey: string }): Promise<InboundWebhook>
  /** Looks an inbound webhook up by its token or its public `webhookId`. */
  getInboundWebhook(uuidOrWebhookId: string): Promise<InboundWebhook>
  listInboundWebhooks(): Promise<InboundWebhook[]>
  /** Changes the event key only; the token never changes. */
  updateInboundWebhook(uuidOrWebhookId: string, input: { eventKey: string }): Promise<InboundWebhook>
  /** Deletes it; later calls with its token answer 404 and record nothing. */
  deleteInboundWebhook(uuidOrWebhookId: string): Promise<void>
  /** Subscribes to inbound events of one event key; returns a function that unsubscribes. */
  on(eventKey: string, handler: InboundHandler): () => void
  /** Subscribes for the next inbound event of that key only. */
  once(eventKey: string, handler: InboundHandler): () => void
  /** Removes a subscription made with `on` or `once`. */
  off(eventKey: string, handler: InboundHandler): void

  /**
   * Resolves when this process runs no delivery and the store holds no unfinished one. On a store shared by several
   * processes that means every process's admitted events are terminal (it polls the store to notice).
   */
  idle(): Promise<void>
  /**
   * Queue depth, deliveries in flight, and each endpoint's budget use and circuit state.
   * @example
   * const { queued, inFlight, endpoints } = await engine.stats()
   */
  stats(): Promise<EngineStats>
  /**
   * Resolves once the queue has room for `room` (default 1) more deliveries: await it after a `QueueFullError`
   * instead of sleeping. `room` is 1 to `maxQueueSize`; an emit needs room for one delivery per matching config.
   * @example
   * try { await engine.emit(name, event, metadata) } catch (e) { if (e instanceof QueueFullError) { await engine.drain(); await engine.emit(name, event, metadata) } }
   */
  drain(room?: number): Promise<void>
  /**
   * Stops accepting work and closes connections. On the in-memory store it first delivers what is queued (it would
   * be lost); on a durable store it only waits for the attempts running in this process — queued deliveries stay
   * in the store for the other workers or the next start. It never closes a store you passed in.
   */
  close(): Promise<void>
}
