import { WebhookVerificationError } from '../signature/errors'
import { readFetchBody } from './read-body'
import { DEFAULT_MAX_BODY_BYTES, errorReply, reporter, type MiddlewareOptions } from './respond'
import type { VerifiedDelivery, WebhookVerifier } from './types'

/** Your code for a verified delivery; return a Response, or nothing for 204. */
export type FetchWebhookHandler<T = unknown> = (delivery: VerifiedDelivery<T>, request: Request) => Response | void | Promise<Response | void>

/**
 * Wraps a handler as `(request: Request) => Promise<Response>` for Hono, Next.js route handlers, Bun, Deno
 * and Workers. Pass the untouched Request (do not read its body first). Rejected deliveries are answered with
 * `{ error, message }` JSON; errors thrown by your handler propagate to the framework.
 */
export function fetchHandlerFor<T>(
  verifier: WebhookVerifier<T>,
  handler: FetchWebhookHandler<T>,
  options: MiddlewareOptions = {},
): (request: Request) => Promise<Response> {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const report = reporter(options)
  return async (request) => {
    let delivery: VerifiedDelivery<T>
    try {
      delivery = await verifier.verifyDelivery({ body: await readFetchBody(request, limit), headers: request.headers })
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err
      report(err)
      const { status, body } = errorReply(err)
      return new Response(body, { status, headers: { 'content-type': 'application/json; charset=utf-8' } })
    }
    return (await handler(delivery, request)) ?? new Response(null, { status: 204 })
  }
}
