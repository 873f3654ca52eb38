import type { WebhookHeadersInput } from './types'

/** One header value; repeated values joined with a space (so several `webhook-signature` headers act as one list). */
function single(value: string | readonly string[] | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined
  if (typeof value === 'string') return value
  return value.length === 0 ? undefined : value.join(' ')
}

function hasGet(headers: WebhookHeadersInput): headers is { get(name: string): string | null } {
  return typeof (headers as { get?: unknown }).get === 'function'
}

/** Reads one header by lower-case name from any supported headers shape (Fetch `Headers`, Node or plain object). */
export function readHeader(headers: WebhookHeadersInput, name: string): string | undefined {
  if (hasGet(headers)) return single(headers.get(name))
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>
  const direct = record[name]
  if (direct !== undefined) return single(direct)
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() === name) return single(record[key])
  }
  return undefined
}
