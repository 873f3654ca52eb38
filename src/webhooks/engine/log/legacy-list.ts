/**
 * The deprecated v1 event list (`GET /v1/webhooks/configs/{configId}/events`): the v2 search with a fixed page size,
 * a status filter that includes `in_progress`, and the v2 cursor carried as one opaque base64url string.
 */
import type { LegacyEventListOptions, LegacyEventPage } from '../api'
import { NotFoundError, RequestValidationError } from '../errors'
import type { EngineStore, EventQuery } from '../store/types'
import { Issues } from '../validation'
import { toRecord } from './event-log'

const V1_STATUSES = ['succeeded', 'failed', 'in_progress'] as const
const V1_PAGE_SIZE = 25

function encodeCursor(cursor: { created_at: string; event_id: string }): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url')
}

function decodeCursor(text: string): EventQuery['cursor'] | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { created_at?: unknown; event_id?: unknown }
    const createdMs = typeof parsed.created_at === 'string' ? Date.parse(parsed.created_at) : Number.NaN
    if (Number.isNaN(createdMs) || typeof parsed.event_id !== 'string') return undefined
    return { createdMs, event_id: parsed.event_id }
  } catch {
    return undefined
  }
}

/** One page of a config's events for the v1 list; 404 when the config does not exist. */
export async function listEventsV1(store: EngineStore, configId: string, options: LegacyEventListOptions | undefined): Promise<LegacyEventPage> {
  const c = new Issues()
  const opts = options === undefined || options === null ? {} : c.object(options, '', 'must be an object like { status, cursor }')
  const query: EventQuery = { limit: V1_PAGE_SIZE }
  if (opts) {
    const status = c.oneOf(opts, 'status', '', V1_STATUSES)
    if (status !== undefined) query.status = status
    const cursor = c.string(opts, 'cursor', '')
    if (cursor !== undefined && cursor !== '') {
      const decoded = decodeCursor(cursor)
      if (decoded) query.cursor = decoded
      else c.fail('cursor', 'is not a cursor of this list; pass the previous page’s cursor unchanged')
    }
  }
  c.throwIfAny((issues) => new RequestValidationError(issues))
  if (typeof configId !== 'string' || !(await store.getConfig(configId))) {
    throw new NotFoundError(`No webhook config with id ${String(configId)}; list configs to find the id.`)
  }
  const page = await store.searchEvents(configId, query)
  const data = page.data.map((e) => toRecord(e))
  return page.has_more && page.next_cursor ? { data, cursor: encodeCursor(page.next_cursor) } : { data }
}
