import { decodeUtf8 } from '../signature/bytes'
import { WebhookVerificationError } from '../signature/errors'

const RAW_BODY_HINT =
  'Pass the raw body exactly as received: express.raw({ type: "application/json", limit: "1mb" }) instead of express.json() for this route, ' +
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

/** The verified body as text (UTF-8, a leading BOM kept); `invalid_body` when the bytes are not UTF-8. */
export function bodyText(body: string | Uint8Array): string {
  if (typeof body === 'string') return body
  try {
    return decodeUtf8(body)
  } catch (cause) {
    throw new WebhookVerificationError('invalid_body', 'The webhook body is not UTF-8 text, so it cannot be returned as a string or parsed as JSON.', { cause })
  }
}

/**
 * Parses a verified body as JSON; `invalid_body` when it is empty or not UTF-8 JSON. A leading byte order mark
 * is skipped whether the body came as text or bytes (JSON parsers may ignore it, RFC 8259 §8.1).
 */
export function parsePayload<T>(body: string | Uint8Array): T {
  const text = bodyText(body)
  if (text === '') {
    throw new WebhookVerificationError('invalid_body', 'The webhook body is empty, so it is not JSON; pass parse: false to accept bodies of any content type.')
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as T
  } catch (cause) {
    throw new WebhookVerificationError('invalid_body', 'The webhook body is not valid JSON; pass parse: false to accept bodies of any content type.', { cause })
  }
}
