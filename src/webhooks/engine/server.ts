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
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { WebhookEngine } from './api'
import { createAuthenticator, generateToken, type TokenCheck } from './http/auth'
import { DEFAULT_BODY_LIMIT_BYTES } from './http/body'
import { dashboardRoutes } from './http/dashboard'
import { Context } from './http/context'
import { HttpError, toErrorAnswer } from './http/errors'
import { mountedRoute, type MountableRoute } from './http/mount'
import { Router, type RouteDefinition, type RouteHandler, type RouteOptions } from './http/router'
import { webhooksApiRoutes } from './http/routes'
import { inboundRoutes } from './inbound/http'

export { HttpError, RequestValidationError, type ErrorBody } from './http/errors'
export type { RequestContext, RouteHandler, RouteOptions, RouteResponse } from './http/router'
export type { TokenCheck } from './http/auth'
export type { MountableRoute, MountedRouteContext } from './http/mount'

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

/** A Node request listener that also accepts Connect/Express's `next` (called for paths it does not serve). */
export type WebhooksRequestHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void

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

const BASE_HEADERS = Object.freeze({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' })
const JSON_TYPE = 'application/json; charset=utf-8'
const MAX_PATH_IN_MESSAGE = 200

function writeAnswer(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> | undefined): void {
  // One header object handed to writeHead: cheaper than a setHeader call per header.
  const head: Record<string, string | number> = headers ? { ...BASE_HEADERS, ...headers } : { ...BASE_HEADERS }
  if (body === undefined || status === 204 || status === 304) {
    res.writeHead(status, head).end()
    return
  }
  const text = JSON.stringify(body)
  head['Content-Type'] = JSON_TYPE
  head['Content-Length'] = Buffer.byteLength(text)
  res.writeHead(status, head).end(text)
}

/**
 * True when the request's body was not read to the end and may be large: chunked, or declared larger than the
 * limit. Node discards small unread bodies itself and keeps the connection; large ones we refuse to read.
 */
function hasLargeUnreadBody(req: IncomingMessage, limit: number): boolean {
  if (req.readableEnded) return false
  const length = req.headers['content-length']
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > limit)
}

function errorSummary(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : typeof error
}

/** An inbound webhook may be addressed by its secret token in the path; logs and messages show `{uuid}` instead. */
function loggable(path: string): string {
  return path.replace(/^(\/v1\/webhooks\/inbound\/)(?!receive(?:\/|$))[^/]+/, '$1{uuid}')
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
  const log = options.logger
  const router = new Router()
  for (const route of webhooksApiRoutes(engine)) router.add(route)
  // Inbound webhooks: management under /v1/webhooks/inbound (bearer auth), receive open (the token is the secret).
  for (const route of inboundRoutes(engine.inbound)) router.add(mountedRoute(route))
  if (options.dashboard) for (const route of dashboardRoutes()) router.add(route)

  async function handle(req: IncomingMessage, res: ServerResponse, next: ((error?: unknown) => void) | undefined): Promise<void> {
    const started = log ? performance.now() : 0
    const method = req.method ?? 'GET'
    const url = req.url ?? '/'
    const queryStart = url.indexOf('?')
    const path = queryStart === -1 ? url : url.slice(0, queryStart)
    let passedOn = false
    try {
      const match = router.match(method, path)
      if (match.kind === 'not_found') {
        if (next) {
          passedOn = true
          return next()
        }
        const safe = loggable(path)
        const shown = safe.length > MAX_PATH_IN_MESSAGE ? `${safe.slice(0, MAX_PATH_IN_MESSAGE)}…` : safe
        throw new HttpError(404, 'not_found', `No operation at ${method} ${shown}; see openapi.json for the paths this server serves`)
      }
      if (match.kind === 'bad_path') throw new HttpError(400, 'bad_path', 'The path has malformed percent-encoding')
      if (match.kind === 'method_not_allowed') {
        const allow = match.allow.join(', ')
        throw new HttpError(405, 'method_not_allowed', `${method} is not allowed here; use ${allow}`, { Allow: allow })
      }
      const { route, params } = match
      if (route.auth) await authenticate(req.headers)
      const search = queryStart === -1 ? '' : url.slice(queryStart + 1)
      const ctx = new Context(req, res, method, path, search, params, route.bodyLimitBytes ?? bodyLimitBytes)
      const answer = await route.handler(ctx)
      if (res.headersSent) return // the handler wrote the response itself
      writeAnswer(res, answer?.status ?? 204, answer?.body, answer?.headers)
    } catch (error) {
      const answer = toErrorAnswer(error)
      if (answer.unexpected) log?.(`error in ${method} ${loggable(path)}: ${errorSummary(error)}`)
      if (res.headersSent) {
        res.destroy()
        return
      }
      // Never read a large body we will not use (e.g. 401 or 413): answer, then close the connection.
      if (hasLargeUnreadBody(req, bodyLimitBytes)) res.setHeader('Connection', 'close')
      writeAnswer(res, answer.status, answer.body, answer.headers)
    } finally {
      if (log && !passedOn) log(`${method} ${loggable(path)} ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`)
    }
  }

  const handler: WebhooksRequestHandler = (req, res, next) => {
    void handle(req, res, next)
  }

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
