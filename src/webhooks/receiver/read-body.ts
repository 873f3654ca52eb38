import { concatBytes, utf8 } from '../signature/bytes'
import { WebhookVerificationError } from '../signature/errors'
import { tooLarge } from './respond'

/**
 * The parts of a Node `IncomingMessage` (or any readable stream of a request) the middleware uses.
 * Structural, with listeners typed `(...args: unknown[])`, so `IncomingMessage` fits it under every
 * `@types/node` from 20 to the newest.
 */
export interface NodeRequestLike {
  headers: Readonly<Record<string, string | readonly string[] | undefined>>
  readonly readable?: boolean
  readonly readableEnded?: boolean
  on(event: string, listener: (...args: unknown[]) => void): unknown
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown
  resume(): unknown
}

type Listener = (...args: unknown[]) => void

function alreadyConsumed(): WebhookVerificationError {
  return new WebhookVerificationError(
    'invalid_body',
    'The request body stream was already read by another middleware, so the raw body is gone. Mount express.raw({ type: "application/json", limit: "1mb" }) ' +
      '(or nothing) for this route instead of a JSON body parser.',
    { status: 500 },
  )
}

/** Reads a request stream into bytes, refusing more than `limit` bytes, and failing fast if it was consumed. */
export function readNodeBody(req: NodeRequestLike, limit: number): Promise<Uint8Array> {
  if (req.readableEnded === true || req.readable === false) return Promise.reject(alreadyConsumed())
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) {
    req.resume()
    return Promise.reject(tooLarge(limit))
  }
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = []
    let size = 0
    const cleanup = (): void => {
      req.removeListener('data', onData as Listener)
      req.removeListener('end', onEnd)
      req.removeListener('error', onError)
      req.removeListener('close', onClose)
    }
    const onData = (chunk: Uint8Array | string): void => {
      const bytes = typeof chunk === 'string' ? utf8(chunk) : chunk
      size += bytes.length
      if (size > limit) {
        cleanup()
        req.resume() // drain and discard the rest so the 413 can still be sent
        reject(tooLarge(limit))
        return
      }
      chunks.push(bytes)
    }
    const onEnd = (): void => {
      cleanup()
      resolve(chunks.length === 1 ? (chunks[0] as Uint8Array) : concatBytes(...chunks))
    }
    const onError = (err: unknown): void => {
      cleanup()
      reject(err)
    }
    const onClose = (): void => {
      cleanup()
      reject(new Error('The request was closed before its body was fully received.'))
    }
    req.on('data', onData as Listener)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('close', onClose)
  })
}

/** Reads a Fetch `Request` body into bytes, refusing more than `limit` bytes. */
export async function readFetchBody(request: Request, limit: number): Promise<Uint8Array> {
  if (request.bodyUsed) {
    throw new WebhookVerificationError(
      'invalid_body',
      'The Request body was already read (request.json()/text()), so the raw body is gone. Pass the untouched Request to the handler.',
      { status: 500 },
    )
  }
  const declared = Number(request.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit)
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge(limit)
    }
    chunks.push(value)
  }
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : concatBytes(...chunks)
}
