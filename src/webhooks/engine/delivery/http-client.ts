/**
 * The one I/O stage: an HTTP/1.1 client on undici with a keep-alive connection pool per origin (pipelining off),
 * shared by every delivery and OAuth token request of an engine. Redirects are never followed; each request has
 * one timeout over the whole exchange; the response body kept is capped, the rest read and dropped so the
 * connection stays reusable.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { LookupFunction } from 'node:net'
// Network I/O runs on real time, also where a test installs fake timers on the globals.
import { clearTimeout, setImmediate, setTimeout } from 'node:timers'
import { Agent, Pool, type Dispatcher } from 'undici'

/**
 * A request to send. `headers` is an object or a flat `[name, value, name, value, …]` list (what the delivery
 * path builds); a body goes with the content-type the caller puts in `headers`, and is sent byte for byte.
 * `timeoutMs` aborts the whole exchange (waiting for a connection → last body byte).
 */
export interface HttpRequest {
  url: URL
  method: string
  headers: Readonly<Record<string, string>> | readonly string[]
  body?: string | Uint8Array
  timeoutMs?: number
}

/** The receiver answered (any status). `body` holds at most `maxBodyBytes` bytes of it. */
export interface HttpResponseOutcome {
  kind: 'response'
  status: number
  statusText: string
  headers: IncomingHttpHeaders
  body: string
  truncated: boolean
}

/** No answer: network error, timeout or refused by the URL policy. */
export interface HttpErrorOutcome {
  kind: 'error'
  /** `timeout`, `url_blocked`, or the socket error code (`ECONNREFUSED`, `ECONNRESET`, …). */
  code: string
  message: string
}

export type HttpOutcome = HttpResponseOutcome | HttpErrorOutcome

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** Connections per origin (default 256). */
  maxSockets?: number
  /** Response bytes kept (the rest is read and discarded so the connection stays reusable). Default 64 KiB. */
  maxBodyBytes?: number
  /** DNS lookup used for every connection (the URL policy's guarded lookup when private networks are blocked). */
  lookup?: LookupFunction
}

/** An HTTP client bound to its connection pools. */
export interface HttpClient {
  send(request: HttpRequest): Promise<HttpOutcome>
  /** Closes every connection and stops pooling; resolves when the sockets are gone. */
  close(): Promise<void>
}

/** Where a URL's requests go: its pool's key and the request target; built once per URL object. */
interface Route {
  readonly origin: string
  readonly path: string
  /** `Basic …` from credentials in the URL, sent unless the request has its own authorization header. */
  readonly credentials: string | undefined
}

const routes = new WeakMap<URL, Route>()

/** Percent-decoded URL user info; text that does not decode is used as written. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function routeOf(url: URL): Route {
  let route = routes.get(url)
  if (route === undefined) {
    const credentials = url.username || url.password ? `Basic ${Buffer.from(`${decoded(url.username)}:${decoded(url.password)}`).toString('base64')}` : undefined
    route = { origin: url.origin, path: `${url.pathname}${url.search}`, credentials }
    routes.set(url, route)
  }
  return route
}

/**
 * `scheme://host:port` of a URL: the key of its connection pool (and of any per-endpoint accounting).
 * Computed once per URL object.
 */
export function originOf(url: URL): string {
  return routeOf(url).origin
}

/** `Basic …` for the credentials in a URL (`https://user:pass@host/`), or undefined when it has none. */
export function urlCredentials(url: URL): string | undefined {
  return routeOf(url).credentials
}

function hasAuthorization(headers: HttpRequest['headers']): boolean {
  if (isHeaderList(headers)) {
    for (let i = 0; i < headers.length; i += 2) if (headers[i]?.toLowerCase() === 'authorization') return true
    return false
  }
  return Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')
}

function isHeaderList(headers: HttpRequest['headers']): headers is readonly string[] {
  return Array.isArray(headers)
}

/** The headers to hand to undici, with URL credentials added when the request carries no authorization. */
function headersFor(request: HttpRequest, route: Route): Record<string, string> | string[] {
  const headers = request.headers as Record<string, string> | string[]
  if (route.credentials === undefined || hasAuthorization(headers)) return headers
  return isHeaderList(headers) ? [...headers, 'authorization', route.credentials] : { ...headers, authorization: route.credentials }
}

class TimeoutError extends Error {
  readonly code = 'timeout'
}

/** Network error codes as node:http reported them, for undici's own error classes. */
function errorOutcome(error: unknown): HttpErrorOutcome {
  const e = error as { code?: unknown; message?: unknown; cause?: { code?: unknown } } | undefined
  const raw = typeof e?.code === 'string' ? e.code : 'network_error'
  const message = typeof e?.message === 'string' && e.message !== '' ? e.message : raw
  switch (raw) {
    case 'UND_ERR_SOCKET': {
      // "other side closed" and friends: the socket's own code when it has one.
      const cause = e?.cause?.code
      return { kind: 'error', code: typeof cause === 'string' ? cause : 'ECONNRESET', message }
    }
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return { kind: 'error', code: 'timeout', message }
    case 'UND_ERR_INVALID_ARG':
      // A header name or value that cannot be sent (e.g. a line break read from an env var): not worth retrying.
      return { kind: 'error', code: message === 'invalid header key' ? 'ERR_INVALID_HTTP_TOKEN' : /^invalid .+ header$/.test(message) ? 'ERR_INVALID_CHAR' : 'ERR_INVALID_ARG_VALUE', message }
    default:
      return { kind: 'error', code: raw, message }
  }
}

/** Settles a request's promise; shared by all requests (no closure per request). */
function settle(resolve: (outcome: HttpOutcome) => void, outcome: HttpOutcome): void {
  resolve(outcome)
}

/** Settles in this loop turn's check phase, after the immediates undici queued while the response completed. */
function settleAfterUndici(resolve: (outcome: HttpOutcome) => void, outcome: HttpOutcome): void {
  setImmediate(settle, resolve, outcome)
}

/** Fires a request's timeout; one shared function for all requests (the exchange comes as the timer's argument). */
function onTimeout(exchange: Exchange): void {
  exchange.timeout()
}

/**
 * One request/response exchange: undici's dispatch handler, resolving one outcome exactly once. A class rather
 * than closures so each request allocates one object for all its callbacks.
 */
class Exchange implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined
  private timer: NodeJS.Timeout | undefined
  private settled = false
  private abortReason: Error | undefined
  private status = 0
  private statusText = ''
  private headers: IncomingHttpHeaders = {}
  private chunks: Buffer[] = []
  private kept = 0
  private truncated = false

  constructor(
    private readonly resolve: (outcome: HttpOutcome) => void,
    private readonly maxBodyBytes: number,
    private readonly timeoutMs: number | undefined,
  ) {
    if (timeoutMs !== undefined && Number.isFinite(timeoutMs)) this.timer = setTimeout(onTimeout, Math.max(0, timeoutMs), this)
  }

  timeout(): void {
    const error = new TimeoutError(`No complete response within ${Math.max(0, this.timeoutMs ?? 0)} ms; the request was aborted.`)
    this.finish({ kind: 'error', code: 'timeout', message: error.message })
    // Still waiting for a connection: undici aborts it when it gets one (onRequestStart).
    if (this.controller) this.controller.abort(error)
    else this.abortReason = error
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller
    if (this.abortReason) controller.abort(this.abortReason)
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    // 1xx informational answers come first and are not the response.
    if (statusCode < 200) return
    this.status = statusCode
    this.statusText = statusMessage ?? ''
    this.headers = headers
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const room = this.maxBodyBytes - this.kept
    if (room <= 0) {
      this.truncated = true
      return
    }
    if (chunk.length > room) {
      this.chunks.push(chunk.subarray(0, room))
      this.kept = this.maxBodyBytes
      this.truncated = true
    } else {
      this.chunks.push(chunk)
      this.kept += chunk.length
    }
  }

  onResponseEnd(): void {
    const chunks = this.chunks
    const body = chunks.length === 0 ? '' : chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks, this.kept).toString('utf8')
    this.finish({ kind: 'response', status: this.status, statusText: this.statusText, headers: this.headers, body, truncated: this.truncated })
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    this.finish(errorOutcome(error))
  }

  private finish(outcome: HttpOutcome): void {
    if (this.settled) return
    this.settled = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    // undici frees a keep-alive connection for its next request in an immediate it queues after this callback
    // (pipelining off): settle after it, so a caller that sends again at once gets that connection rather than
    // opening another one.
    process.nextTick(settleAfterUndici, this.resolve, outcome)
  }
}

/**
 * Creates the client with its connection pools (one undici `Pool` per origin, created on first use and closed
 * when its last connection closes).
 * @example
 * const client = createHttpClient({ maxSockets: 64 })
 * const outcome = await client.send({ url: new URL('http://127.0.0.1:3000/hook'), method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024
  const agent = new Agent({
    factory: (origin, poolOptions) => new Pool(origin, poolOptions),
    connections: options.maxSockets ?? 256,
    pipelining: 1,
    // The exchange's own timer bounds each request, connecting included; undici's timers would only cut it shorter.
    connectTimeout: 0,
    headersTimeout: 0,
    bodyTimeout: 0,
    ...(options.lookup ? { connect: { lookup: options.lookup } } : {}),
  })

  function send(request: HttpRequest): Promise<HttpOutcome> {
    return new Promise((resolve) => {
      const exchange = new Exchange(resolve, maxBodyBytes, request.timeoutMs)
      const route = routeOf(request.url)
      // A dispatch that throws reports to onResponseError, so every outcome arrives through the exchange.
      agent.dispatch(
        { origin: route.origin, path: route.path, method: request.method as Dispatcher.HttpMethod, headers: headersFor(request, route), body: request.body ?? null },
        exchange,
      )
    })
  }

  return {
    send,
    async close() {
      await agent.destroy().catch(() => undefined)
    },
  }
}
