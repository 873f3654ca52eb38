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
import type { SignableMessage, SignerOptions, WebhookHeaders } from '../signature/signer-types'
import {
  expressMiddlewareWith,
  fetchHandlerWith,
  nodeHandlerWith,
  verifyWebhookSyncWith,
  verifyWebhookWith,
  type VerifierSource,
  type VerifyWebhookInput,
} from './bound'
import type { ConnectMiddleware, NodeResponseLike } from './express'
import type { FetchWebhookHandler } from './fetch'
import type { RequestWithBody } from './node-body'
import type { NodeWebhookHandler } from './node-http'
import type { MiddlewareOptions } from './respond'
import type { VerifierOptions, WebhookVerifier } from './types'
import { createVerifierWith } from './verifier'

export * from './shared-exports'

/**
 * Creates a verifier with its keys parsed and imported once; reuse it for every request.
 * Throws `WebhookVerificationError` (`invalid_key`) right away when a key cannot be read.
 *
 * @example
 * ```ts
 * const verifier = createVerifier<MyEvent>({ publicKey: process.env.EPILOT_WEBHOOK_PUBLIC_KEY })
 * const event = await verifier.verify({ body: rawBody, headers: request.headers })
 * ```
 */
export function createVerifier<T = unknown>(options: VerifierOptions): WebhookVerifier<T> {
  return createVerifierWith<T>(nodeBackend, options)
}

/**
 * Verifies one delivery and returns its parsed JSON payload, or throws `WebhookVerificationError` whose
 * `code` says which check failed and `status` which HTTP status to answer. `body` must be the raw body.
 *
 * @example
 * ```ts
 * const event = await verifyWebhook<MyEvent>({ body: await request.text(), headers: request.headers, publicKey })
 * ```
 */
export function verifyWebhook<T = unknown>(input: VerifyWebhookInput): Promise<T> {
  return verifyWebhookWith<T>(nodeBackend, input)
}

/**
 * Synchronous {@link verifyWebhook}: works on the Node build (node:crypto) with static keys; on other
 * runtimes it throws a TypeError pointing at `verifyWebhook`.
 *
 * @example
 * ```ts
 * const event = verifyWebhookSync({ body: req.body, headers: req.headers, secret: 'whsec_…' })
 * ```
 */
export function verifyWebhookSync<T = unknown>(input: VerifyWebhookInput): T {
  return verifyWebhookSyncWith<T>(nodeBackend, input)
}

/**
 * Express/Connect middleware. Mount it after `express.raw({ type: 'application/json' })` (or with no body
 * parser at all); a verified delivery is put on `req.webhook` and `next()` is called. Rejected deliveries get
 * 400/401/409/413 JSON `{ error, message }`; misconfiguration (e.g. `express.json()` ran first) goes to
 * `next(err)` with `status` 500.
 *
 * @example
 * ```ts
 * app.post('/webhooks', express.raw({ type: 'application/json' }), createExpressMiddleware({ publicKey }), (req, res) => {
 *   console.log(req.webhook.id, req.webhook.payload)
 *   res.sendStatus(204)
 * })
 * ```
 */
export function createExpressMiddleware<T = unknown>(source: VerifierSource<T>, options?: MiddlewareOptions): ConnectMiddleware<T> {
  return expressMiddlewareWith<T>(nodeBackend, source, options)
}

/**
 * Wraps your handler as a Node `http` request listener that only calls it for verified deliveries.
 *
 * @example
 * ```ts
 * http.createServer(createNodeHandler({ publicKey }, async ({ payload, id }, req, res) => {
 *   await handle(payload)
 *   res.writeHead(204).end()
 * })).listen(3000)
 * ```
 */
export function createNodeHandler<T = unknown, Req extends RequestWithBody = IncomingMessage, Res extends NodeResponseLike = ServerResponse>(
  source: VerifierSource<T>,
  handler: NodeWebhookHandler<T, Req, Res>,
  options?: MiddlewareOptions,
): (req: Req, res: Res) => Promise<void> {
  return nodeHandlerWith<T, Req, Res>(nodeBackend, source, handler, options)
}

/**
 * Wraps your handler as a Fetch handler `(request) => Promise<Response>` for Hono, Next.js route handlers,
 * Bun, Deno and Workers. Your handler returns a Response, or nothing for 204.
 *
 * @example
 * ```ts
 * // app/api/webhooks/route.ts
 * export const POST = createFetchHandler({ publicKey }, async ({ payload }) => {
 *   await handle(payload)
 * })
 * ```
 */
export function createFetchHandler<T = unknown>(
  source: VerifierSource<T>,
  handler: FetchWebhookHandler<T>,
  options?: MiddlewareOptions,
): (request: Request) => Promise<Response> {
  return fetchHandlerWith<T>(nodeBackend, source, handler, options)
}

/**
 * Signs a test delivery the way epilot does, so you can test your receiver. Resolves to the three headers
 * to send with the unchanged body.
 *
 * @example
 * ```ts
 * const body = JSON.stringify({ hello: 'world' })
 * const headers = await signWebhook({ id: 'msg_1', timestamp: Math.floor(Date.now() / 1000), body, secret: 'whsec_…' })
 * ```
 */
export async function signWebhook(options: SignerOptions & SignableMessage): Promise<WebhookHeaders> {
  return signWebhookNode(options)
}
