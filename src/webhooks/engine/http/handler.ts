/**
 * The engine's one request pipeline over a route table: match → authenticate → read the body lazily → call the
 * handler → write JSON; every error becomes `{ message, code, issues? }` with its status. The REST API server and
 * the standalone inbound listener are both this handler over their own routes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { EngineError, NotFoundError } from '../errors'
import { Context } from './request-context'
import { toErrorAnswer } from './errors'
import type { Router } from './router'

/** A Node request listener that also accepts Connect/Express's `next` (called for paths it does not serve). */
export type WebhooksRequestHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void

/** What the handler needs. */
export interface RequestHandlerOptions {
  router: Router
  /** Checks the caller of a route with `auth: true`; throws (e.g. `UnauthorizedError`) to refuse. */
  authenticate: (req: IncomingMessage) => Promise<void>
  /** Body limit of routes that set none. */
  bodyLimitBytes: number
  /** The 404 message for a path no route serves (the path is shown without secrets, shortened). */
  notFound: (method: string, shownPath: string) => string
  /** One line per request and one per unexpected error; never tokens or bodies. */
  logger?: (line: string) => void
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

/** Builds the request listener for a route table. */
export function createRequestHandler(options: RequestHandlerOptions): WebhooksRequestHandler {
  const { router, authenticate, bodyLimitBytes, logger: log } = options

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
        throw new NotFoundError(options.notFound(method, safe.length > MAX_PATH_IN_MESSAGE ? `${safe.slice(0, MAX_PATH_IN_MESSAGE)}…` : safe))
      }
      if (match.kind === 'bad_path') throw new EngineError('bad_path', 'The path has malformed percent-encoding')
      if (match.kind === 'method_not_allowed') {
        const allow = match.allow.join(', ')
        throw new EngineError('method_not_allowed', `${method} is not allowed here; use ${allow}`, { headers: { Allow: allow } })
      }
      const { route, params } = match
      if (route.auth) await authenticate(req)
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

  return (req, res, next) => {
    void handle(req, res, next)
  }
}
