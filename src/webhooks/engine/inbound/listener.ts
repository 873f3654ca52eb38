/** The inbound-webhook routes on their own `node:http` listener: a thin use of the engine's HTTP stack. */
import type { IncomingMessage, RequestListener } from 'node:http'
import { UnauthorizedError } from '../errors'
import { createRequestHandler } from '../http/handler'
import { mountedRoute } from '../http/mount'
import { Router } from '../http/router'
import { inboundRoutes } from './routes'
import type { InboundHub } from './types'

/** Options of {@link createInboundRequestListener}. */
export interface InboundListenerOptions {
  /** Largest body read from a request (default: the hub's `maxBodyBytes`). */
  bodyLimitBytes?: number
  /**
   * Decides whether a caller may use the management routes. Without it, management routes answer 401:
   * a listener exposed without thought serves only the receive endpoint.
   */
  authorize?: (req: IncomingMessage) => boolean | Promise<boolean>
}

/**
 * A `node:http` request listener serving only the inbound-webhook routes — for running inbound webhooks
 * without the engine's server, and for tests. Errors answer `{ code, message, issues? }` with their status.
 * @example
 * http.createServer(createInboundRequestListener(hub, { authorize: (req) => req.headers.authorization === `Bearer ${key}` })).listen(8080)
 */
export function createInboundRequestListener(hub: InboundHub, options: InboundListenerOptions = {}): RequestListener {
  const router = new Router()
  const limit = options.bodyLimitBytes ?? hub.limits.maxBodyBytes
  // The listener's limit caps every route, the receive routes' own (the hub's maxBodyBytes) included.
  for (const route of inboundRoutes(hub)) router.add(mountedRoute({ ...route, maxBodyBytes: Math.min(route.maxBodyBytes ?? limit, limit) }))
  const authorize = options.authorize
  const handler = createRequestHandler({
    router,
    bodyLimitBytes: limit,
    notFound: () => 'No such route: inbound webhooks live under /v1/webhooks/inbound',
    async authenticate(req) {
      if (authorize === undefined) throw new UnauthorizedError('Management routes are disabled: pass an authorize function to createInboundRequestListener')
      if (!(await authorize(req))) throw new UnauthorizedError('Send valid credentials to manage inbound webhooks')
    },
  })
  return (req, res) => handler(req, res)
}
