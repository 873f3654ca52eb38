/**
 * The event log as the API sees it: new rows, their public records, lookup, and the search with its cursor.
 */
import type { EventPage, EventSearchOptions, WebhookEventRecord } from '../api'
import { NotFoundError } from '../errors'
import type { Plan } from '../payload/plan'
import type { EngineStore, StoredEvent } from '../store/types'
import { parseSearchOptions } from './search'

const LOGGED_METHODS = new Set(['GET', 'POST', 'PUT'])

/** A clock whose readings never go backwards, so (created_at, event_id) only grows and pages stay stable. */
export function monotonicClock(now: () => number): () => number {
  let last = 0
  return () => {
    last = Math.max(now(), last)
    return last
  }
}

/**
 * The log row of a plan: in_progress with its payload when it is to be delivered, else skipped/failed with the
 * reason; url and method as the config has them now.
 */
export function newEvent(p: Plan, eventId: string, createdMs: number): StoredEvent {
  const config = p.target.stored.config
  const row: StoredEvent = {
    event_id: eventId,
    org_id: p.metadata.organization_id,
    webhook_config_id: config.id,
    event_name: p.eventName,
    createdMs,
    metadata: p.metadata,
    status: p.kind === 'deliver' ? 'in_progress' : p.kind,
    attempts: 0,
  }
  if (config.url !== undefined) row.url = config.url
  if (config.httpMethod !== undefined) row.http_method = config.httpMethod
  if (p.kind === 'deliver') row.payload = p.payload
  else if (p.response !== undefined) row.http_response = p.response
  return row
}

/** A stored row as the API returns it (copies, so callers cannot change the log). */
export function toRecord(e: StoredEvent): WebhookEventRecord {
  const record: WebhookEventRecord = {
    event_id: e.event_id,
    org_id: e.org_id,
    webhook_config_id: e.webhook_config_id,
    created_at: new Date(e.createdMs).toISOString(),
    event_name: e.event_name,
    status: e.status,
    attempts: e.attempts,
  }
  if (e.url !== undefined) record.url = e.url
  if (e.http_response !== undefined) record.http_response = { ...e.http_response }
  // Compact skipped rows share the emit's metadata, without the config's webhook_id (see planEmit).
  if (e.metadata !== undefined) record.metadata = e.metadata.webhook_id === undefined ? { ...e.metadata, webhook_id: e.webhook_config_id } : { ...e.metadata }
  if (e.http_method !== undefined && LOGGED_METHODS.has(e.http_method)) record.http_method = e.http_method as WebhookEventRecord['http_method']
  if (e.payload !== undefined) record.payload = e.payload
  if (e.retry_attempt !== undefined) record.retry_attempt = e.retry_attempt
  if (e.attempt_history !== undefined) {
    record.attempt_history = e.attempt_history.map((a) => {
      const out: NonNullable<WebhookEventRecord['attempt_history']>[number] = { attempt: a.attempt, started_at: new Date(a.startedMs).toISOString(), duration_ms: Math.max(0, Math.round(a.durationMs)) }
      if (a.status_code !== undefined) out.status_code = a.status_code
      if (a.code !== undefined) out.code = a.code
      if (a.message !== undefined) out.message = a.message
      return out
    })
  }
  if (e.request_headers !== undefined) record.request_headers = { ...e.request_headers }
  if (e.health !== undefined) record.health = { ...e.health }
  return record
}

/** The stored event `eventId` of config `configId`; NotFoundError when absent or of another config. */
export async function requireEvent(store: EngineStore, configId: string, eventId: string): Promise<StoredEvent> {
  const event = typeof eventId === 'string' ? await store.getEvent(eventId) : undefined
  if (!event || event.webhook_config_id !== configId) throw new NotFoundError(`No event ${String(eventId)} for webhook config ${String(configId)}.`)
  return event
}

/** One page of a config's events, newest first. */
export async function searchEvents(store: EngineStore, configId: string, opts: EventSearchOptions | undefined): Promise<EventPage> {
  const page = await store.searchEvents(configId, parseSearchOptions(opts))
  return { data: page.data.map(toRecord), has_more: page.has_more, ...(page.next_cursor ? { next_cursor: page.next_cursor } : {}) }
}
