/**
 * `@epilot/sdk/webhooks/receiver` — portable build (browsers, workers, edge, Deno, Bun): WebCrypto, with
 * @noble/ed25519 where WebCrypto lacks Ed25519. No `node:` imports.
 *
 * Verify Standard Webhooks deliveries from epilot (`v1a` Ed25519, `v1`/`v1s` HMAC-SHA256), with framework
 * middleware, a public-key provider and replay protection. Pulls in no axios and no engine.
 * Both builds export the same API; see docs/signatures.md.
 *
 * @packageDocumentation
 */
import { webCryptoBackend } from '../signature/web-crypto'
import { signWebhookPortable } from '../signature/sign-portable'
import type { NodeResponseLike } from './express'
import type { RequestWithBody } from './node-body'
import {
  expressMiddlewareWith,
  fetchHandlerWith,
  nodeHandlerWith,
  verifyWebhookSyncWith,
  verifyWebhookWith,
  type ReceiverFunctions,
} from './bound'
import { createVerifierWith } from './verifier'

export * from './shared-exports'

/**
 * This build's functions, bound to WebCrypto (noble where WebCrypto lacks Ed25519). Their TSDoc is written once, on {@link ReceiverFunctions}
 * (shared with the other build); `@function` makes typedoc render each one as a function with it.
 */
type Api = ReceiverFunctions<RequestWithBody, NodeResponseLike>

/** @function */
export const createVerifier: Api['createVerifier'] = (options) => createVerifierWith(webCryptoBackend, options)
/** @function */
export const verifyWebhook: Api['verifyWebhook'] = (input) => verifyWebhookWith(webCryptoBackend, input)
/** @function */
export const verifyWebhookSync: Api['verifyWebhookSync'] = (input) => verifyWebhookSyncWith(webCryptoBackend, input)
/** @function */
export const createExpressMiddleware: Api['createExpressMiddleware'] = (source, options) => expressMiddlewareWith(webCryptoBackend, source, options)
/** @function */
export const createNodeHandler: Api['createNodeHandler'] = (source, handler, options) => nodeHandlerWith(webCryptoBackend, source, handler, options)
/** @function */
export const createFetchHandler: Api['createFetchHandler'] = (source, handler, options) => fetchHandlerWith(webCryptoBackend, source, handler, options)
/** @function */
export const signWebhook: Api['signWebhook'] = async (options) => signWebhookPortable(options)
