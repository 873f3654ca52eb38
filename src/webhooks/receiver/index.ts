/**
 * `@epilot/sdk/webhooks/receiver` — portable build (browsers, workers, edge, Deno, Bun): WebCrypto, with
 * @noble/ed25519 where WebCrypto lacks Ed25519. No `node:` imports.
 *
 * Verify Standard Webhooks deliveries from epilot (`v1a` Ed25519, `v1`/`v1s` HMAC-SHA256), with framework
 * middleware, a public-key provider and replay protection. Pulls in no axios and no engine.
 * Both builds export the same API with the same types (`node.ts` re-exports this file's list); see
 * docs/signatures.md.
 *
 * @module @epilot/sdk/webhooks/receiver
 */
import { signWebhookPortable } from '../signature/sign-portable'
import { webCryptoBackend } from '../signature/web-crypto'
import {
  createExpressMiddlewareOn,
  createFetchHandlerOn,
  createNodeHandlerOn,
  createVerifierOn,
  verifyWebhookOn,
  verifyWebhookSyncOn,
  type ReceiverFunctions,
} from './receiver-api'

// Each function is bound on its own (and marked pure), so bundlers keep only the ones a consumer imports.
// Its TSDoc is written once, on ReceiverFunctions; `@function` makes typedoc render it as a function.
/** @function */
export const createVerifier: ReceiverFunctions['createVerifier'] = /* @__PURE__ */ createVerifierOn(webCryptoBackend)
/** @function */
export const verifyWebhook: ReceiverFunctions['verifyWebhook'] = /* @__PURE__ */ verifyWebhookOn(webCryptoBackend)
/** @function */
export const verifyWebhookSync: ReceiverFunctions['verifyWebhookSync'] = /* @__PURE__ */ verifyWebhookSyncOn(webCryptoBackend)
/** @function */
export const createExpressMiddleware: ReceiverFunctions['createExpressMiddleware'] = /* @__PURE__ */ createExpressMiddlewareOn(webCryptoBackend)
/** @function */
export const createNodeHandler: ReceiverFunctions['createNodeHandler'] = /* @__PURE__ */ createNodeHandlerOn(webCryptoBackend)
/** @function */
export const createFetchHandler: ReceiverFunctions['createFetchHandler'] = /* @__PURE__ */ createFetchHandlerOn(webCryptoBackend)
/** @function */
export const signWebhook: ReceiverFunctions['signWebhook'] = signWebhookPortable

export {
  VERIFICATION_ERROR_STATUS,
  WebhookSigningError,
  WebhookVerificationError,
  type WebhookSigningErrorCode,
  type WebhookVerificationErrorCode,
} from '../signature/errors'
export { DEFAULT_TOLERANCE_SECONDS, HEADER_ID, HEADER_SIGNATURE, HEADER_TIMESTAMP, type SignatureVersion } from '../signature/constants'
export type { SignableMessage, SignerOptions, WebhookHeaders } from '../signature/signer-types'
export { createPublicKeyProvider, DEFAULT_WEBHOOKS_BASE_URL, type PublicKeyProviderOptions, type PublicKeyResponse } from './key-provider'
export { createMemoryReplayStore, type MemoryReplayStore, type MemoryReplayStoreOptions } from './replay-store'
export { DEFAULT_MAX_BODY_BYTES, type MiddlewareOptions } from './respond'
export type { ConnectMiddleware, NodeResponseLike, WebhookRequest } from './express'
export type { FetchWebhookHandler } from './fetch'
export type { NodeWebhookHandler } from './node-http'
export type { RequestWithBody } from './node-body'
export type { NodeRequestLike } from './read-body'
export type { ReceiverFunctions, VerifierSource, VerifyWebhookInput } from './receiver-api'
export type {
  PublicKeyProvider,
  RawVerifierOptions,
  ReplayStore,
  VerifiedDelivery,
  VerifierOptions,
  WebhookBody,
  WebhookHeadersInput,
  WebhookRequestParts,
  WebhookVerifier,
} from './types'
