/**
 * Edge validation of the Webhooks API's query parameters and non-config request bodies. Each reader collects
 * every problem and throws one `RequestValidationError` (400) listing them; what it returns is trusted inside.
 * (Config bodies are validated by the engine itself: `createConfig` / `updateConfig` take `unknown`.)
 */
import type { EventSearchOptions } from '../api'
import type { EngineEvent, Metadata } from '../model'
import { RequestValidationError, type ConfigIssue } from '../errors'

type Obj = Record<string, unknown>

const METADATA_STRING_FIELDS = [
  'action',
  'origin',
  'creation_timestamp',
  'webhook_id',
  'webhook_name',
  'automation_name',
  'user_id',
  'correlation_id',
  'execution_id',
  'action_id',
] as const
const EVENT_STATUSES = ['succeeded', 'failed', 'skipped'] as const

function isObject(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key
}

function optionalString(obj: Obj, key: string, path: string, issues: ConfigIssue[]): void {
  const value = obj[key]
  if (value !== undefined && typeof value !== 'string') issues.push({ path: join(path, key), message: 'must be a string' })
}

function optionalDateTime(obj: Obj, key: string, path: string, issues: ConfigIssue[]): void {
  const value = obj[key]
  if (value === undefined) return
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    issues.push({ path: join(path, key), message: 'must be an ISO 8601 date-time, e.g. 2025-10-31T12:34:56Z' })
  }
}

function throwIfAny(issues: ConfigIssue[]): void {
  if (issues.length > 0) throw new RequestValidationError(issues)
}

/** A required, non-empty query parameter. */
export function requiredQuery(query: URLSearchParams, name: string): string {
  const value = query.get(name)
  if (value === null || value.trim() === '') throw new RequestValidationError([{ path: name, message: 'is a required query parameter' }])
  return value
}

/** An optional query parameter; an empty value counts as absent. */
export function optionalQuery(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name)
  return value === null || value === '' ? undefined : value
}

/** A boolean query parameter: `true` or `false` (absent or empty: `fallback`); anything else is a 400. */
export function booleanQuery(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = query.get(name)
  if (value === null || value === '') return fallback
  if (value === 'true') return true
  if (value === 'false') return false
  throw new RequestValidationError([{ path: name, message: 'must be true or false' }])
}

/** `ExecutionPayload` (plus the optional event fields the engine accepts): `{ metadata: { organization_id, ... }, entity?, relations?, ... }`. */
export function triggerBody(body: unknown): { metadata: Metadata } & Partial<EngineEvent> {
  const issues: ConfigIssue[] = []
  if (!isObject(body)) throw new RequestValidationError([{ path: '', message: 'must be a JSON object like { "metadata": { "organization_id": "..." } }' }])
  const metadata = body.metadata
  if (!isObject(metadata)) {
    issues.push({ path: 'metadata', message: metadata === undefined ? 'is required' : 'must be an object' })
  } else {
    const org = metadata.organization_id
    if (typeof org !== 'string' || org.trim() === '') {
      issues.push({ path: 'metadata.organization_id', message: org === undefined ? 'is required' : 'must be a non-empty string' })
    }
    for (const key of METADATA_STRING_FIELDS) optionalString(metadata, key, 'metadata', issues)
  }
  if (body.entity !== undefined && !isObject(body.entity)) issues.push({ path: 'entity', message: 'must be an object' })
  if (body.relations !== undefined && !Array.isArray(body.relations)) issues.push({ path: 'relations', message: 'must be an array' })
  if (body.changed_attributes !== undefined && !isObject(body.changed_attributes)) {
    issues.push({ path: 'changed_attributes', message: 'must be an object' })
  }
  throwIfAny(issues)
  return body as { metadata: Metadata } & Partial<EngineEvent>
}

/** `BatchReplayRequest`: `{ eventIds: string[] }` with at least one non-empty id. */
export function batchReplayBody(body: unknown): string[] {
  if (!isObject(body)) throw new RequestValidationError([{ path: '', message: 'must be a JSON object like { "eventIds": ["..."] }' }])
  const ids = body.eventIds
  if (!Array.isArray(ids)) throw new RequestValidationError([{ path: 'eventIds', message: ids === undefined ? 'is required' : 'must be an array of event ids' }])
  if (ids.length === 0) throw new RequestValidationError([{ path: 'eventIds', message: 'must list at least one event id' }])
  const issues: ConfigIssue[] = []
  ids.forEach((id, i) => {
    if (typeof id !== 'string' || id.trim() === '') issues.push({ path: `eventIds.${i}`, message: 'must be a non-empty string' })
  })
  throwIfAny(issues)
  return ids as string[]
}

/** `ExampleRequest`: optional `{ automation_id?: string }`. */
export function exampleBody(body: unknown): { automation_id?: string } | undefined {
  if (body === undefined) return undefined
  if (!isObject(body)) throw new RequestValidationError([{ path: '', message: 'must be a JSON object' }])
  const issues: ConfigIssue[] = []
  optionalString(body, 'automation_id', '', issues)
  throwIfAny(issues)
  return body as { automation_id?: string }
}

/** `SearchOptions` (optional body): limit 1–100, cursor, timestamp range, event_id, status. */
export function searchBody(body: unknown): EventSearchOptions {
  if (body === undefined) return {}
  if (!isObject(body)) throw new RequestValidationError([{ path: '', message: 'must be a JSON object' }])
  const issues: ConfigIssue[] = []
  const limit = body.limit
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100)) {
    issues.push({ path: 'limit', message: 'must be an integer from 1 to 100' })
  }
  if (body.cursor !== undefined) {
    if (!isObject(body.cursor)) issues.push({ path: 'cursor', message: 'must be an object; pass the previous next_cursor' })
    else {
      optionalDateTime(body.cursor, 'created_at', 'cursor', issues)
      optionalString(body.cursor, 'event_id', 'cursor', issues)
    }
  }
  if (body.timestamp !== undefined) {
    if (!isObject(body.timestamp)) issues.push({ path: 'timestamp', message: 'must be an object like { "from": "...", "to": "..." }' })
    else {
      optionalDateTime(body.timestamp, 'from', 'timestamp', issues)
      optionalDateTime(body.timestamp, 'to', 'timestamp', issues)
    }
  }
  optionalString(body, 'event_id', '', issues)
  const status = body.status
  if (status !== undefined && !(EVENT_STATUSES as readonly unknown[]).includes(status)) {
    issues.push({ path: 'status', message: `must be one of ${EVENT_STATUSES.join(', ')}` })
  }
  throwIfAny(issues)
  return body as EventSearchOptions
}
