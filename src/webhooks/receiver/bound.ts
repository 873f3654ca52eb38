/**
 * The public functions, parameterised by crypto backend, and their one documentation ({@link ReceiverFunctions}).
 * `index.ts` (WebCrypto/noble) and `node.ts` (node:crypto) bind them to their backend, so both builds expose the
 * same API with the same TSDoc.
 */
import type { CryptoBackend } from '../signature/backend'
import type { SignableMessage, SignerOptions, WebhookHeaders } from '../signature/signer-types'
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

/**
 * The public functions of `@epilot/sdk/webhooks/receiver`, documented once here. Each build (`index.ts` on
 * WebCrypto/noble, `node.ts` on node:crypto) binds every one of them to its crypto backend; `NodeRequest`
 * and `NodeResponse` are the default request/response types of {@link ReceiverFunctions.createNodeHandler}.
 */
export interface ReceiverFunctions<NodeRequest extends RequestWithBody, NodeResponse extends NodeResponseLike> {
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
  createVerifier<T = unknown>(options: VerifierOptions): WebhookVerifier<T>

  /**
   * Verifies one delivery and returns its parsed JSON payload, or throws `WebhookVerificationError` whose
   * `code` says which check failed and `status` which HTTP status to answer. `body` must be the raw body.
   *
   * @example
   * ```ts
   * const event = await verifyWebhook<MyEvent>({ body: await request.text(), headers: request.headers, publicKey })
   * ```
   */
  verifyWebhook<T = unknown>(input: VerifyWebhookInput): Promise<T>

  /**
   * Synchronous {@link verifyWebhook}: works on the Node build (node:crypto) with static keys; on other
   * runtimes it throws a TypeError pointing at `verifyWebhook`.
   *
   * @example
   * ```ts
   * const event = verifyWebhookSync({ body: req.body, headers: req.headers, secret: 'whsec_…' })
   * ```
   */
  verifyWebhookSync<T = unknown>(input: VerifyWebhookInput): T

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
  createExpressMiddleware<T = unknown>(source: VerifierSource<T>, options?: MiddlewareOptions): ConnectMiddleware<T>

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
  createNodeHandler<T = unknown, Req extends RequestWithBody = NodeRequest, Res extends NodeResponseLike = NodeResponse>(
    source: VerifierSource<T>,
    handler: NodeWebhookHandler<T, Req, Res>,
    options?: MiddlewareOptions,
  ): (req: Req, res: Res) => Promise<void>

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
  createFetchHandler<T = unknown>(
    source: VerifierSource<T>,
    handler: FetchWebhookHandler<T>,
    options?: MiddlewareOptions,
  ): (request: Request) => Promise<Response>

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
  signWebhook(options: SignerOptions & SignableMessage): Promise<WebhookHeaders>
}
