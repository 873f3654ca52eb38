import { ConfigValidationError, type ConfigIssue } from '../errors'

/** Longest accepted event key. */
export const MAX_EVENT_KEY_LENGTH = 200

const EVENT_KEY = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/

/** Problems with an event key (empty list when valid). */
export function eventKeyIssues(value: unknown, path = 'eventKey'): ConfigIssue[] {
  if (typeof value !== 'string' || value === '') {
    return [{ path, message: 'is required: a lower-case name like webhook.lead.created' }]
  }
  const issues: ConfigIssue[] = []
  if (value.length > MAX_EVENT_KEY_LENGTH) {
    issues.push({ path, message: `must be at most ${MAX_EVENT_KEY_LENGTH} characters (got ${value.length})` })
  }
  if (!EVENT_KEY.test(value)) {
    issues.push({
      path,
      message: 'must be lower case, dot-separated segments of a-z, 0-9, _ and - (e.g. webhook.lead.created)',
    })
  }
  return issues
}

/**
 * Checks a create/update body: an object whose only writable field is `eventKey`.
 * Read-only fields (`uuid`, `webhookId`, `webhookUrl`, `createdAt`, `updatedAt`) may be echoed back unchanged,
 * so a fetched webhook can be edited and sent again; a changed value is an issue.
 */
export function parseInboundInput(input: unknown, current?: Readonly<Record<string, unknown>>): { eventKey: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ConfigValidationError([{ path: '', message: 'must be an object like { "eventKey": "webhook.lead.created" }' }])
  }
  const body = input as Record<string, unknown>
  const issues = eventKeyIssues(body.eventKey)
  for (const [key, value] of Object.entries(body)) {
    if (key === 'eventKey') continue
    if (READ_ONLY.has(key)) {
      if (current === undefined || current[key] !== value) {
        // Say what is wrong without echoing the value: `uuid` is a secret.
        issues.push({ path: key, message: key === 'uuid' ? 'cannot be set or changed: the token is assigned once at creation' : 'is read-only' })
      }
      continue
    }
    issues.push({ path: key, message: 'is not a field of an inbound webhook (only eventKey can be set)' })
  }
  if (issues.length > 0) throw new ConfigValidationError(issues)
  return { eventKey: body.eventKey as string }
}

const READ_ONLY = new Set(['uuid', 'webhookId', 'webhookUrl', 'createdAt', 'updatedAt'])
