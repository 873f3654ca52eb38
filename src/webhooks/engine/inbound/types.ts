/**
 * Types of inbound webhooks: URLs that outside systems call to feed events into the engine.
 */

/** One inbound webhook as the management API returns it. */
export interface InboundWebhook {
  /** The secret token (`crypto.randomUUID()`). Whoever knows it can post events; share it only over a secure channel. */
  uuid: string
  /** Public, non-secret id of this webhook. Events carry it instead of the token. */
  webhookId: string
  /** Internal event name every call produces, e.g. `webhook.lead.created`. */
  eventKey: string
  /** URL to hand to the caller (`…/v1/webhooks/inbound/receive?token=<uuid>`); relative when no `baseUrl` is set. */
  webhookUrl: string
  /** ISO time of creation. */
  createdAt: string
  /** ISO time of the last `eventKey` change, if any. */
  updatedAt?: string
}

/** A file sent in a `multipart/form-data` call. */
export interface InboundFile {
  /** Form field name. */
  name: string
  /** File name the caller gave. */
  filename: string
  /** Content type of the part (`application/octet-stream` when the caller gave none). */
  contentType: string
  /** Size in bytes. */
  size: number
  /** File bytes, base64. */
  base64: string
}

/**
 * The internal event one call of an inbound webhook produces.
 * It never contains the token: it names the webhook by its public `webhookId`.
 */
export interface InboundEvent {
  eventKey: string
  /** Public id of the inbound webhook that was called (never the secret token). */
  webhookId: string
  /** ISO time the call arrived. */
  receivedAt: string
  /** `GET` or `POST`. */
  method: string
  /** Request headers, names in lower case, without credentials (`authorization`, `cookie`, `proxy-authorization`, `x-webhook-token`). */
  headers: Record<string, string | string[]>
  /** Query parameters without `token`; repeated names become arrays. */
  query: Record<string, string | string[]>
  /** The request's `Content-Type` header as sent (multipart keeps its boundary), if any. */
  contentType?: string
  /** The raw request body, base64 (empty string when there was none). */
  origin: string
  /** Parsed body: JSON value, text, or form fields (without `token`). Absent when the body was empty. */
  body?: unknown
  /** Files of a `multipart/form-data` call, in the order sent; empty otherwise. */
  files: InboundFile[]
}

/** A call to the receive endpoint, independent of the HTTP framework. */
export interface InboundRequest {
  method: string
  headers: Record<string, string | string[] | undefined>
  query: URLSearchParams | Record<string, string>
  /** The raw body bytes. */
  body: Uint8Array
}

/** Size limits of the receive endpoint. Calls beyond them are answered with 413. */
export interface InboundLimits {
  /** Largest accepted body in bytes (default 1 MiB). */
  maxBodyBytes?: number
  /** Most files per multipart call (default 20). */
  maxFiles?: number
  /** Largest accepted file in bytes (default: `maxBodyBytes`). */
  maxFileBytes?: number
}

/** Metadata passed to `emit` with every inbound event. */
export interface InboundEmitMetadata {
  organization_id: string
  /** Always `inbound_webhook`. */
  origin?: string
}

/** Forwards an inbound event to outgoing delivery, e.g. `engine.emit`. */
export type InboundEmit = (
  eventKey: string,
  event: { entity: Record<string, unknown> },
  metadata: InboundEmitMetadata,
) => Promise<unknown> | unknown

/** Receives inbound events subscribed with `on` / `once`. */
export type InboundHandler = (event: InboundEvent) => void | Promise<void>

/** Options of `createInboundHub`. */
export interface InboundHubOptions {
  /** Called with every inbound event so webhook configs whose `eventName` is the event key forward it. */
  emit?: InboundEmit
  /** Organization the events belong to; required when `emit` is set. */
  organizationId?: string
  /** Public origin of the server, e.g. `https://hooks.example.com`, used to build `webhookUrl`. */
  baseUrl?: string
  /** Clock (injected in tests). */
  now?: () => Date
  limits?: InboundLimits
  /** Receives errors thrown by handlers (default: `console.error`). Handler errors never fail a call. */
  onError?: (error: unknown, context: { eventKey: string; webhookId: string }) => void
}

/** Management, subscription and receive operations of inbound webhooks. */
export interface InboundHub {
  /** Creates an inbound webhook with a fresh secret token. */
  create(input: { eventKey: string }): InboundWebhook
  /** Looks a webhook up by its token or its public `webhookId`; throws `NotFoundError`. */
  get(uuid: string): InboundWebhook
  /** Every inbound webhook, oldest first. */
  list(): InboundWebhook[]
  /** Changes the event key (webhook addressed by token or `webhookId`); the token never changes. */
  update(uuid: string, input: { eventKey: string }): InboundWebhook
  /** Deletes the webhook (addressed by token or `webhookId`); later calls with its token answer 404. */
  delete(uuid: string): void
  /** Subscribes to an event key; returns a function that unsubscribes. */
  on(eventKey: string, handler: InboundHandler): () => void
  /** Subscribes for the next event of that key only. */
  once(eventKey: string, handler: InboundHandler): () => void
  /** Removes every subscription of `handler` to `eventKey`. */
  off(eventKey: string, handler: InboundHandler): void
  /** Turns one call into an inbound event, runs the handlers and forwards it to `emit`. */
  receive(request: InboundRequest): Promise<InboundEvent>
  /** The limits in force (defaults filled in). */
  readonly limits: Required<InboundLimits>
}
