import { collectFields, type Fields } from './fields'

/** Headers that carry credentials; never copied into an event. */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-webhook-token',
])

/** Name of the token in the query and in a POST body; a reserved name, removed from events. */
export const TOKEN_FIELD = 'token'

/** Header used to send the token (preferred: it stays out of URLs and access logs). */
export const TOKEN_HEADER = 'x-webhook-token'

/** Placeholder that replaces the token wherever else a caller repeated it. */
const REDACTED = '[redacted]'

/** Lower-cases header names and drops empty values. */
export function lowerCaseHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = value
  }
  return out
}

/** Query parameters as fields, whatever form the framework handed them in. */
export function queryFields(query: URLSearchParams | Record<string, string>): Fields {
  return collectFields(query instanceof URLSearchParams ? query : Object.entries(query))
}

/** Headers for the event: credential headers removed, the token replaced wherever it was repeated (e.g. a Referer). */
export function eventHeaders(headers: Record<string, string | string[]>, token: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (!CREDENTIAL_HEADERS.has(name)) out[name] = redactValue(value, token) as string | string[]
  }
  return out
}

/** Fields for the event: the `token` field removed, the token replaced anywhere else — field names included. */
export function withoutTokenField(fields: Fields, token: string): Fields {
  const out: Fields = {}
  for (const [name, value] of Object.entries(fields)) {
    if (name === TOKEN_FIELD) continue
    Object.defineProperty(out, redactString(name, token), { value: redactValue(value, token), enumerable: true, writable: true, configurable: true })
  }
  return out
}

function redactString(text: string, token: string): string {
  return text.includes(token) ? text.split(token).join(REDACTED) : text
}

/** A parsed body for the event: a top-level `token` field of an object removed, the token replaced in every string. */
export function eventBody(body: unknown, token: string): unknown {
  if (isPlainObject(body)) return withoutTokenField(body as Fields, token)
  return redactValue(body, token)
}

/**
 * Replaces every occurrence of the token in the strings of a JSON-like value, object keys included. Iterative, so
 * no nesting depth can overflow the stack (bodies are depth-limited when parsed as well).
 */
function redactValue(value: unknown, token: string): unknown {
  if (typeof value === 'string') return redactString(value, token)
  if (value === null || typeof value !== 'object') return value
  const root: { value: unknown } = { value: undefined }
  // Each entry: a source container and the copy to fill (an array or a null-prototype-free plain object).
  const work: Array<{ from: unknown; into: Record<string, unknown> | unknown[]; key: string | number }> = [{ from: value, into: root as unknown as Record<string, unknown>, key: 'value' }]
  while (work.length > 0) {
    const { from, into, key } = work.pop() as (typeof work)[number]
    let copy: unknown = from
    if (typeof from === 'string') copy = redactString(from, token)
    else if (Array.isArray(from)) {
      const list: unknown[] = new Array(from.length)
      from.forEach((item, i) => work.push({ from: item, into: list, key: i }))
      copy = list
    } else if (isPlainObject(from)) {
      const obj: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(from as Record<string, unknown>)) {
        const name = redactString(k, token)
        Object.defineProperty(obj, name, { value: undefined, enumerable: true, writable: true, configurable: true })
        work.push({ from: v, into: obj, key: name })
      }
      copy = obj
    }
    if (Array.isArray(into)) into[key as number] = copy
    else Object.defineProperty(into, key, { value: copy, enumerable: true, writable: true, configurable: true })
  }
  return root.value
}

/** The raw body with every byte-exact occurrence of the token replaced (only when the caller put it there). */
export function redactBytes(bytes: Uint8Array, token: string): Buffer {
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const needle = Buffer.from(token, 'utf8')
  let at = source.indexOf(needle)
  if (at === -1) return source
  const parts: Buffer[] = []
  let from = 0
  const placeholder = Buffer.from(REDACTED, 'utf8')
  while (at !== -1) {
    parts.push(source.subarray(from, at), placeholder)
    from = at + needle.length
    at = source.indexOf(needle, from)
  }
  parts.push(source.subarray(from))
  return Buffer.concat(parts)
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
