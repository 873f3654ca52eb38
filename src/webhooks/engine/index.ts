/**
 * `@epilot/sdk/webhooks/engine`: the reference webhook delivery engine — configs, filters, payloads, signed
 * keep-alive delivery with retries, an event log with stable paging, and replays — plus its REST API server and
 * inbound webhooks.
 *
 * @example
 * ```ts
 * import { createEngine } from '@epilot/sdk/webhooks/engine'
 *
 * const engine = createEngine()
 * const { id } = await engine.createConfig({ name: 'CRM', eventName: 'product_updated', url: 'https://crm.example.com/hook', httpMethod: 'POST' })
 * await engine.emit('product_updated', { entity: { _id: 'p1' } }, { organization_id: '123' })
 * await engine.idle()
 * const { data } = await engine.searchEvents(id!)
 * ```
 * @module @epilot/sdk/webhooks/engine
 */

// The engine and its public vocabulary.
export { createEngine } from './engine'
export type { DeliveryAttemptInfo, EngineOptions } from './options'
export type { EmitResult, EndpointStats, EngineStats, EventConfigEntry, EventPage, EventSearchOptions, PublicKeyInfo, ReplayOptions, TriggerResult, WebhookEngine, WebhookEventRecord } from './api'
export { AUTH_TYPES, CONDITION_FIELD_TYPES, CONDITION_OPERATIONS, HTTP_METHODS } from './model'
export type {
  ApiKeyConfig,
  Auth,
  AuthType,
  BasicAuthConfig,
  ChangedAttributes,
  ConditionFieldType,
  ConditionOperation,
  CustomOAuthParameter,
  CustomOAuthParameterType,
  EngineEvent,
  EventAttachment,
  EventCursor,
  Filter,
  HttpMethod,
  Metadata,
  OAuthConfig,
  PayloadConfiguration,
  SecureProxy,
  WebhookCondition,
  WebhookConditionGroup,
  WebhookConfig,
  WebhookEventStatus,
  WebhookPayload,
  WebhookStatus,
} from './model'
export {
  BadRequestError,
  ConfigValidationError,
  ENGINE_ERROR_STATUS,
  EngineError,
  NotFoundError,
  PayloadTooLargeError,
  QueueFullError,
  RequestValidationError,
  TransformError,
  UnauthorizedError,
  type ConfigIssue,
  type EngineErrorCode,
  type EngineErrorOptions,
  type ValidationIssue,
} from './errors'

// Stages users call on their own: config checks, compiled filters/payloads, example payloads, the event registry.
export { validateConfig } from './config/validate'
export { deriveStatus } from './config/status'
export { keepMaskedSecrets, maskSecrets, SECRET_MASK } from './config/secrets'
export { isSecretQueryName, maskUrl } from './config/url-secrets'
export { compileConfig, type CompiledConfig } from './config/compile'
export { DEFAULT_EVENTS } from './config/events-registry'
export { buildExamplePayload, type ExampleOptions, type ExamplePayload } from './payload/example'
export { createUrlPolicy, isInternalAddress, type UrlCheck, type UrlPolicy, type UrlPolicyOptions } from './delivery/url-policy'

// Storage seam.
export { createMemoryStore } from './store/memory'
export type { ClaimRequest, DeliveryJob, EngineStore, EventQuery, EventUpdate, HttpResponseRecord, PruneRequest, RecordBatch, RecordOutcome, Settlement, StoredConfig, StoredEvent, StoredEventPage } from './store/types'

// The REST API over the engine.
export {
  createWebhooksServer,
  HttpError,
  type ErrorBody,
  type ListenAddress,
  type MountableRoute,
  type MountedRouteContext,
  type RequestContext,
  type RouteHandler,
  type RouteOptions,
  type RouteResponse,
  type TokenCheck,
  type WebhooksRequestHandler,
  type WebhooksServer,
  type WebhooksServerOptions,
} from './http/server'

// Inbound webhooks.
export { createInboundHub, INBOUND_RECEIVE_PATH } from './inbound/hub'
export { INBOUND_BASE_PATH, inboundRoutes, type InboundRoute, type InboundRouteContext, type InboundRouteResult } from './inbound/routes'
export { createInboundRequestListener, type InboundListenerOptions } from './inbound/listener'
export { MAX_EVENT_KEY_LENGTH } from './inbound/validate'
export { TOKEN_HEADER } from './inbound/redact'
export type {
  InboundEmit,
  InboundEmitMetadata,
  InboundEvent,
  InboundFile,
  InboundHandler,
  InboundHub,
  InboundHubOptions,
  InboundLimits,
  InboundRequest,
  InboundWebhook,
} from './inbound/types'
