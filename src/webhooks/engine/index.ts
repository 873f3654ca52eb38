/**
 * `@epilot/sdk/webhooks/engine`: the reference webhook delivery engine — configs, filters, payloads, signed
 * keep-alive delivery with retries, an event log with stable paging, and replays.
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
 * @packageDocumentation
 */
export { createEngine } from './engine'
export type { DeliveryAttemptInfo, EngineOptions } from './options'
export type {
  EmitResult,
  EventConfigEntry,
  EventCursor,
  EventPage,
  EventSearchOptions,
  PublicKeyInfo,
  TriggerResult,
  WebhookEngine,
  WebhookEventRecord,
  WebhookEventStatus,
} from './api'
export * from './store'
export { createUrlPolicy, isInternalAddress, type UrlCheck, type UrlPolicy, type UrlPolicyOptions } from './url-policy'
export { DEFAULT_EVENTS } from './events-registry'
export {
  BadRequestError,
  ConfigValidationError,
  EngineError,
  NotFoundError,
  PayloadTooLargeError,
  QueueFullError,
  TransformError,
  UnauthorizedError,
  type ConfigIssue,
} from './errors'
export type * from './model'
export { validateConfig, deriveStatus, maskSecrets, keepMaskedSecrets, SECRET_MASK } from './config'
export { compileConfig, type CompiledConfig } from './compile'
export { buildExamplePayload, type ExamplePayload, type ExampleOptions } from './payload/example'
// The REST API over this engine (server.ts) and inbound webhooks (inbound/) are built by their own modules; they are
// re-exported here so `@epilot/sdk/webhooks/engine` is the one entry for the whole engine.
export {
  createWebhooksServer,
  HttpError,
  RequestValidationError,
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
} from './server'
export * from './inbound'
