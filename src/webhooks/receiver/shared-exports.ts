/** Exports identical in both builds (no crypto backend involved). */
export {
  WebhookSigningError,
  WebhookVerificationError,
  VERIFICATION_ERROR_STATUS,
  type WebhookSigningErrorCode,
  type WebhookVerificationErrorCode,
} from '../signature/errors'
export {
  DEFAULT_TOLERANCE_SECONDS,
  HEADER_ID,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  type SignatureVersion,
} from '../signature/constants'
export type { SignableMessage, SignerOptions, WebhookHeaders } from '../signature/signer-types'
export {
  createPublicKeyProvider,
  DEFAULT_WEBHOOKS_BASE_URL,
  type PublicKeyProviderOptions,
  type PublicKeyResponse,
} from './key-provider'
export { createMemoryReplayStore, type MemoryReplayStoreOptions } from './replay-store'
export { DEFAULT_MAX_BODY_BYTES, type MiddlewareOptions } from './respond'
export type { ConnectMiddleware, NodeResponseLike, WebhookRequest } from './express'
export type { FetchWebhookHandler } from './fetch'
export type { NodeWebhookHandler } from './node-http'
export type { RequestWithBody } from './node-body'
export type { NodeRequestLike } from './read-body'
export type { VerifierSource, VerifyWebhookInput } from './bound'
export type {
  PublicKeyProvider,
  ReplayStore,
  VerifiedDelivery,
  VerifierOptions,
  WebhookBody,
  WebhookHeadersInput,
  WebhookRequestParts,
  WebhookVerifier,
} from './types'
