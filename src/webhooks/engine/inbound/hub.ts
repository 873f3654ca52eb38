import { randomBytes } from 'node:crypto'
import { BadRequestError, ConfigValidationError, NotFoundError, PayloadTooLargeError } from '../errors'
import { DEFAULT_BODY_LIMIT_BYTES } from '../http/body'
import { Issues } from '../validation'
import { parseInboundBody, type ParsedBody } from './body'
import { firstValue, type Fields } from './fields'
import { eventBody, eventHeaders, lowerCaseHeaders, queryFields, redactBytes, TOKEN_FIELD, TOKEN_HEADER, withoutTokenField } from './redact'
import { TokenRegistry } from './tokens'
import type { InboundEvent, InboundHandler, InboundHub, InboundHubOptions, InboundLimits, InboundRequest, InboundWebhook } from './types'
import { parseEventKey, parseInboundInput } from './validate'

/** Path of the receive endpoint, relative to the server's origin. */
export const INBOUND_RECEIVE_PATH = '/v1/webhooks/inbound/receive'

/** Default most files per multipart call. */
const DEFAULT_MAX_FILES = 20

/** `metadata.origin` of every event an inbound webhook emits. */
const INBOUND_ORIGIN = 'inbound_webhook'

/** Prefix of public webhook ids; a uuid token never starts with it. */
const WEBHOOK_ID_PREFIX = 'iwh_'

interface StoredWebhook {
  uuid: string
  webhookId: string
  eventKey: string
  createdAt: string
  updatedAt?: string
}

interface Subscription {
  handler: InboundHandler
  once: boolean
}

/**
 * Creates a hub of inbound webhooks: URLs outside systems call to feed events in. Each webhook has a secret
 * token (`uuid`) and an event key; every call becomes an {@link InboundEvent} that subscribed handlers receive
 * and that `emit` forwards to outgoing delivery.
 * @example
 * const hub = createInboundHub({ emit: engine.emit.bind(engine), organizationId: 'org-1', baseUrl: 'https://hooks.example.com' })
 * const { webhookUrl } = hub.create({ eventKey: 'webhook.lead.created' })
 * hub.on('webhook.lead.created', (event) => console.log(event.body))
 */
export function createInboundHub(options: InboundHubOptions = {}): InboundHub {
  const limits = resolveLimits(options)
  const now = options.now ?? (() => new Date())
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '')
  const onError = options.onError ?? defaultOnError
  const webhooks = new TokenRegistry<StoredWebhook>()
  // Management may address a webhook by its public id too, so paths and logs need not carry the secret.
  const byWebhookId = new Map<string, StoredWebhook>()
  const subscriptions = new Map<string, Subscription[]>()

  const view = (w: StoredWebhook): InboundWebhook => ({
    uuid: w.uuid,
    webhookId: w.webhookId,
    eventKey: w.eventKey,
    webhookUrl: `${baseUrl}${INBOUND_RECEIVE_PATH}?${TOKEN_FIELD}=${w.uuid}`,
    createdAt: w.createdAt,
    ...(w.updatedAt === undefined ? {} : { updatedAt: w.updatedAt }),
  })

  const find = (uuidOrWebhookId: string): StoredWebhook => {
    const found =
      typeof uuidOrWebhookId !== 'string'
        ? undefined
        : uuidOrWebhookId.startsWith(WEBHOOK_ID_PREFIX)
          ? byWebhookId.get(uuidOrWebhookId)
          : webhooks.get(uuidOrWebhookId)
    if (found === undefined) {
      throw new NotFoundError('No inbound webhook has this uuid or webhookId: list inbound webhooks to find it (deleted webhooks are gone for good)')
    }
    return found
  }

  const subscribe = (eventKey: string, handler: InboundHandler, once: boolean): (() => void) => {
    parseEventKey(eventKey)
    const entry: Subscription = { handler, once }
    subscriptions.set(eventKey, [...(subscriptions.get(eventKey) ?? []), entry])
    return () => removeSubscription(eventKey, (s) => s === entry)
  }

  const removeSubscription = (eventKey: string, match: (s: Subscription) => boolean): void => {
    const remaining = (subscriptions.get(eventKey) ?? []).filter((s) => !match(s))
    if (remaining.length === 0) subscriptions.delete(eventKey)
    else subscriptions.set(eventKey, remaining)
  }

  const dispatch = async (event: InboundEvent): Promise<void> => {
    const current = subscriptions.get(event.eventKey) ?? []
    const onceEntries = current.filter((s) => s.once)
    if (onceEntries.length > 0) removeSubscription(event.eventKey, (s) => onceEntries.includes(s))
    await Promise.all(
      current.map(async ({ handler }) => {
        try {
          await handler(event)
        } catch (error) {
          report(onError, error, event)
        }
      }),
    )
  }

  return {
    limits,

    create(input) {
      const { eventKey } = parseInboundInput(input)
      const stored: StoredWebhook = {
        uuid: TokenRegistry.newToken(),
        webhookId: newWebhookId(),
        eventKey,
        createdAt: now().toISOString(),
      }
      webhooks.set(stored.uuid, stored)
      byWebhookId.set(stored.webhookId, stored)
      return view(stored)
    },

    get: (uuid) => view(find(uuid)),

    list: () => webhooks.values().map(view),

    update(uuid, input) {
      const stored = find(uuid)
      const { eventKey } = parseInboundInput(input, view(stored) as unknown as Record<string, unknown>)
      stored.eventKey = eventKey
      stored.updatedAt = now().toISOString()
      return view(stored)
    },

    delete(uuid) {
      const stored = find(uuid)
      webhooks.delete(stored.uuid)
      byWebhookId.delete(stored.webhookId)
    },

    on: (eventKey, handler) => subscribe(eventKey, handler, false),
    once: (eventKey, handler) => subscribe(eventKey, handler, true),
    off: (eventKey, handler) => removeSubscription(eventKey, (s) => s.handler === handler),

    async receive(request: InboundRequest): Promise<InboundEvent> {
      const receivedAt = now().toISOString()
      const method = request.method.toUpperCase()
      if (method !== 'GET' && method !== 'POST') {
        throw new BadRequestError(`Method ${method.slice(0, 20)} is not supported: call an inbound webhook with GET or POST`)
      }
      if (request.body.byteLength > limits.maxBodyBytes) {
        throw new PayloadTooLargeError(`The body has ${request.body.byteLength} bytes; at most ${limits.maxBodyBytes} bytes are accepted`)
      }
      const headers = lowerCaseHeaders(request.headers)
      const query = queryFields(request.query)
      const contentType = firstValue(headers['content-type'])

      // Header first (preferred), then query; the body is only parsed for a token when neither carried one.
      let token = present(firstValue(headers[TOKEN_HEADER])) ?? present(firstValue(query[TOKEN_FIELD]))
      let parsed: ParsedBody | undefined
      if (token === undefined && method === 'POST') {
        parsed = await parseInboundBody(contentType, request.body, limits)
        token = present(bodyToken(parsed.body))
      }
      if (token === undefined) {
        throw new BadRequestError(
          `No token sent: pass the inbound webhook's token in the ${TOKEN_HEADER} header (preferred), the ${TOKEN_FIELD} query parameter or a ${TOKEN_FIELD} field of a POST body`,
        )
      }
      const webhook = webhooks.get(token)
      if (webhook === undefined) {
        throw new NotFoundError('No inbound webhook matches this token: check the webhook URL or token you were given')
      }
      parsed ??= await parseInboundBody(contentType, request.body, limits)

      const event: InboundEvent = {
        eventKey: webhook.eventKey,
        webhookId: webhook.webhookId,
        receivedAt,
        method,
        headers: eventHeaders(headers, token),
        query: withoutTokenField(query, token),
        ...(contentType === undefined ? {} : { contentType }),
        origin: redactBytes(request.body, token).toString('base64'),
        ...(parsed.body === undefined ? {} : { body: eventBody(parsed.body, token) }),
        files: parsed.files,
      }
      // Forward first: if delivery refuses the event (e.g. its queue is full) the caller gets the error and
      // may retry, and no in-process handler has run yet, so a retry does not run handlers twice.
      if (options.emit !== undefined) {
        await options.emit(event.eventKey, { entity: { ...event } }, { organization_id: options.organizationId!, origin: INBOUND_ORIGIN })
      }
      await dispatch(event)
      return event
    },
  }
}

function present(value: string | undefined): string | undefined {
  return value === '' ? undefined : value
}

function bodyToken(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined
  const value = (body as Fields)[TOKEN_FIELD] as unknown
  const first = Array.isArray(value) ? (value[0] as unknown) : value
  return typeof first === 'string' ? first : undefined
}

/** Public id of a webhook: not secret, distinct in shape from the uuid token so the two are never confused. */
function newWebhookId(): string {
  return `${WEBHOOK_ID_PREFIX}${randomBytes(12).toString('base64url')}`
}

function resolveLimits(options: InboundHubOptions): Required<InboundLimits> {
  const c = new Issues()
  const positive = (name: keyof InboundLimits, fallback: number): number => {
    const value = options.limits?.[name]
    if (value === undefined) return fallback
    if (!Number.isInteger(value) || value <= 0) c.fail(`limits.${name}`, 'must be a positive integer')
    return value
  }
  const maxBodyBytes = positive('maxBodyBytes', DEFAULT_BODY_LIMIT_BYTES)
  const limits = {
    maxBodyBytes,
    maxFiles: positive('maxFiles', DEFAULT_MAX_FILES),
    maxFileBytes: positive('maxFileBytes', maxBodyBytes),
  }
  if (options.emit !== undefined && (typeof options.organizationId !== 'string' || options.organizationId === '')) {
    c.fail('organizationId', 'is required when emit is set: events are emitted for one organization')
  }
  c.throwIfAny((issues) => new ConfigValidationError(issues))
  return limits
}

function report(onError: NonNullable<InboundHubOptions['onError']>, error: unknown, event: InboundEvent): void {
  try {
    onError(error, { eventKey: event.eventKey, webhookId: event.webhookId })
  } catch {
    // An error reporter that throws must not break the call either.
  }
}

function defaultOnError(error: unknown, context: { eventKey: string; webhookId: string }): void {
  console.error(`Inbound webhook handler for ${context.eventKey} (${context.webhookId}) failed:`, error)
}
