/**
 * `@epilot/sdk/webhooks/receiver` — portable build (browsers, workers, edge, Deno, Bun): WebCrypto, with
 * @noble/ed25519 where WebCrypto lacks Ed25519. No `node:` imports.
 *
 * Verify Standard Webhooks deliveries from epilot (`v1a` Ed25519, `v1`/`v1s` HMAC-SHA256), with framework
 * middleware, a public-key provider and replay protection. Pulls in no axios and no engine.
 * Both builds export the same API with the same types (`node.ts` re-exports this file's list); see
 * docs/signatures.md.
 *
 * @packageDocumentation
 */
import { signWebhookPortable } from '../signature/sign-portable'
import { webCryptoBackend } from '../signature/web-crypto'
import { receiverApi, type ReceiverFunctions } from './receiver-api'

// Bound once; unused functions of it are dropped by bundlers (the call has no side effects).
const api: ReceiverFunctions = /* @__PURE__ */ receiverApi(webCryptoBackend, signWebhookPortable)

// Each function's TSDoc is written once, on ReceiverFunctions; `@function` makes typedoc render it as one.
/** @function */
export const createVerifier: ReceiverFunctions['createVerifier'] = api.createVerifier
/** @function */
export const verifyWebhook: ReceiverFunctions['verifyWebhook'] = api.verifyWebhook
/** @function */
export const verifyWebhookSync: ReceiverFunctions['verifyWebhookSync'] = api.verifyWebhookSync
/** @function */
export const createExpressMiddleware: ReceiverFunctions['createExpressMiddleware'] = api.createExpressMiddleware
/** @function */
export const createNodeHandler: ReceiverFunctions['createNodeHandler'] = api.createNodeHandler
/** @function */
export const createFetchHandler: ReceiverFunctions['createFetchHandler'] = api.createFetchHandler
/** @function */
export const signWebhook: ReceiverFunctions['signWebhook'] = api.signWebhook

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
