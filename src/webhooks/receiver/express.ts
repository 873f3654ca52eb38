import { WebhookVerificationError } from '../signature/errors'
import { rawNodeBody, type RequestWithBody } from './node-body'
import { DEFAULT_MAX_BODY_BYTES, errorReply, type MiddlewareOptions } from './respond'
import type { VerifiedDelivery, WebhookVerifier } from './types'

/** The parts of a Node `ServerResponse` the middleware uses. */
export interface NodeResponseLike {
  statusCode: number
  readonly headersSent?: boolean
  readonly writableEnded?: boolean
  setHeader(name: string, value: string): unknown
  end(chunk?: string): unknown
}

/** An Express/Connect request after the middleware: `webhook` holds the verified delivery. */
export interface WebhookRequest<T = unknown> extends RequestWithBody {
  webhook?: VerifiedDelivery<T>
}

/** An Express/Connect `(req, res, next)` middleware. */
export type ConnectMiddleware<T = unknown> = (req: WebhookRequest<T>, res: NodeResponseLike, next: (err?: unknown) => void) => void

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
 * Express/Connect middleware around a verifier: on success sets `req.webhook` and calls `next()`; a rejected
 * delivery is answered 400/401/409/413 with JSON and never reaches the next handler; receiver
 * misconfiguration (body already parsed, bad key, key fetch down) goes to `next(err)` with a 5xx `status`.
 */
export function expressMiddlewareFor<T>(verifier: WebhookVerifier<T>, options: MiddlewareOptions = {}): ConnectMiddleware<T> {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  return (req, res, next) => {
    const run = async (): Promise<void> => {
      try {
        const body = await rawNodeBody(req, limit)
        req.webhook = await verifier.verifyDelivery({ body, headers: req.headers })
      } catch (err) {
        options.onError?.(err)
        if (err instanceof WebhookVerificationError && err.status < 500) sendNodeError(res, err)
        else next(err)
        return
      }
      next()
    }
    void run()
  }
}
