import { kindOf, WebhookVerificationError } from '../signature/errors'
import type { WebhookHeadersInput } from './types'

function notText(name: string, value: unknown): WebhookVerificationError {
  return new WebhookVerificationError('invalid_header', `The ${name} header is not text (got ${kindOf(value)}).`)
}

/**
 * One header value as text. Repeated values (an array) are joined with a space, so several
 * `webhook-signature` headers act as one list; a number (plain JavaScript callers) is its decimal text.
 */
function text(name: string, value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (!Array.isArray(value)) throw notText(name, value)
  if (value.length === 0) return undefined
  return value.map((item: unknown) => (typeof item === 'string' ? item : (text(name, item) ?? ''))).join(' ')
}

function isFetchHeaders(headers: object): headers is { get(name: string): string | null } {
  return typeof (headers as { get?: unknown }).get === 'function'
}

/**
 * Reads a header by lower-case name, or else by its alias (`svix-id` for `webhook-id` …), from a Fetch
 * `Headers`, Node's headers or a plain object with names in any case. `invalid_header` when `headers` is not
 * an object or the value is not text.
 */
export function readHeader(headers: WebhookHeadersInput, name: string, alias: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) {
    throw new WebhookVerificationError('invalid_header', `The request headers must be a Headers object or a plain object (got ${kindOf(headers)}).`)
  }
  if (isFetchHeaders(headers)) return text(name, headers.get(name) ?? headers.get(alias))
  const record = headers as Readonly<Record<string, unknown>>
  const direct = record[name] ?? record[alias]
  if (direct !== undefined) return text(name, direct)
  let found: unknown
  for (const key of Object.keys(record)) {
    const lower = key.toLowerCase()
    if (lower === name) return text(name, record[key])
    if (lower === alias) found ??= record[key]
  }
  return text(name, found)
}
