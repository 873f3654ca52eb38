/** Inbound webhook input: event keys and the create/update body, read in the engine's one validator style. */
import { ConfigValidationError } from '../errors'
import { Issues } from '../validation'

/** Longest accepted event key. */
export const MAX_EVENT_KEY_LENGTH = 200

const EVENT_KEY = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/

/** Fields an inbound webhook has but a caller cannot set (they may be echoed back unchanged). */
const READ_ONLY = new Set(['uuid', 'webhookId', 'webhookUrl', 'createdAt', 'updatedAt'])

/** Reads an event key (lower-case dot-separated segments, at most 200 characters); records every problem. */
function readEventKey(c: Issues, value: unknown, path: string): string | undefined {
  if (typeof value !== 'string' || value === '') return c.fail(path, 'is required: a lower-case name like webhook.lead.created')
  const before = c.list.length
  if (value.length > MAX_EVENT_KEY_LENGTH) c.fail(path, `must be at most ${MAX_EVENT_KEY_LENGTH} characters (got ${value.length})`)
  if (!EVENT_KEY.test(value)) c.fail(path, 'must be lower case, dot-separated segments of a-z, 0-9, _ and - (e.g. webhook.lead.created)')
  return c.list.length === before ? value : undefined
}

/** An event key to subscribe to; throws ConfigValidationError (`invalid_config`) when it is not one. */
export function parseEventKey(value: unknown): string {
  const c = new Issues()
  const eventKey = readEventKey(c, value, 'eventKey')
  c.throwIfAny((issues) => new ConfigValidationError(issues))
  return eventKey as string
}

/**
 * Checks a create/update body: an object whose only writable field is `eventKey`.
 * Read-only fields (`uuid`, `webhookId`, `webhookUrl`, `createdAt`, `updatedAt`) may be echoed back unchanged,
 * so a fetched webhook can be edited and sent again; a changed value is an issue.
 */
export function parseInboundInput(input: unknown, current?: Readonly<Record<string, unknown>>): { eventKey: string } {
  const c = new Issues()
  const body = c.object(input, '', 'must be an object like { "eventKey": "webhook.lead.created" }')
  if (!body) throw new ConfigValidationError(c.list)
  const eventKey = readEventKey(c, body.eventKey, 'eventKey')
  for (const [key, value] of Object.entries(body)) {
    if (key === 'eventKey') continue
    if (!READ_ONLY.has(key)) c.fail(key, 'is not a field of an inbound webhook (only eventKey can be set)')
    // Say what is wrong without echoing the value: `uuid` is a secret.
    else if (current === undefined || current[key] !== value) c.fail(key, key === 'uuid' ? 'cannot be set or changed: the token is assigned once at creation' : 'is read-only')
  }
  c.throwIfAny((issues) => new ConfigValidationError(issues))
  return { eventKey: eventKey as string }
}
