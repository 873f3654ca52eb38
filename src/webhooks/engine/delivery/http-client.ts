/**
 * The one I/O stage: an HTTP/1.1 client on node:http/https with ONE keep-alive agent per protocol per engine,
 * reused by every delivery and token request (no global fetch, no per-delivery agents).
 */
import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'

/** A request to send. `timeoutMs` aborts the whole exchange (connect → last body byte). */
export interface HttpRequest {
  url: URL
  method: string
  headers: Record<string, string>
  body?: string
  timeoutMs?: number
}

/** The receiver answered (any status). `body` holds at most `maxBodyBytes` bytes of it. */
export interface HttpResponseOutcome {
  kind: 'response'
  status: number
  statusText: string
  headers: http.IncomingHttpHeaders
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
  /** Sockets per host (default 256). */
  maxSockets?: number
  /** Response bytes kept (the rest is read and discarded so the socket stays reusable). Default 64 KiB. */
  maxBodyBytes?: number
  /** DNS lookup used for every connection (the URL policy's guarded lookup when private networks are blocked). */
  lookup?: LookupFunction
}

/** An HTTP client bound to its agents. */
export interface HttpClient {
  send(request: HttpRequest): Promise<HttpOutcome>
  /** Closes idle sockets and stops pooling. */
  close(): void
}

class TimeoutError extends Error {
  readonly code = 'timeout'
}

/**
 * Creates the client with its keep-alive agents.
 * @example
 * const client = createHttpClient({ maxSockets: 64 })
 * const outcome = await client.send({ url: new URL('http://127.0.0.1:3000/hook'), method: 'POST', headers: {}, body: '{}' })
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const maxSockets = options.maxSockets ?? 256
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024
  const agentOptions = { keepAlive: true, maxSockets, scheduling: 'lifo' as const }
  const httpAgent = new http.Agent(agentOptions)
  const httpsAgent = new https.Agent(agentOptions)

  // Request options per URL object, so a target's URL is converted once, not per delivery.
  const optionsByUrl = new WeakMap<URL, http.RequestOptions>()
  const baseOptions = (url: URL): http.RequestOptions => {
    let base = optionsByUrl.get(url)
    if (!base) {
      base = {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        ...(url.username || url.password ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` } : {}),
      }
      optionsByUrl.set(url, base)
    }
    return base
  }

  function send(request: HttpRequest): Promise<HttpOutcome> {
    return new Promise((resolve) => {
      const isHttps = request.url.protocol === 'https:'
      const transport = isHttps ? https : http
      let timer: NodeJS.Timeout | undefined
      let settled = false
      const finish = (outcome: HttpOutcome): void => {
        if (settled) return
        settled = true
        if (timer) clearTimeout(timer)
        resolve(outcome)
      }
      const fail = (error: unknown): void => {
        const e = error as { code?: unknown; message?: unknown }
        const code = typeof e?.code === 'string' ? e.code : 'network_error'
        const message = code === 'timeout' ? String(e.message) : typeof e?.message === 'string' && e.message ? e.message : code
        finish({ kind: 'error', code, message })
      }
      const headers: Record<string, string> = { ...request.headers }
      if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body))
      let req: http.ClientRequest
      try {
        req = transport.request({
          ...baseOptions(request.url),
          method: request.method,
          headers,
          agent: isHttps ? httpsAgent : httpAgent,
          ...(options.lookup ? { lookup: options.lookup } : {}),
        })
      } catch (error) {
        fail(error)
        return
      }
      if (request.timeoutMs !== undefined && Number.isFinite(request.timeoutMs)) {
        const ms = Math.max(0, request.timeoutMs)
        timer = setTimeout(() => {
          const error = new TimeoutError(`No complete response within ${ms} ms; the request was aborted.`)
          fail(error)
          req.destroy(error)
        }, ms)
      }
      req.on('error', fail)
      req.on('response', (res) => {
        const chunks: Buffer[] = []
        let kept = 0
        let truncated = false
        res.on('data', (chunk: Buffer) => {
          if (kept >= maxBodyBytes) {
            truncated = true
            return
          }
          const room = maxBodyBytes - kept
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room))
            kept = maxBodyBytes
            truncated = true
          } else {
            chunks.push(chunk)
            kept += chunk.length
          }
        })
        res.on('error', fail)
        res.on('aborted', () => fail(Object.assign(new Error('The receiver closed the connection mid-response.'), { code: 'ECONNRESET' })))
        res.on('end', () => {
          finish({
            kind: 'response',
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            truncated,
          })
        })
      })
      req.end(request.body)
    })
  }

  return {
    send,
    close() {
      httpAgent.destroy()
      httpsAgent.destroy()
    },
  }
}
