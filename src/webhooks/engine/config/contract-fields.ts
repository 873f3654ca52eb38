/**
 * Validation of the config fields of the published 2.x contract beyond the original ones: `eventVersion`,
 * `updatedTime`, `deliveryMode` + `multipartConfig` and `retryPolicy`. Called from `validateConfig`; every problem is
 * recorded in the caller's `Issues`.
 */
import type { WebhookConfig } from '../model'
import { parseJsonata } from '../payload/transform'
import { Issues, opt, type JsonObject } from '../validation'

/** Automatic retries a config may ask for (`retryPolicy.maxAttempts`, retries AFTER the first attempt). */
export const RETRY_MAX_ATTEMPTS = { min: 1, max: 5, default: 3 } as const

/** The policy new configs get when they ask for none. */
export const DEFAULT_RETRY_POLICY: Readonly<NonNullable<WebhookConfig['retryPolicy']>> = Object.freeze({ enabled: true, maxAttempts: RETRY_MAX_ATTEMPTS.default })

const DELIVERY_MODES = ['json_base64', 'binary_multipart'] as const
const FILE_FIELD_STRATEGIES = ['single', 'multi'] as const
const EVENT_VERSION = /^\d+\.\d+$/

type ContractFields = Pick<WebhookConfig, 'eventVersion' | 'updatedTime' | 'deliveryMode' | 'multipartConfig' | 'retryPolicy'>

/** A JSONata expression that must parse; records the syntax error with its position. */
function jsonataField(c: Issues, obj: JsonObject, key: string, path: string): string | undefined {
  const at = path ? `${path}.${key}` : key
  const expression = c.string(obj, key, path)
  if (expression === undefined || expression.trim() === '') return expression
  try {
    parseJsonata(expression)
  } catch (error) {
    const e = error as { message?: unknown; position?: unknown }
    c.fail(at, `is not valid JSONata: ${String(e.message)}${typeof e.position === 'number' ? ` (at position ${e.position})` : ''}`)
  }
  return expression
}

function checkMultipartConfig(c: Issues, value: unknown): WebhookConfig['multipartConfig'] {
  const p = 'multipartConfig'
  const m = c.object(value, p)
  if (!m) return undefined
  const out: NonNullable<WebhookConfig['multipartConfig']> = {
    ...opt('fileFieldName', c.string(m, 'fileFieldName', p, { nonEmpty: true })),
    ...opt('fileFieldStrategy', c.oneOf(m, 'fileFieldStrategy', p, FILE_FIELD_STRATEGIES)),
    ...opt('fileSource', jsonataField(c, m, 'fileSource', p)),
  }
  if (m.extraFields !== undefined && m.extraFields !== null) {
    const fields = c.object(m.extraFields, `${p}.extraFields`, 'must be an object: form field name → JSONata expression')
    if (fields) {
      out.extraFields = {}
      for (const name of Object.keys(fields)) {
        if (name === '') c.fail(`${p}.extraFields`, 'field names must not be empty')
        const expression = jsonataField(c, fields, name, `${p}.extraFields`)
        if (expression !== undefined) out.extraFields[name] = expression
      }
    }
  }
  return out
}

function checkRetryPolicy(c: Issues, value: unknown): WebhookConfig['retryPolicy'] {
  const p = 'retryPolicy'
  const policy = c.object(value, p, 'must be an object like { "enabled": true, "maxAttempts": 3 }')
  if (!policy) return undefined
  const enabled = c.boolean(policy, 'enabled', p)
  if (policy.enabled === undefined || policy.enabled === null) c.fail(`${p}.enabled`, 'is required (true or false)')
  const maxAttempts = policy.maxAttempts === null ? undefined : c.integer(policy, 'maxAttempts', p, RETRY_MAX_ATTEMPTS)
  return { enabled: enabled ?? false, maxAttempts: maxAttempts ?? RETRY_MAX_ATTEMPTS.default }
}

/** Reads the contract fields of a config body; problems go to `c`. */
export function checkContractFields(c: Issues, obj: JsonObject): ContractFields {
  let eventVersion: string | null | undefined
  if (obj.eventVersion === null) eventVersion = null
  else {
    eventVersion = c.string(obj, 'eventVersion', '')
    if (eventVersion !== undefined && !EVENT_VERSION.test(eventVersion)) c.fail('eventVersion', 'must be MAJOR.MINOR, e.g. "1.0"')
  }
  const deliveryMode = c.oneOf(obj, 'deliveryMode', '', DELIVERY_MODES)
  const multipartConfig = obj.multipartConfig === undefined || obj.multipartConfig === null ? undefined : checkMultipartConfig(c, obj.multipartConfig)
  const retryPolicy = obj.retryPolicy === undefined || obj.retryPolicy === null ? undefined : checkRetryPolicy(c, obj.retryPolicy)
  return {
    ...opt('eventVersion', eventVersion),
    ...opt('updatedTime', c.string(obj, 'updatedTime', '')),
    ...opt('deliveryMode', deliveryMode),
    ...opt('multipartConfig', multipartConfig),
    ...opt('retryPolicy', retryPolicy),
  }
}
