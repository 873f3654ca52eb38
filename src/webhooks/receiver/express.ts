import { WebhookVerificationError } from '../signature/errors'
import { rawNodeBody, type RequestWithBody } from './node-body'
import { DEFAULT_MAX_BODY_BYTES, errorReply, reporter, type MiddlewareOptions } from './respond'
import type { VerifiedDelivery, WebhookVerifier } from './types'

/**
 * The parts of a Node `ServerResponse` the middleware and handlers use. Structural, so Node's own
 * `ServerResponse` (any `@types/node`), Express's `Response` and test doubles all fit.
 */
export interface NodeResponseLike {
  statusCode: number
  readonly headersSent?: boolean
  readonly writableEnded?: boolean
  setHeader(name: string, value: string): unknown
  writeHead(statusCode: number, headers?: Record<string, string>): this
  end(chunk?: string): unknown
}

declare global {
  // Express declares its Request inside this global namespace so that middleware can add fields to it.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The verified delivery, set by `createExpressMiddleware` before your handler runs. */
      webhook?: VerifiedDelivery
    }
  }
}

/** An Express/Connect request after the middleware: `webhook` holds the verified delivery. */
export interface WebhookRequest<T = unknown> extends RequestWithBody {
  webhook?: VerifiedDelivery<T>
}

/**
 * An Express/Connect `(req, res, next)` middleware. On success `req.webhook` holds the verified delivery
 * with a `T` payload: typed for Express users by the `Express.Request` augmentation this package ships, and
 * by {@link WebhookRequest} for Connect. (`req` is typed by what the middleware reads, so any framework's
 * request fits whatever it declares `webhook` as.)
 */
export type ConnectMiddleware<T = unknown> = (req: RequestWithBody, res: NodeResponseLike, next: (err?: unknown) => void) => void

/** Answers with a JSON body; `close` asks the client to drop the connection (used when the body was left unread). */
export function sendNodeJson(res: NodeResponseLike, status: number, body: string, close = false): void {
  res.statusCode = status
  res.setHeader('content-type', 'application/json; charset=utf-8')
  if (close) res.setHeader('connection', 'close')
  res.end(body)
}

/** Sends a verification failure as `{ error, message }` JSON. */
export function sendNodeError(res: NodeResponseLike, err: WebhookVerificationError): void {
  const { status, body } = errorReply(err)
  sendNodeJson(res, status, body, err.code === 'body_too_large')
}

/**
 * Express/Connect middleware around a verifier: on success sets `req.webhook` and calls `next()`. Every
 * verification failure is answered with `{ error, message }` JSON and never reaches the next handler:
 * 400/401/409/413 for a rejected delivery, 500/503 for the receiver's own problem (e.g. `express.json()` ran
 * first: the message names the fix, also in production, where Express's error page would only say
 * "Internal Server Error"). Other errors go to `next(err)`.
 */
export function expressMiddlewareFor<T>(verifier: WebhookVerifier<T>, options: MiddlewareOptions = {}): ConnectMiddleware<T> {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const report = reporter(options)
  return (req, res, next) => {
    const run = async (): Promise<void> => {
      try {
        const body = await rawNodeBody(req, limit)
        ;(req as WebhookRequest<T>).webhook = await verifier.verifyDelivery({ body, headers: req.headers })
      } catch (err) {
        report(err)
        if (err instanceof WebhookVerificationError) sendNodeError(res, err)
        else next(err)
        return
      }
      next()
    }
    void run()
  }
}
