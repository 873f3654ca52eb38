/**
 * Inbound webhooks: URLs that outside systems call (GET or POST, JSON, text, forms or files) to feed events
 * into the engine. See docs/inbound.md.
 */
export { createInboundHub, INBOUND_RECEIVE_PATH, INBOUND_ORIGIN } from './hub'
export { inboundRoutes, INBOUND_BASE_PATH } from './routes'
export type { InboundRoute, InboundRouteContext, InboundRouteResult } from './routes'
export { createInboundRequestListener } from './listener'
export type { InboundListenerOptions } from './listener'
export { MAX_EVENT_KEY_LENGTH } from './validate'
export { CREDENTIAL_HEADERS, TOKEN_HEADER, TOKEN_FIELD } from './redact'
export type {
  InboundEvent,
  InboundFile,
  InboundHub,
  InboundHubOptions,
  InboundHandler,
  InboundEmit,
  InboundEmitMetadata,
  InboundLimits,
  InboundRequest,
  InboundWebhook,
} from './types'
