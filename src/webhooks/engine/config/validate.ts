import { ConfigValidationError } from '../errors'
import { checkContractFields } from './contract-fields'
import { LENGTH_OPERATIONS, SINGLE_VALUE_OPERATIONS, VALUELESS_OPERATIONS } from '../filter/conditions'
import { coerce, MISMATCH } from '../filter/coerce'
import { MAX_JSONATA_CONDITION_LENGTH, parseJsonataCondition } from '../filter/jsonata-condition'
import { normalizePath } from '../filter/path'
import { checkFilterBounds } from './filter-bounds'
import {
  AUTH_TYPES,
  CONDITION_FIELD_TYPES,
  CONDITION_OPERATIONS,
  HTTP_METHODS,
  type Auth,
  type ConditionFieldType,
  type ConditionOperation,
  type CustomOAuthParameter,
  type Filter,
  type PayloadConfiguration,
  type WebhookCondition,
  type WebhookConditionGroup,
  type WebhookConfig,
} from '../model'
import { parseJsonata } from '../payload/transform'
import { Issues, opt, type JsonObject } from '../validation'
import { headerNameProblem, headerValueProblem, strictConfigIssues } from './strict'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const STATUSES = ['active', 'inactive', 'incomplete'] as const
/** Conditions one `filterConditions` group may hold (published `WebhookConditionGroup.conditions` maxItems). */
export const MAX_CONDITIONS = 10
const PARAMETER_TYPES = ['body', 'query', 'header'] as const

/** The settings object an auth type needs (`auth.basicAuthConfig` for BASIC, …): required, and an object. */
function authSettings(c: Issues, auth: JsonObject, key: 'basicAuthConfig' | 'oauthConfig' | 'apiKeyConfig', authType: string): JsonObject | undefined {
  const path = `auth.${key}`
  return auth[key] === undefined ? c.fail(path, `is required when authType is ${authType}`) : c.object(auth[key], path)
}

/** A credential's secret and its `*IsEnvVar` flag (with the flag set, the value is the NAME of an env var). */
function secretField<K extends string, F extends string>(c: Issues, cfg: JsonObject, path: string, key: K, flag: F): { [P in K]?: string } & { [P in F]?: boolean } {
  return { ...opt(key, c.string(cfg, key, path)), ...opt(flag, c.boolean(cfg, flag, path)) } as { [P in K]?: string } & { [P in F]?: boolean }
}

function checkAuth(c: Issues, value: unknown): Auth | undefined {
  const auth = c.object(value, 'auth')
  if (!auth) return undefined
  const authType = c.oneOf(auth, 'authType', 'auth', AUTH_TYPES, true)
  const out: Auth = { authType: authType ?? 'NONE' }
  if (authType === 'BASIC') {
    const cfg = authSettings(c, auth, 'basicAuthConfig', authType)
    const p = 'auth.basicAuthConfig'
    if (cfg) out.basicAuthConfig = { username: c.string(cfg, 'username', p, { required: true }) ?? '', ...secretField(c, cfg, p, 'password', 'passwordIsEnvVar') }
  } else if (authType === 'OAUTH_CLIENT_CREDENTIALS') {
    const cfg = authSettings(c, auth, 'oauthConfig', authType)
    const p = 'auth.oauthConfig'
    if (cfg) {
      out.oauthConfig = {
        clientId: c.string(cfg, 'clientId', p, { required: true }) ?? '',
        ...secretField(c, cfg, p, 'clientSecret', 'clientSecretIsEnvVar'),
        endpoint: c.url(cfg, 'endpoint', p, true) ?? '',
        httpMethod: c.oneOf(cfg, 'httpMethod', p, HTTP_METHODS, true) ?? 'POST',
        ...opt('customParameterList', checkCustomParameters(c, cfg.customParameterList, `${p}.customParameterList`)),
      }
    }
  } else if (authType === 'API_KEY') {
    const cfg = authSettings(c, auth, 'apiKeyConfig', authType)
    const p = 'auth.apiKeyConfig'
    const keyName = cfg && c.string(cfg, 'keyName', p, { required: true })
    if (cfg) out.apiKeyConfig = { keyName: keyName ?? '', ...secretField(c, cfg, p, 'keyValue', 'keyValueIsEnvVar') }
  }
  return out
}

function checkCustomParameters(c: Issues, value: unknown, path: string): CustomOAuthParameter[] | undefined {
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value)) return c.fail(path, 'must be a list of { type, key, value }')
  const out: CustomOAuthParameter[] = []
  value.forEach((item, i) => {
    const p = `${path}[${i}]`
    const param = c.object(item, p)
    if (!param) return
    const type = c.oneOf(param, 'type', p, PARAMETER_TYPES, true)
    const key = c.string(param, 'key', p, { required: true })
    const val = c.string(param, 'value', p)
    if (param.value === undefined) c.fail(`${p}.value`, 'is required')
    if (type && key !== undefined && val !== undefined) out.push({ type, key, value: val })
  })
  return out
}

function checkFilter(c: Issues, value: unknown): Filter | undefined {
  const filter = c.object(value, 'filter')
  if (!filter) return undefined
  const keyToFilter = c.string(filter, 'keyToFilter', 'filter', { required: true })
  if (keyToFilter !== undefined && !isDotPath(keyToFilter)) c.fail('filter.keyToFilter', 'must be a dot path like customer_request.productId')
  const supportedValues = c.stringArray(filter, 'supportedValues', 'filter', true)
  return { keyToFilter: keyToFilter ?? '', supportedValues: supportedValues ?? [] }
}

function isDotPath(path: string): boolean {
  return normalizePath(path).split('.').every((segment) => segment.length > 0)
}

/** A condition in its JSONata form: the expression alone (no field/operation/values), and it must parse. */
function checkJsonataCondition(c: Issues, cond: JsonObject, p: string, expression: string): WebhookCondition {
  for (const key of ['field', 'operation', 'values'] as const) {
    if (cond[key] !== undefined && cond[key] !== null) c.fail(`${p}.${key}`, 'must not be set beside jsonata_expression (a condition is either a comparison or an expression)')
  }
  if (expression.length > MAX_JSONATA_CONDITION_LENGTH) c.fail(`${p}.jsonata_expression`, `is ${expression.length} characters long; at most ${MAX_JSONATA_CONDITION_LENGTH} are allowed`)
  else {
    try {
      parseJsonataCondition(expression)
    } catch (error) {
      const e = error as { message?: unknown; position?: unknown }
      const where = typeof e.position === 'number' ? ` (at position ${e.position})` : ''
      c.fail(`${p}.jsonata_expression`, `is not valid JSONata: ${String(e.message)}${where}`)
    }
  }
  return { jsonata_expression: expression }
}

function checkCondition(c: Issues, value: unknown, p: string): WebhookCondition | undefined {
  const cond = c.object(value, p)
  if (!cond) return undefined
  const expression = c.string(cond, 'jsonata_expression', p)
  if (expression !== undefined && expression.trim() !== '') return checkJsonataCondition(c, cond, p, expression)
  const field = c.string(cond, 'field', p, { required: true })
  if (field !== undefined && field.trim() !== '' && !isDotPath(field)) c.fail(`${p}.field`, 'must be a dot path like entity.status')
  const operation = c.oneOf<ConditionOperation>(cond, 'operation', p, CONDITION_OPERATIONS, true)
  const fieldType = c.oneOf<ConditionFieldType>(cond, 'field_type', p, CONDITION_FIELD_TYPES)
  const values = c.stringArray(cond, 'values', p)
  if (operation && !VALUELESS_OPERATIONS.has(operation)) {
    if (cond.values === undefined || cond.values === null || (values && values.length === 0)) {
      c.fail(`${p}.values`, `needs at least one value for operation ${operation}`)
    } else if (values && SINGLE_VALUE_OPERATIONS.has(operation) && values.length !== 1) {
      c.fail(`${p}.values`, `needs exactly one value for operation ${operation}`)
    }
    const type = fieldType ?? 'string'
    if (LENGTH_OPERATIONS.has(operation)) {
      values?.forEach((v, i) => {
        if (!/^\d+$/.test(v)) c.fail(`${p}.values[${i}]`, `must be a non-negative integer (an item count) for operation ${operation}`)
      })
    } else values?.forEach((v, i) => {
      if (coerce(v, type) === MISMATCH) c.fail(`${p}.values[${i}]`, `is not a valid ${type}${type === 'boolean' ? " ('true' or 'false')" : ''}`)
    })
  }
  return {
    field: field ?? '',
    operation: operation ?? 'equals',
    ...opt('values', values),
    ...opt('field_type', fieldType),
    ...opt('is_array_field', c.boolean(cond, 'is_array_field', p)),
    ...opt('repeatable_item_op', c.boolean(cond, 'repeatable_item_op', p)),
  }
}

function checkConditionGroup(c: Issues, value: unknown): WebhookConditionGroup | undefined {
  const group = c.object(value, 'filterConditions')
  if (!group) return undefined
  const out: WebhookConditionGroup = {}
  const op = c.oneOf(group, 'logical_operator', 'filterConditions', ['AND', 'OR'] as const)
  if (op) out.logical_operator = op
  const list = group.conditions
  if (list !== undefined && list !== null) {
    if (!Array.isArray(list)) c.fail('filterConditions.conditions', 'must be a list of conditions')
    else {
      if (list.length > MAX_CONDITIONS) c.fail('filterConditions.conditions', `must hold at most ${MAX_CONDITIONS} conditions (got ${list.length})`)
      out.conditions = []
      list.forEach((item, i) => {
        const cond = checkCondition(c, item, `filterConditions.conditions[${i}]`)
        if (cond) out.conditions?.push(cond)
      })
    }
  }
  return out
}

function checkPayloadConfiguration(c: Issues, value: unknown): PayloadConfiguration | undefined {
  const p = 'payloadConfiguration'
  const cfg = c.object(value, p)
  if (!cfg) return undefined
  const out: PayloadConfiguration = {
    ...opt('hydrate_entity', c.boolean(cfg, 'hydrate_entity', p)),
    ...opt('include_relations', c.boolean(cfg, 'include_relations', p)),
    ...opt('include_activity', c.boolean(cfg, 'include_activity', p)),
    ...opt('include_changed_attributes', c.boolean(cfg, 'include_changed_attributes', p)),
    ...opt('apply_changesets', c.boolean(cfg, 'apply_changesets', p)),
  }
  if (cfg.custom_headers !== undefined && cfg.custom_headers !== null) {
    const headers = c.object(cfg.custom_headers, `${p}.custom_headers`)
    if (headers) {
      out.custom_headers = {}
      for (const [name, headerValue] of Object.entries(headers)) {
        // Names and values that cannot be sent are reported by strictConfigIssues (config/strict.ts).
        if (typeof headerValue !== 'string') c.fail(`${p}.custom_headers.${name}`, 'must be a string')
        else if (headerNameProblem(name) === undefined && headerValueProblem(headerValue) === undefined) out.custom_headers[name] = headerValue
      }
    }
  }
  return out
}

function checkJsonata(c: Issues, obj: JsonObject): string | undefined {
  const expression = c.string(obj, 'jsonataExpression', '')
  if (expression === undefined || expression.trim() === '') return expression
  try {
    parseJsonata(expression)
  } catch (error) {
    const e = error as { message?: unknown; position?: unknown }
    const where = typeof e.position === 'number' ? ` (at position ${e.position})` : ''
    c.fail('jsonataExpression', `is not valid JSONata: ${String(e.message)}${where}`)
  }
  return expression
}

function checkSecureProxy(c: Issues, value: unknown): WebhookConfig['secureProxy'] {
  const proxy = c.object(value, 'secureProxy')
  if (!proxy) return undefined
  const integrationId = c.string(proxy, 'integration_id', 'secureProxy', { required: true })
  if (integrationId !== undefined && integrationId !== '' && !UUID.test(integrationId)) c.fail('secureProxy.integration_id', 'must be a UUID')
  return { integration_id: integrationId ?? '', use_case_slug: c.string(proxy, 'use_case_slug', 'secureProxy', { required: true }) ?? '' }
}

/**
 * Validates a webhook config received at the edge (API, CLI, file). Returns a clean copy holding only known
 * fields; throws {@link ConfigValidationError} listing EVERY problem (path + message) at once.
 * URL scheme policy (e.g. https only) is the caller's job; here a URL only has to parse.
 * @example
 * const config = validateConfig(await request.json()) // throws ConfigValidationError with .issues
 */
export function validateConfig(input: unknown): WebhookConfig {
  const c = new Issues()
  const obj = c.object(input, '')
  if (!obj) throw new ConfigValidationError(c.list)
  // Unknown fields, string lengths and unsendable headers, at every level (config/strict.ts).
  c.add(strictConfigIssues(obj))

  const config: WebhookConfig = {
    ...opt('id', c.string(obj, 'id', '')),
    name: c.string(obj, 'name', '', { required: true }) ?? '',
    eventName: c.string(obj, 'eventName', '', { required: true }) ?? '',
    ...opt('url', c.url(obj, 'url', '')),
    ...opt('creationTime', c.string(obj, 'creationTime', '')),
    ...opt('httpMethod', c.oneOf(obj, 'httpMethod', '', HTTP_METHODS)),
    ...opt('enabled', c.boolean(obj, 'enabled', '')),
    ...opt('auth', obj.auth === undefined || obj.auth === null ? undefined : checkAuth(c, obj.auth)),
    ...opt('filter', obj.filter === undefined || obj.filter === null ? undefined : checkFilter(c, obj.filter)),
    ...opt('payloadConfiguration', obj.payloadConfiguration === undefined || obj.payloadConfiguration === null ? undefined : checkPayloadConfiguration(c, obj.payloadConfiguration)),
    ...opt('enableStaticIP', c.boolean(obj, 'enableStaticIP', '')),
    ...opt('protected', c.boolean(obj, 'protected', '')),
    ...opt('secureProxy', obj.secureProxy === undefined || obj.secureProxy === null ? undefined : checkSecureProxy(c, obj.secureProxy)),
    ...opt('status', c.oneOf(obj, 'status', '', STATUSES)),
    ...opt('jsonataExpression', checkJsonata(c, obj)),
    ...opt('filterConditions', obj.filterConditions === undefined || obj.filterConditions === null ? undefined : checkConditionGroup(c, obj.filterConditions)),
    ...opt('_manifest', c.stringArray(obj, '_manifest', '')),
    ...opt('signingSecret', c.string(obj, 'signingSecret', '')),
    ...checkContractFields(c, obj),
  }
  checkFilterBounds(c, config)
  c.throwIfAny((issues) => new ConfigValidationError(issues))
  return config
}
