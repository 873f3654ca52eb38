import { WebhookVerificationError } from '../signature/errors'
import { sendNodeError, sendNodeJson, type NodeResponseLike } from './express'
import { rawNodeBody, type RequestWithBody } from './node-body'
import { DEFAULT_MAX_BODY_BYTES, reporter, type MiddlewareOptions } from './respond'
import type { VerifiedDelivery, WebhookVerifier } from './types'

/** Your code for a verified delivery; answer with `res`, or return and the handler answers 204. */
export type NodeWebhookHandler<T = unknown, Req extends RequestWithBody = RequestWithBody, Res extends NodeResponseLike = NodeResponseLike> = (
  delivery: VerifiedDelivery<T>,
  req: Req,
  res: Res,
) => void | Promise<void>

/**
 * Wraps a handler as a Node `http` request listener: reads the body (up to the size limit), verifies it and
 * calls the handler only for genuine deliveries. Failures are answered with `{ error, message }` JSON;
 * a throwing handler gets a 500 and is reported to `onError` (default: console.error, as are the receiver's
 * own 5xx failures).
 */
export function nodeHandlerFor<T, Req extends RequestWithBody, Res extends NodeResponseLike>(
  verifier: WebhookVerifier<T>,
  handler: NodeWebhookHandler<T, Req, Res>,
  options: MiddlewareOptions = {},
): (req: Req, res: Res) => Promise<void> {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const report = reporter(options)
  return async (req, res) => {
    let delivery: VerifiedDelivery<T>
    try {
      delivery = await verifier.verifyDelivery({ body: await rawNodeBody(req, limit), headers: req.headers })
    } catch (err) {
      report(err)
      if (err instanceof WebhookVerificationError) sendNodeError(res, err)
      else if (!res.headersSent) sendNodeError(res, new WebhookVerificationError('invalid_body', 'The request body could not be read.'))
      return
    }
    try {
      await handler(delivery, req, res)
      if (!res.headersSent && res.writableEnded !== true) {
        res.statusCode = 204
        res.end()
      }
    } catch (err) {
      report(err)
      if (!res.headersSent) sendNodeJson(res, 500, JSON.stringify({ error: 'handler_error', message: 'The webhook handler failed.' }))
    }
  }
}
