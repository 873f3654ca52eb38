/**
 * Request body reading for every route of the engine (REST API, inbound webhooks, routes users add): a size-limited
 * raw read (stops at the limit) and a JSON parse that insists on a JSON content type. Each request body is read and
 * parsed at most once (the request context caches the results).
 *
 * The receiver (`src/webhooks/receiver/read-body.ts`) keeps a reader of its own because its contract differs: it must
 * run without `node:` imports or Buffer (portable build), fails with `WebhookVerificationError`s, and refuses a body
 * another middleware already consumed, whereas this one hands back Buffers, fails with `EngineError`s, and accepts a
 * raw body left on `req.body` by a parser mounted before it.
 */
import type { IncomingMessage } from 'node:http'
import { EngineError, PayloadTooLargeError } from '../errors'
import { exceedsDepth, MAX_BODY_DEPTH } from '../json-depth'

/** The engine's default request body limit (REST API and inbound webhooks): 1 MiB. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024

const EMPTY = Buffer.alloc(0)

function tooLarge(limit: number): EngineError {
  return new PayloadTooLargeError(`Request body is larger than ${limit} bytes; send a smaller body`)
}

/** What a body-parsing middleware mounted before us (e.g. `express.json()`) left on the request. */
function preParsedBody(req: IncomingMessage): unknown {
  return (req as IncomingMessage & { body?: unknown }).body
}

/**
 * Reads the whole body into one Buffer, failing with 413 as soon as it exceeds `limit` bytes (a larger
 * `Content-Length` fails before anything is read). Stops reading at the limit; the server then closes the
 * connection after answering.
 */
export function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length']
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge(limit))
  if (req.readableEnded) {
    // Someone read the stream before us; waiting for 'end' would hang forever.
    const body = preParsedBody(req)
    if (Buffer.isBuffer(body)) return Promise.resolve(body)
    if (typeof body === 'string') return Promise.resolve(Buffer.from(body))
    return Promise.reject(
      new EngineError('body_consumed', 'The request body was already read by another middleware; mount this handler before any body parser'),
    )
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const cleanup = (): void => {
      for (const [event, listener] of listeners) req.off(event, listener)
    }
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size > limit) {
        cleanup()
        req.pause()
        chunks.length = 0
        reject(tooLarge(limit))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = (): void => {
      cleanup()
      resolve(chunks.length === 0 ? EMPTY : chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size))
    }
    const onError = (error: Error): void => {
      cleanup()
      reject(new EngineError('body_aborted', `The request body could not be read (${error.message}); send it again`))
    }
    const onClose = (): void => {
      if (req.readableEnded) return
      cleanup()
      reject(new EngineError('body_aborted', 'The client closed the connection before the body was complete; send it again'))
    }
    const listeners: Array<[string, Parameters<IncomingMessage['on']>[1]]> = [
      ['data', onData],
      ['end', onEnd],
      ['error', onError],
      ['close', onClose],
    ]
    for (const [event, listener] of listeners) req.on(event, listener)
  })
}

/** True for `application/json` and `application/<anything>+json`, with or without parameters such as charset. */
function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false
  const semicolon = header.indexOf(';')
  const type = (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase()
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))
}

/**
 * Parses a raw body as JSON. An empty body is `undefined` (the route decides whether that is allowed).
 * A non-empty body must be declared JSON (`Content-Type: application/json`), else 415; malformed JSON, or JSON nested
 * more than {@link MAX_BODY_DEPTH} levels deep, is 400.
 */
export function parseJson(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined
  if (!isJsonContentType(contentType)) {
    throw new EngineError('unsupported_media_type', 'Request bodies must be JSON: send them with Content-Type: application/json')
  }
  let value: unknown
  try {
    value = JSON.parse(raw.toString('utf8')) as unknown
  } catch {
    throw new EngineError('invalid_json', 'The request body is not valid JSON; check quoting and trailing commas')
  }
  return checkDepth(value)
}

/** A JSON body nested deeper than {@link MAX_BODY_DEPTH} levels is refused (400) before any handler walks it. */
export function checkDepth(value: unknown): unknown {
  if (exceedsDepth(value, MAX_BODY_DEPTH)) {
    throw new EngineError('invalid_json', `The request body nests objects and arrays more than ${MAX_BODY_DEPTH} levels deep; send a flatter body`)
  }
  return value
}

/** The JSON a body parser mounted before us already produced, when the stream is spent and `req.body` is an object. */
export function preParsedJson(req: IncomingMessage): { found: boolean; value?: unknown } {
  if (!req.readableEnded) return { found: false }
  const body = preParsedBody(req)
  if (body !== undefined && !Buffer.isBuffer(body) && typeof body !== 'string') return { found: true, value: checkDepth(body) }
  return { found: false }
}
