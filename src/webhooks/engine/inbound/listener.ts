import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { BadRequestError, EngineError, NotFoundError, PayloadTooLargeError, UnauthorizedError } from '../errors'
import { inboundRoutes, type InboundRoute } from './routes'
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
  const routes = inboundRoutes(hub)
  const bodyLimit = options.bodyLimitBytes ?? hub.limits.maxBodyBytes

  return (req, res) => {
    void serve(req, res).catch((error: unknown) => sendError(res, error))
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const match = findRoute(routes, req.method ?? 'GET', url.pathname)
    if (match === undefined) throw new NotFoundError('No such route: inbound webhooks live under /v1/webhooks/inbound')
    if (match === 'method') {
      res.setHeader('allow', allowedMethods(routes, url.pathname).join(', '))
      return send(res, 405, { code: 'method_not_allowed', message: `Method ${req.method} is not allowed on this path` })
    }
    const { route, params } = match
    if (route.auth) {
      if (options.authorize === undefined) {
        throw new UnauthorizedError('Management routes are disabled: pass an authorize function to createInboundRequestListener')
      }
      if (!(await options.authorize(req))) throw new UnauthorizedError('Send valid credentials to manage inbound webhooks')
    }
    const body = await readBody(req, Math.min(bodyLimit, route.maxBodyBytes ?? bodyLimit))
    const result = await route.handle({
      params,
      query: url.searchParams,
      headers: req.headers,
      body,
      json: () => parseJson(body),
    })
    send(res, result.status, result.body)
  }
}

/**
 * Finds the route for a request. A path that matches a route literally (`/v1/webhooks/inbound/receive`) is never
 * captured by a parameter route (`/v1/webhooks/inbound/{uuid}`), whatever the method: `PUT …/receive` is a 405.
 */
function findRoute(
  routes: InboundRoute[],
  method: string,
  pathname: string,
): { route: InboundRoute; params: Record<string, string> } | 'method' | undefined {
  const candidates = pathCandidates(routes, pathname)
  if (candidates.length === 0) return undefined
  return candidates.find((c) => c.route.method === method.toUpperCase()) ?? 'method'
}

function pathCandidates(routes: InboundRoute[], pathname: string): Array<{ route: InboundRoute; params: Record<string, string> }> {
  const matches = routes.flatMap((route) => {
    const params = matchPath(route.path, pathname)
    return params === undefined ? [] : [{ route, params }]
  })
  const literal = matches.filter((m) => !m.route.path.includes('{'))
  return literal.length > 0 ? literal : matches
}

function allowedMethods(routes: InboundRoute[], pathname: string): string[] {
  return [...new Set(pathCandidates(routes, pathname).map((c) => c.route.method))]
}

function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const want = pattern.split('/')
  const got = pathname.replace(/\/+$/, '').split('/')
  if (want.length !== got.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!
    const g = got[i]!
    if (w.startsWith('{') && w.endsWith('}')) {
      if (g === '') return undefined
      try {
        params[w.slice(1, -1)] = decodeURIComponent(g)
      } catch {
        return undefined
      }
    } else if (w !== g) {
      return undefined
    }
  }
  return params
}

/** Reads the body up to `limit` bytes; a larger body answers 413 without being buffered. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) {
    req.resume() // discard; the 413 goes out right away
    return Promise.reject(new PayloadTooLargeError(`The body has ${declared} bytes; at most ${limit} bytes are accepted`))
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return
      size += chunk.length
      if (size > limit) {
        tooLarge = true
        chunks.length = 0
        reject(new PayloadTooLargeError(`The body is larger than ${limit} bytes, the most accepted`))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined
  try {
    return JSON.parse(body.toString('utf8'))
  } catch {
    throw new BadRequestError('The body is not valid JSON: send a JSON object with Content-Type application/json')
  }
}

function sendError(res: ServerResponse, error: unknown): void {
  if (error instanceof EngineError) {
    const issues = (error as { issues?: unknown }).issues
    if (error.status === 413) res.setHeader('connection', 'close')
    send(res, error.status, { code: error.code, message: error.message, ...(issues === undefined ? {} : { issues }) })
    return
  }
  send(res, 500, { code: 'internal_error', message: 'The server failed to handle the request' })
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.end()
    return
  }
  if (status === 204 || body === undefined) {
    res.writeHead(status).end()
    return
  }
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text)
}
