/**
 * The engine's public surface: what the HTTP server, the CLI, inbound webhooks and users' tests call.
 * Implemented by `createEngine` (engine.ts); kept in its own file so every consumer codes against one contract.
 */
import type { InboundHandler, InboundHub, InboundWebhook } from './inbound/types'
import type { Metadata, EngineEvent, WebhookConfig } from './model'

/** An entry of the configured-events registry. */
export interface EventConfigEntry {
  eventName: string
  eventLabel: string
}

/** Terminal and transient statuses of a logged delivery. */
export type WebhookEventStatus = 'succeeded' | 'failed' | 'in_progress' | 'skipped'

/** One logged delivery (or skipped event) of one config, as the API returns it. */
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
  http_method?: 'GET' | 'POST' | 'PUT'
  /** The request body exactly as sent (JSON text). */
  payload?: string
  /** Attempts made so far (not part of the public API schema, but useful in tests and the demo). */
  attempts?: number
}

/** Cursor of the event search, as in `SearchOptions.cursor` / `EventListResponse.next_cursor`. */
export interface EventCursor {
  created_at: string
  event_id: string
}

/** Event search options (`SearchOptions`). */
export interface EventSearchOptions {
  limit?: number
  cursor?: Partial<EventCursor>
  timestamp?: { from?: string; to?: string }
  event_id?: string
  status?: 'succeeded' | 'failed' | 'skipped'
}

/** A page of events, newest first (`EventListResponse`). */
export interface EventPage {
  data: WebhookEventRecord[]
  next_cursor?: EventCursor
  has_more: boolean
}

/** Result of a sync or async trigger (`TriggerWebhookResp`). */
export interface TriggerResult {
  status_code?: string
  message?: string
  body?: unknown
  code?: string
  status?: 'succeeded' | 'failed'
  start_date?: string
  end_date?: string
  event_id: string
}

/** What `emit` did for each config subscribed to the event name. */
export interface EmitResult {
  deliveries: Array<{ configId: string; eventId: string; status: WebhookEventStatus }>
}

/** `getPublicKey` response. */
export interface PublicKeyInfo {
  public_key: string
  algorithm: 'ed25519'
  issuer: string
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
  emit(eventName: string, event: EngineEvent, metadata: Metadata): Promise<EmitResult>
  /** Delivers to one config now; `sync` waits for the receiver (30 s timeout, 2 retries by default). */
  trigger(configId: string, body: { metadata: Metadata } & Partial<EngineEvent>, options?: { sync?: boolean }): Promise<TriggerResult>

  getEvent(configId: string, eventId: string): Promise<WebhookEventRecord>
  searchEvents(configId: string, options?: EventSearchOptions): Promise<EventPage>
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

  /** Resolves when no delivery is queued or in flight. */
  idle(): Promise<void>
  /** Stops accepting work, waits for in-flight deliveries, closes connections. */
  close(): Promise<void>
}
