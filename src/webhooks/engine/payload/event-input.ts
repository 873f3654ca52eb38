/**
 * What an incoming event looks like, checked once for `emit`, `trigger` and the trigger route alike: metadata with an
 * `organization_id`, an `entity` object, and the optional relations, activity and changed attributes.
 */
import { RequestValidationError } from '../errors'
import { exceedsDepth, MAX_EVENT_DEPTH } from '../json-depth'
import type { EngineEvent, Metadata } from '../model'
import { Issues, isObject, joinPath, type JsonObject } from '../validation'

/** Metadata fields that must be strings when present. */
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

/** The caller's metadata: an object with a non-empty `organization_id`; the other known fields strings. */
function readMetadata(c: Issues, value: unknown, path: string): Metadata | undefined {
  if (!isObject(value)) return c.fail(path, value === undefined ? 'is required' : 'must be an object')
  const before = c.list.length
  const org = value.organization_id
  if (typeof org !== 'string' || org.trim() === '') {
    c.fail(joinPath(path, 'organization_id'), org === undefined ? 'is required' : 'must be a non-empty string')
  }
  for (const key of METADATA_STRING_FIELDS) c.string(value, key, path)
  return c.list.length === before ? (value as Metadata) : undefined
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** `event_attachments`: a list of `{ filename, data_base64, mime_type? }` (see docs/delivery.md, "Files and multipart"). */
function checkAttachments(c: Issues, value: unknown, path: string): void {
  if (value === undefined) return
  if (!Array.isArray(value)) {
    c.fail(path, 'must be a list of { filename, data_base64, mime_type? }')
    return
  }
  value.forEach((item, i) => {
    const at = `${path}[${i}]`
    const file = c.object(item, at, 'must be an object { filename, data_base64, mime_type? }')
    if (!file) return
    c.string(file, 'filename', at, { required: true })
    const data = c.string(file, 'data_base64', at)
    if (file.data_base64 === undefined) c.fail(`${at}.data_base64`, 'is required (the file bytes, base64 encoded)')
    else if (data !== undefined && (data.length % 4 !== 0 || !BASE64.test(data))) c.fail(`${at}.data_base64`, 'must be base64 (A–Z, a–z, 0–9, +, /, padded with =)')
    c.string(file, 'mime_type', at)
  })
}

/** The optional event fields next to `entity`, and the nesting depth of all of them. */
function checkEventFields(c: Issues, obj: JsonObject, path = ''): void {
  // Deeper input would overflow JSON.stringify and the filters later: refuse it here, before anything is recorded.
  for (const key of ['entity', 'relations', 'activity', 'changed_attributes'] as const) {
    if (exceedsDepth(obj[key], MAX_EVENT_DEPTH)) c.fail(joinPath(path, key), `nests objects and arrays more than ${MAX_EVENT_DEPTH} levels deep`)
  }
  if (obj.relations !== undefined && !Array.isArray(obj.relations)) c.fail(joinPath(path, 'relations'), 'must be an array')
  if (obj.changed_attributes !== undefined && !isObject(obj.changed_attributes)) c.fail(joinPath(path, 'changed_attributes'), 'must be an object')
  checkAttachments(c, obj.event_attachments, joinPath(path, 'event_attachments'))
}

/** The arguments of `emit(eventName, event, metadata)`; throws RequestValidationError listing every problem. */
export function parseEmitInput(eventName: unknown, event: unknown, metadata: unknown): { eventName: string; event: EngineEvent; metadata: Metadata } {
  const c = new Issues()
  if (typeof eventName !== 'string' || eventName === '') c.fail('eventName', 'is required, e.g. customer_request_created')
  const obj = c.object(event, 'event', 'must be an object with an entity: { entity: { … } }')
  if (obj) {
    if (!isObject(obj.entity)) c.fail('event.entity', obj.entity === undefined ? 'is required: { entity: { … } }' : 'must be an object')
    checkEventFields(c, obj, 'event')
  }
  const meta = readMetadata(c, metadata, 'metadata')
  c.throwIfAny((issues) => new RequestValidationError(issues))
  return { eventName: eventName as string, event: obj as unknown as EngineEvent, metadata: meta as Metadata }
}

/** A trigger's body (`ExecutionPayload` plus the optional event fields); throws RequestValidationError listing every problem. */
export function parseTriggerInput(body: unknown): { metadata: Metadata; event: EngineEvent } {
  const c = new Issues()
  const obj = c.object(body, '', 'must be a JSON object like { "metadata": { "organization_id": "..." } }')
  if (!obj) throw new RequestValidationError(c.list)
  const metadata = readMetadata(c, obj.metadata, 'metadata')
  if (obj.entity !== undefined && !isObject(obj.entity)) c.fail('entity', 'must be an object')
  checkEventFields(c, obj)
  c.throwIfAny((issues) => new RequestValidationError(issues))
  const event: EngineEvent = { entity: (obj.entity as Record<string, unknown> | undefined) ?? {} }
  if (obj.relations !== undefined) event.relations = obj.relations as unknown[]
  if (obj.activity !== undefined) event.activity = obj.activity
  if (obj.changed_attributes !== undefined) event.changed_attributes = obj.changed_attributes as EngineEvent['changed_attributes']
  if (obj.event_attachments !== undefined) event.event_attachments = obj.event_attachments as EngineEvent['event_attachments']
  return { metadata: metadata as Metadata, event }
}

/** Longest idempotency key accepted. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255

/**
 * An `idempotencyKey` of `emit`/`trigger` (HTTP: the `Idempotency-Key` header): absent, or 1–255 visible ASCII
 * characters. Throws RequestValidationError otherwise.
 */
export function parseIdempotencyKey(value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw new RequestValidationError([{ path: 'idempotencyKey', message: `must be 1–${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters` }])
  }
  return value
}
