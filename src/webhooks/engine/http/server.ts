/**
 * The reference engine's REST API over `node:http`: the same paths, methods and statuses as openapi.json,
 * so the generated client (and the CLI) talk to it for real.
 *
 * Policies, in one place:
 * - Auth: `Authorization: Bearer <token>` on every route except `getPublicKey`; 401 `{ message, code }` otherwise.
 * - Bodies: read only after auth, at most `bodyLimitBytes` (default 1 MiB; 413 and the connection is closed
 *   beyond it); a non-empty body must be `application/json` (or `application/*+json`), else 415; bad JSON is 400.
 * - Errors: JSON `{ message, code, issues? }`. `EngineError`s answer with their `status` (400 validation with
 *   `issues`, 404, 429 with `Retry-After`), unknown paths 404, known paths with another method 405 + `Allow`,
 *   anything unexpected a generic 500 (details go to `logger`, never to the client).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { WebhookEngine } from '../api'
import { createAuthenticator, generateToken, type TokenCheck } from './auth'
import { DEFAULT_BODY_LIMIT_BYTES } from './body'
import { dashboardRoutes } from './dashboard'
import { createRequestHandler, type WebhooksRequestHandler } from './handler'
import { mountedRoute, type MountableRoute } from './mount'
import { Router, type RouteDefinition, type RouteHandler, type RouteOptions } from './router'
import { webhooksApiRoutes } from './routes'
import { inboundRoutes } from '../inbound/routes'

export { HttpError, type ErrorBody } from './errors'
export type { WebhooksRequestHandler } from './handler'
export type { RequestContext, RouteHandler, RouteOptions, RouteResponse } from './router'
export type { TokenCheck } from './auth'
export type { MountableRoute, MountedRouteContext } from './mount'

/** Options of {@link createWebhooksServer}. */
export interface WebhooksServerOptions {
  /**
   * Accepted bearer tokens: a list, or a function that decides per token (may be async).
   * Leave out to have the server generate one random token, readable as `server.token`.
   */
  tokens?: TokenCheck
  /** Largest request body accepted, in bytes; larger bodies get 413. Default 1 MiB. */
  bodyLimitBytes?: number
  /** Receives one line per request (`POST /v1/webhooks/configs 201 3.1ms`) and one per unexpected error. Never sees tokens or bodies. */
  logger?: (line: string) => void
  /**
   * Serve the web dashboard under `/dashboard/` (static files from the package's `dist/dashboard/`, read at the
   * first request; the app itself signs in with a bearer token and uses this REST API). Default false.
   */
  dashboard?: boolean
}

/** Where a started server listens. */
export interface ListenAddress {
  /** Base URL to give the client, e.g. `http://127.0.0.1:43123`. */
  url: string
  port: number
}

/** The HTTP server of a webhook engine. */
export interface WebhooksServer {
  /**
   * The request listener: pass it to `http.createServer`, or mount it in Express/Connect (`app.use(server.handler)`),
   * where paths it does not serve go to `next()` instead of a 404. Mount it before any body parser.
   */
  readonly handler: WebhooksRequestHandler
  /** The generated bearer token when the server was created without `tokens`; otherwise undefined. */
  readonly token: string | undefined
  /**
   * Adds a route (e.g. inbound webhooks). `path` is an OpenAPI-style template (`/v1/inbound/{id}`); static
   * segments win over parameters. With `auth: false` the handler must authenticate the request itself
   * (for webhooks: verify the signature over `await ctx.rawBody()`).
   *
   * @example
   * ```ts
   * server.addRoute('POST', '/inbound/{sourceId}', async (ctx) => {
   *   const raw = await ctx.rawBody()
   *   // verify the signature over raw, then hand the event to the engine
   *   return { status: 202 }
   * }, { auth: false })
   * ```
   */
  addRoute(method: string, path: string, handler: RouteHandler, options: RouteOptions): void
  /**
   * Adds a route given as data with a body-first handler (the body is read, size-limited, before `handle`).
   *
   * @example
   * ```ts
   * for (const route of inboundRoutes(hub)) server.mount(route)
   * ```
   */
  mount(route: MountableRoute): void
  /** The route table in match order (method, path template, auth). */
  routes(): Array<{ method: string; path: string; auth: boolean }>
  /** Starts listening (default: a free port on 127.0.0.1). */
  listen(port?: number, host?: string): Promise<ListenAddress>
  /** Stops listening and closes idle keep-alive connections; waits for requests in flight. Does not close the engine. */
  close(): Promise<void>
}

/**
 * Creates the engine's REST API server. Nothing listens until `listen()`; `handler` can be mounted elsewhere.
 *
 * @example
 * ```ts
 * import { createEngine, createWebhooksServer } from '@epilot/sdk/webhooks/engine'
 * import { createClient, authorize } from '@epilot/sdk/webhooks'
 *
 * const server = createWebhooksServer(createEngine())
 * const { url } = await server.listen()
 * const client = createClient({ baseURL: url })
 * authorize(client, server.token!)
 * await client.getConfigs()
 * await server.close()
 * ```
 */
export function createWebhooksServer(engine: WebhookEngine, options: WebhooksServerOptions = {}): WebhooksServer {
  const bodyLimitBytes = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES
  if (!Number.isInteger(bodyLimitBytes) || bodyLimitBytes < 0) throw new TypeError('bodyLimitBytes must be a non-negative integer')
  const token = options.tokens === undefined ? generateToken() : undefined
  const authenticate = createAuthenticator(options.tokens ?? [token as string])
  const router = new Router()
  for (const route of webhooksApiRoutes(engine)) router.add(route)
  // Inbound webhooks: management under /v1/webhooks/inbound (bearer auth), receive open (the token is the secret).
  for (const route of inboundRoutes(engine.inbound)) router.add(mountedRoute(route))
  if (options.dashboard) for (const route of dashboardRoutes()) router.add(route)

  const handler = createRequestHandler({
    router,
    authenticate: (req) => authenticate(req.headers),
    bodyLimitBytes,
    notFound: (method, path) => `No operation at ${method} ${path}; see openapi.json for the paths this server serves`,
    ...(options.logger ? { logger: options.logger } : {}),
  })

  let server: Server | undefined

  return {
    handler,
    token,
    addRoute(method: string, path: string, routeHandler: RouteHandler, routeOptions: RouteOptions): void {
      const definition: RouteDefinition = { method, path, handler: routeHandler, ...routeOptions }
      router.add(definition)
    },
    mount(route: MountableRoute): void {
      router.add(mountedRoute(route))
    },
    routes() {
      return router.list().map(({ method, path, auth }) => ({ method, path, auth }))
    },
    listen(port = 0, host = '127.0.0.1'): Promise<ListenAddress> {
      if (server) return Promise.reject(new Error('The server is already listening; call close() first'))
      const created = createServer(handler)
      server = created
      return new Promise((resolve, reject) => {
        created.once('error', (error) => {
          server = undefined
          reject(error)
        })
        created.listen(port, host, () => {
          const address = created.address() as AddressInfo
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
          resolve({ url: `http://${shownHost}:${address.port}`, port: address.port })
        })
      })
    },
    close(): Promise<void> {
      const current = server
      server = undefined
      if (!current) return Promise.resolve()
      return new Promise((resolve, reject) => {
        current.close((error) => (error ? reject(error) : resolve()))
        current.closeIdleConnections()
      })
    },
  }
}
