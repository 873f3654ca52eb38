/**
 * The public functions of the receiver, built for one crypto backend ({@link receiverApi}), and their one
 * documentation ({@link ReceiverFunctions}). `index.ts` (WebCrypto/noble) and `node.ts` (node:crypto) each
 * bind them once, so both builds expose the same API with the same TSDoc.
 */
import type { CryptoBackend } from '../signature/backend'
import type { SignableMessage, SignerOptions, WebhookHeaders } from '../signature/signer-types'
import { expressMiddlewareFor, type ConnectMiddleware, type NodeResponseLike } from './express'
import { fetchHandlerFor, type FetchWebhookHandler } from './fetch'
import type { RequestWithBody } from './node-body'
import { nodeHandlerFor, type NodeWebhookHandler } from './node-http'
import type { MiddlewareOptions } from './respond'
import type { RawVerifierOptions, VerifierOptions, WebhookRequestParts, WebhookVerifier } from './types'
import { createVerifierWith } from './verifier'

/** Options of the one-shot `verifyWebhook`: the request parts plus how to verify. */
export type VerifyWebhookInput = WebhookRequestParts & VerifierOptions

/** A verifier, or the options to build one (plus middleware options). */
export type VerifierSource<T> = WebhookVerifier<T> | (VerifierOptions & MiddlewareOptions)

function isVerifier<T>(source: VerifierSource<T>): source is WebhookVerifier<T> {
  return typeof (source as WebhookVerifier<T> | null)?.verifyDelivery === 'function'
}

/** The options of a middleware source: the verifier's own, or those given beside a verifier. */
function resolve<T>(backend: CryptoBackend, source: VerifierSource<T>, options?: MiddlewareOptions) {
  if (isVerifier(source)) return { verifier: source, options: options ?? {} }
  return { verifier: createVerifierWith<T>(backend, source), options: { ...source, ...options } }
}

// One builder per public function, each bound to a backend on its own, so that a bundle importing only
// `verifyWebhook` from the portable build carries no middleware and no signer (see bench/receiver.ts).

/** {@link ReceiverFunctions.createVerifier} on a backend. */
export function createVerifierOn(backend: CryptoBackend): ReceiverFunctions['createVerifier'] {
  return ((options: VerifierOptions) => createVerifierWith(backend, options)) as ReceiverFunctions['createVerifier']
}

/** {@link ReceiverFunctions.verifyWebhook} on a backend. */
export function verifyWebhookOn(backend: CryptoBackend): ReceiverFunctions['verifyWebhook'] {
  return (async (input: VerifyWebhookInput) => createVerifierWith(backend, input).verify(input)) as ReceiverFunctions['verifyWebhook']
}

/** {@link ReceiverFunctions.verifyWebhookSync} on a backend. */
export function verifyWebhookSyncOn(backend: CryptoBackend): ReceiverFunctions['verifyWebhookSync'] {
  return ((input: VerifyWebhookInput) => createVerifierWith(backend, input).verifySync(input).payload) as ReceiverFunctions['verifyWebhookSync']
}

/** {@link ReceiverFunctions.createExpressMiddleware} on a backend. */
export function createExpressMiddlewareOn(backend: CryptoBackend): ReceiverFunctions['createExpressMiddleware'] {
  return ((source: VerifierSource<unknown>, options?: MiddlewareOptions) => {
    const resolved = resolve(backend, source, options)
    return expressMiddlewareFor(resolved.verifier, resolved.options)
  }) as ReceiverFunctions['createExpressMiddleware']
}

/** {@link ReceiverFunctions.createNodeHandler} on a backend. */
export function createNodeHandlerOn(backend: CryptoBackend): ReceiverFunctions['createNodeHandler'] {
  return ((source: VerifierSource<unknown>, handler: NodeWebhookHandler, options?: MiddlewareOptions) => {
    const resolved = resolve(backend, source, options)
    return nodeHandlerFor(resolved.verifier, handler, resolved.options)
  }) as ReceiverFunctions['createNodeHandler']
}

/** {@link ReceiverFunctions.createFetchHandler} on a backend. */
export function createFetchHandlerOn(backend: CryptoBackend): ReceiverFunctions['createFetchHandler'] {
  return ((source: VerifierSource<unknown>, handler: FetchWebhookHandler, options?: MiddlewareOptions) => {
    const resolved = resolve(backend, source, options)
    return fetchHandlerFor(resolved.verifier, handler, resolved.options)
  }) as ReceiverFunctions['createFetchHandler']
}

/** All of {@link ReceiverFunctions} on a backend and a signer, for a build whose size matters less (Node). */
export function receiverApi(
  backend: CryptoBackend,
  signWebhook: (options: SignerOptions & SignableMessage) => WebhookHeaders | Promise<WebhookHeaders>,
): ReceiverFunctions {
  return {
    createVerifier: createVerifierOn(backend),
    verifyWebhook: verifyWebhookOn(backend),
    verifyWebhookSync: verifyWebhookSyncOn(backend),
    createExpressMiddleware: createExpressMiddlewareOn(backend),
    createNodeHandler: createNodeHandlerOn(backend),
    createFetchHandler: createFetchHandlerOn(backend),
    signWebhook: async (options) => signWebhook(options),
  }
}

/** Options naming a source of keys with `parse: false`, plus middleware options. */
type RawSource = RawVerifierOptions & MiddlewareOptions

/**
 * The public functions of `@epilot/sdk/webhooks/receiver`, documented once here. Each build (`index.ts` on
 * WebCrypto/noble, `node.ts` on node:crypto) binds every one of them to its crypto backend. With
 * `parse: false` in the options, every function gives the verified body as a string instead of parsed JSON.
 */
export interface ReceiverFunctions {
  /**
   * Creates a verifier with its keys parsed and imported once; reuse it for every request.
   * Throws `WebhookVerificationError` (`invalid_key`) right away when a key cannot be read.
   *
   * @example
   * ```ts
   * const verifier = createVerifier<MyEvent>({ publicKey: process.env.EPILOT_WEBHOOK_PUBLIC_KEY })
   * const event = await verifier.verify({ body: rawBody, headers: request.headers })
   * const text = await createVerifier({ secret, parse: false }).verify({ body: rawBody, headers }) // string
   * ```
   */
  createVerifier(options: RawVerifierOptions): WebhookVerifier<string>
  createVerifier<T = unknown>(options: VerifierOptions): WebhookVerifier<T>

  /**
   * Verifies one delivery and returns its parsed JSON payload (the body as text with `parse: false`), or
   * throws `WebhookVerificationError` whose `code` says which check failed and `status` which HTTP status to
   * answer. `body` must be the raw body.
   *
   * @example
   * ```ts
   * const event = await verifyWebhook<MyEvent>({ body: await request.text(), headers: request.headers, publicKey })
   * ```
   */
  verifyWebhook(input: WebhookRequestParts & RawVerifierOptions): Promise<string>
  verifyWebhook<T = unknown>(input: VerifyWebhookInput): Promise<T>

  /**
   * Synchronous {@link verifyWebhook}: works on the Node build (node:crypto) with static keys; elsewhere it
   * throws `invalid_option` pointing at `verifyWebhook`.
   *
   * @example
   * ```ts
   * const event = verifyWebhookSync({ body: req.body, headers: req.headers, secret: 'whsec_…' })
   * ```
   */
  verifyWebhookSync(input: WebhookRequestParts & RawVerifierOptions): string
  verifyWebhookSync<T = unknown>(input: VerifyWebhookInput): T

  /**
   * Express/Connect middleware. Mount it after `express.raw({ type: 'application/json', limit: '1mb' })` (or with no body
   * parser at all); a verified delivery is put on `req.webhook` and `next()` is called. Every failure is
   * answered with JSON `{ error, message }` and never reaches your handler: 400/401/409/413 for a rejected
   * delivery, 500/503 for the receiver's own problem (e.g. `express.json()` ran first; the message names the fix).
   *
   * @example
   * ```ts
   * app.post('/webhooks', express.raw({ type: 'application/json', limit: '1mb' }), createExpressMiddleware({ publicKey }), (req, res) => {
   *   console.log(req.webhook!.id, req.webhook!.payload)
   *   res.sendStatus(204)
   * })
   * ```
   */
  createExpressMiddleware(source: RawSource, options?: MiddlewareOptions): ConnectMiddleware<string>
  createExpressMiddleware<T = unknown>(source: VerifierSource<T>, options?: MiddlewareOptions): ConnectMiddleware<T>

  /**
   * Wraps your handler as a Node `http` request listener that only calls it for verified deliveries.
   * `req` and `res` are typed by what the handler uses; annotate them (e.g. `res: ServerResponse`) for more.
   *
   * @example
   * ```ts
   * http.createServer(createNodeHandler({ publicKey }, async ({ payload, id }, req, res) => {
   *   await handle(payload)
   *   res.writeHead(204).end()
   * })).listen(3000)
   * ```
   */
  createNodeHandler<Req extends RequestWithBody = RequestWithBody, Res extends NodeResponseLike = NodeResponseLike>(
    source: RawSource,
    handler: NodeWebhookHandler<string, Req, Res>,
    options?: MiddlewareOptions,
  ): (req: Req, res: Res) => Promise<void>
  createNodeHandler<T = unknown, Req extends RequestWithBody = RequestWithBody, Res extends NodeResponseLike = NodeResponseLike>(
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
  createFetchHandler(source: RawSource, handler: FetchWebhookHandler<string>, options?: MiddlewareOptions): (request: Request) => Promise<Response>
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
