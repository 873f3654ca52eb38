import { decodeUtf8 } from '../signature/bytes'
import { WebhookVerificationError } from '../signature/errors'

const RAW_BODY_HINT =
  'Pass the raw body exactly as received: express.raw({ type: "application/json" }) instead of express.json() for this route, ' +
  'or `await request.text()` instead of `request.json()` (see docs/signatures.md).'

function tag(value: object): string {
  return Object.prototype.toString.call(value)
}

/** Turns any accepted raw-body shape into a string or bytes; refuses parsed objects with a message saying why. */
export function normalizeBody(body: unknown): string | Uint8Array {
  if (typeof body === 'string') return body
  if (body instanceof Uint8Array) return body
  if (body instanceof ArrayBuffer || (typeof body === 'object' && body !== null && tag(body) === '[object ArrayBuffer]')) {
    return new Uint8Array(body as ArrayBuffer)
  }
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
  if (body === undefined || body === null) {
    throw new WebhookVerificationError('invalid_body', `No request body was given. ${RAW_BODY_HINT}`)
  }
  // A parsed object means the raw bytes are gone: a receiver misconfiguration, not a bad delivery.
  throw new WebhookVerificationError('invalid_body', `The body was already parsed (got ${typeof body}), so its signature cannot be checked. ${RAW_BODY_HINT}`, {
    status: 500,
  })
}

/** Parses a verified body as JSON; `invalid_body` when it is not UTF-8 JSON. */
export function parsePayload<T>(body: string | Uint8Array): T {
  try {
    return JSON.parse(typeof body === 'string' ? body : decodeUtf8(body)) as T
  } catch (cause) {
    throw new WebhookVerificationError('invalid_body', 'The webhook body is not valid UTF-8 JSON.', { cause })
  }
}
