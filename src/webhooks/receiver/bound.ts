/**
 * The public functions, parameterised by crypto backend. `index.ts` (WebCrypto/noble) and `node.ts`
 * (node:crypto) bind them to their backend, so both builds expose the same API.
 */
import type { CryptoBackend } from '../signature/backend'
import { expressMiddlewareFor, type ConnectMiddleware, type NodeResponseLike } from './express'
import { fetchHandlerFor, type FetchWebhookHandler } from './fetch'
import type { RequestWithBody } from './node-body'
import { nodeHandlerFor, type NodeWebhookHandler } from './node-http'
import type { MiddlewareOptions } from './respond'
import type { VerifierOptions, WebhookRequestParts, WebhookVerifier } from './types'
import { createVerifierWith } from './verifier'

/** Options of the one-shot `verifyWebhook`: the request parts plus how to verify. */
export type VerifyWebhookInput = WebhookRequestParts & VerifierOptions

/** A verifier, or the options to build one (plus middleware options). */
export type VerifierSource<T> = WebhookVerifier<T> | (VerifierOptions & MiddlewareOptions)

function isVerifier<T>(source: VerifierSource<T>): source is WebhookVerifier<T> {
  return typeof (source as WebhookVerifier<T>).verifyDelivery === 'function'
}

function resolve<T>(backend: CryptoBackend, source: VerifierSource<T>, options?: MiddlewareOptions) {
  if (isVerifier(source)) return { verifier: source, options: options ?? {} }
  return { verifier: createVerifierWith<T>(backend, source), options: { ...source, ...options } }
}

export async function verifyWebhookWith<T>(backend: CryptoBackend, input: VerifyWebhookInput): Promise<T> {
  return createVerifierWith<T>(backend, input).verify(input)
}

export function verifyWebhookSyncWith<T>(backend: CryptoBackend, input: VerifyWebhookInput): T {
  return createVerifierWith<T>(backend, input).verifySync(input).payload
}

export function expressMiddlewareWith<T>(backend: CryptoBackend, source: VerifierSource<T>, options?: MiddlewareOptions): ConnectMiddleware<T> {
  const resolved = resolve(backend, source, options)
  return expressMiddlewareFor(resolved.verifier, resolved.options)
}

export function nodeHandlerWith<T, Req extends RequestWithBody, Res extends NodeResponseLike>(
  backend: CryptoBackend,
  source: VerifierSource<T>,
  handler: NodeWebhookHandler<T, Req, Res>,
  options?: MiddlewareOptions,
): (req: Req, res: Res) => Promise<void> {
  const resolved = resolve(backend, source, options)
  return nodeHandlerFor(resolved.verifier, handler, resolved.options)
}

export function fetchHandlerWith<T>(
  backend: CryptoBackend,
  source: VerifierSource<T>,
  handler: FetchWebhookHandler<T>,
  options?: MiddlewareOptions,
): (request: Request) => Promise<Response> {
  const resolved = resolve(backend, source, options)
  return fetchHandlerFor(resolved.verifier, handler, resolved.options)
}
