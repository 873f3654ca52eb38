/** Event search options, validated once (in process and over HTTP alike) into a store query. */
import { RequestValidationError } from '../errors'
import type { EventQuery } from '../store/types'
import { Issues } from '../validation'

/** The statuses a search may filter by. */
const SEARCH_STATUSES = ['succeeded', 'failed', 'skipped'] as const

/** Page size when the caller gives none. */
const DEFAULT_LIMIT = 25
/** Largest page (published `SearchOptions.limit` maximum). */
export const MAX_SEARCH_LIMIT = 25

/**
 * Checks `SearchOptions` (limit 1–25, default 25; cursor from `next_cursor`; timestamp range; event_id; status) and
 * returns the store query with times as epoch ms. Throws RequestValidationError (`invalid_request`) listing every
 * problem at once.
 */
export function parseSearchOptions(input: unknown): EventQuery {
  const c = new Issues()
  const opts = input === undefined || input === null ? {} : c.object(input, '', 'must be a JSON object')
  if (!opts) throw new RequestValidationError(c.list)
  const query: EventQuery = { limit: c.integer(opts, 'limit', '', { min: 1, max: MAX_SEARCH_LIMIT }) ?? DEFAULT_LIMIT }
  if (opts.cursor !== undefined) {
    const cursor = c.object(opts.cursor, 'cursor', 'must be an object; pass the previous next_cursor')
    if (cursor && (cursor.created_at !== undefined || cursor.event_id !== undefined)) {
      const eventId = c.string(cursor, 'event_id', 'cursor')
      if (cursor.created_at === undefined) c.fail('cursor.created_at', 'is required: pass next_cursor back unchanged')
      const createdMs = c.dateTime(cursor, 'created_at', 'cursor')
      if (createdMs !== undefined) query.cursor = { createdMs, event_id: eventId ?? '' }
    }
  }
  if (opts.timestamp !== undefined) {
    const range = c.object(opts.timestamp, 'timestamp', 'must be an object like { "from": "...", "to": "..." }')
    const fromMs = range && c.dateTime(range, 'from', 'timestamp')
    const toMs = range && c.dateTime(range, 'to', 'timestamp')
    if (fromMs !== undefined && fromMs !== null) query.fromMs = fromMs
    if (toMs !== undefined && toMs !== null) query.toMs = toMs
  }
  const eventId = c.string(opts, 'event_id', '')
  if (eventId !== undefined) query.event_id = eventId
  const status = c.oneOf(opts, 'status', '', SEARCH_STATUSES)
  if (status !== undefined) query.status = status
  c.throwIfAny((issues) => new RequestValidationError(issues))
  return query
}
