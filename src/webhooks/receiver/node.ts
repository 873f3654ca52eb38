/**
 * `@epilot/sdk/webhooks/receiver` — Node build (the `node` export condition): native node:crypto, synchronous
 * under the hood, key objects cached.
 *
 * Verify Standard Webhooks deliveries from epilot (`v1a` Ed25519, `v1`/`v1s` HMAC-SHA256), with framework
 * middleware, a public-key provider and replay protection. Pulls in no axios and no engine.
 * Both builds export the same API; see docs/signatures.md.
 *
 * @packageDocumentation
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { nodeBackend } from '../signature/node-crypto'
import { signWebhook as signWebhookNode } from '../signature/signer'
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
 * This build's functions, bound to node:crypto. Their TSDoc is written once, on {@link ReceiverFunctions}
 * (shared with the other build); `@function` makes typedoc render each one as a function with it.
 */
type Api = ReceiverFunctions<IncomingMessage, ServerResponse>

/** @function */
export const createVerifier: Api['createVerifier'] = (options) => createVerifierWith(nodeBackend, options)
/** @function */
export const verifyWebhook: Api['verifyWebhook'] = (input) => verifyWebhookWith(nodeBackend, input)
/** @function */
export const verifyWebhookSync: Api['verifyWebhookSync'] = (input) => verifyWebhookSyncWith(nodeBackend, input)
/** @function */
export const createExpressMiddleware: Api['createExpressMiddleware'] = (source, options) => expressMiddlewareWith(nodeBackend, source, options)
/** @function */
export const createNodeHandler: Api['createNodeHandler'] = (source, handler, options) => nodeHandlerWith(nodeBackend, source, handler, options)
/** @function */
export const createFetchHandler: Api['createFetchHandler'] = (source, handler, options) => fetchHandlerWith(nodeBackend, source, handler, options)
/** @function */
export const signWebhook: Api['signWebhook'] = async (options) => signWebhookNode(options)
