/**
 * What an incoming event looks like, checked once for `emit`, `trigger` and the trigger route alike: metadata with an
 * `organization_id`, an `entity` object, and the optional relations, activity and changed attributes.
 */
import { RequestValidationError } from '../errors'
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

/** The optional event fields next to `entity`. */
function checkEventFields(c: Issues, obj: JsonObject): void {
  if (obj.relations !== undefined && !Array.isArray(obj.relations)) c.fail('relations', 'must be an array')
  if (obj.changed_attributes !== undefined && !isObject(obj.changed_attributes)) c.fail('changed_attributes', 'must be an object')
}

/** The arguments of `emit(eventName, event, metadata)`; throws RequestValidationError listing every problem. */
export function parseEmitInput(eventName: unknown, event: unknown, metadata: unknown): { eventName: string; event: EngineEvent; metadata: Metadata } {
  const c = new Issues()
  if (typeof eventName !== 'string' || eventName === '') c.fail('eventName', 'is required, e.g. customer_request_created')
  const obj = c.object(event, 'event', 'must be an object with an entity: { entity: { … } }')
  if (obj) {
    if (!isObject(obj.entity)) c.fail('event.entity', obj.entity === undefined ? 'is required: { entity: { … } }' : 'must be an object')
    checkEventFields(c, obj)
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
