import type { WebhookHeadersInput } from './types'

function first(value: string | readonly string[] | null | undefined, joiner: string): string | undefined {
  if (value === null || value === undefined) return undefined
  if (typeof value === 'string') return value
  return value.length === 0 ? undefined : value.join(joiner)
}

function hasGet(headers: WebhookHeadersInput): headers is { get(name: string): string | null } {
  return typeof (headers as { get?: unknown }).get === 'function'
}

/**
 * Reads one header by lower-case name from any supported headers shape. Repeated values are joined with a
 * space (so several `webhook-signature` headers behave like one list).
 */
export function readHeader(headers: WebhookHeadersInput, name: string): string | undefined {
  if (hasGet(headers)) return first(headers.get(name), ' ')
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>
  const direct = record[name]
  if (direct !== undefined) return first(direct, ' ')
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() === name) return first(record[key], ' ')
  }
  return undefined
}
