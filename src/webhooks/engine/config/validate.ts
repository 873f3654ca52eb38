import { ConfigValidationError, type ConfigIssue } from '../errors'
import { SINGLE_VALUE_OPERATIONS, VALUELESS_OPERATIONS } from '../filter/conditions'
import { coerce, MISMATCH } from '../filter/coerce'
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

/** Header names the engine sets itself; a config may not override them. */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'content-length',
  'host',
])

const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// CR, LF and NUL would let a header value inject more headers.
const UNSAFE_HEADER_VALUE = /[\r\n\0]/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const STATUSES = ['active', 'inactive', 'incomplete'] as const
const PARAMETER_TYPES = ['body', 'query', 'header'] as const

type Obj = Record<string, unknown>

/** Collects issues with their paths; readers return the clean value or undefined. */
class Checker {
  readonly issues: ConfigIssue[] = []

  fail(path: string, message: string): undefined {
    this.issues.push({ path, message })
    return undefined
  }

  object(value: unknown, path: string): Obj | undefined {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Obj
    return this.fail(path, 'must be an object')
  }

  string(obj: Obj, key: string, path: string, opts: { required?: boolean; nonEmpty?: boolean } = {}): string | undefined {
    const value = obj[key]
    const at = join(path, key)
    if (value === undefined || value === null) return opts.required ? this.fail(at, 'is required') : undefined
    if (typeof value !== 'string') return this.fail(at, 'must be a string')
    if ((opts.required || opts.nonEmpty) && value.trim() === '') return this.fail(at, 'must not be empty')
    return value
  }

  boolean(obj: Obj, key: string, path: string): boolean | undefined {
    const value = obj[key]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'boolean') return this.fail(join(path, key), 'must be true or false')
    return value
  }

  oneOf<T extends string>(obj: Obj, key: string, path: string, allowed: readonly T[], required = false): T | undefined {
    const value = obj[key]
    const at = join(path, key)
    if (value === undefined || value === null) return required ? this.fail(at, `is required (one of ${allowed.join(', ')})`) : undefined
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      return this.fail(at, `must be one of ${allowed.join(', ')}`)
    }
    return value as T
  }

  url(obj: Obj, key: string, path: string, required = false): string | undefined {
    const value = this.string(obj, key, path, { required, nonEmpty: true })
    if (value === undefined) return undefined
    if (!URL.canParse(value)) return this.fail(join(path, key), 'must be an absolute URL, e.g. https://example.com/hook')
    return value
  }

  stringArray(obj: Obj, key: string, path: string, required = false): string[] | undefined {
    const value = obj[key]
    const at = join(path, key)
    if (value === undefined || value === null) return required ? this.fail(at, 'is required (a list of strings)') : undefined
    if (!Array.isArray(value)) return this.fail(at, 'must be a list of strings')
    let ok = true
    value.forEach((item, i) => {
      if (typeof item !== 'string') ok = this.fail(`${at}[${i}]`, 'must be a string') ?? false
    })
    return ok ? [...(value as string[])] : undefined
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key
}

function checkAuth(c: Checker, value: unknown): Auth | undefined {
  const auth = c.object(value, 'auth')
  if (!auth) return undefined
  const authType = c.oneOf(auth, 'authType', 'auth', AUTH_TYPES, true)
  const out: Auth = { authType: authType ?? 'NONE' }
  if (authType === 'BASIC') {
    const cfg = auth.basicAuthConfig === undefined ? c.fail('auth.basicAuthConfig', 'is required when authType is BASIC') : c.object(auth.basicAuthConfig, 'auth.basicAuthConfig')
    if (cfg) {
      const p = 'auth.basicAuthConfig'
      out.basicAuthConfig = {
        username: c.string(cfg, 'username', p, { required: true }) ?? '',
        ...opt('password', c.string(cfg, 'password', p)),
        ...opt('passwordIsEnvVar', c.boolean(cfg, 'passwordIsEnvVar', p)),
      }
    }
  } else if (authType === 'OAUTH_CLIENT_CREDENTIALS') {
    const cfg = auth.oauthConfig === undefined ? c.fail('auth.oauthConfig', 'is required when authType is OAUTH_CLIENT_CREDENTIALS') : c.object(auth.oauthConfig, 'auth.oauthConfig')
    if (cfg) {
      const p = 'auth.oauthConfig'
      out.oauthConfig = {
        clientId: c.string(cfg, 'clientId', p, { required: true }) ?? '',
        ...opt('clientSecret', c.string(cfg, 'clientSecret', p)),
        ...opt('clientSecretIsEnvVar', c.boolean(cfg, 'clientSecretIsEnvVar', p)),
        endpoint: c.url(cfg, 'endpoint', p, true) ?? '',
        httpMethod: c.oneOf(cfg, 'httpMethod', p, HTTP_METHODS, true) ?? 'POST',
        ...opt('customParameterList', checkCustomParameters(c, cfg.customParameterList, `${p}.customParameterList`)),
      }
    }
  } else if (authType === 'API_KEY') {
    const cfg = auth.apiKeyConfig === undefined ? c.fail('auth.apiKeyConfig', 'is required when authType is API_KEY') : c.object(auth.apiKeyConfig, 'auth.apiKeyConfig')
    if (cfg) {
      const p = 'auth.apiKeyConfig'
      const keyName = c.string(cfg, 'keyName', p, { required: true })
      if (keyName !== undefined && !HTTP_TOKEN.test(keyName)) c.fail(`${p}.keyName`, 'must be a valid HTTP header name (letters, digits and !#$%&\'*+-.^_`|~)')
      out.apiKeyConfig = {
        keyName: keyName ?? '',
        ...opt('keyValue', c.string(cfg, 'keyValue', p)),
        ...opt('keyValueIsEnvVar', c.boolean(cfg, 'keyValueIsEnvVar', p)),
      }
    }
  }
  return out
}

function checkCustomParameters(c: Checker, value: unknown, path: string): CustomOAuthParameter[] | undefined {
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

function checkFilter(c: Checker, value: unknown): Filter | undefined {
  const filter = c.object(value, 'filter')
  if (!filter) return undefined
  const keyToFilter = c.string(filter, 'keyToFilter', 'filter', { required: true })
  if (keyToFilter !== undefined && !isDotPath(keyToFilter)) c.fail('filter.keyToFilter', 'must be a dot path like customer_request.productId')
  const supportedValues = c.stringArray(filter, 'supportedValues', 'filter', true)
  return { keyToFilter: keyToFilter ?? '', supportedValues: supportedValues ?? [] }
}

function isDotPath(path: string): boolean {
  return path.split('.').every((segment) => segment.length > 0)
}

function checkCondition(c: Checker, value: unknown, p: string): WebhookCondition | undefined {
  const cond = c.object(value, p)
  if (!cond) return undefined
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
    values?.forEach((v, i) => {
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

function checkConditionGroup(c: Checker, value: unknown): WebhookConditionGroup | undefined {
  const group = c.object(value, 'filterConditions')
  if (!group) return undefined
  const out: WebhookConditionGroup = {}
  const op = c.oneOf(group, 'logical_operator', 'filterConditions', ['AND', 'OR'] as const)
  if (op) out.logical_operator = op
  const list = group.conditions
  if (list !== undefined && list !== null) {
    if (!Array.isArray(list)) c.fail('filterConditions.conditions', 'must be a list of conditions')
    else {
      out.conditions = []
      list.forEach((item, i) => {
        const cond = checkCondition(c, item, `filterConditions.conditions[${i}]`)
        if (cond) out.conditions?.push(cond)
      })
    }
  }
  return out
}

function checkPayloadConfiguration(c: Checker, value: unknown): PayloadConfiguration | undefined {
  const p = 'payloadConfiguration'
  const cfg = c.object(value, p)
  if (!cfg) return undefined
  const out: PayloadConfiguration = {
    ...opt('hydrate_entity', c.boolean(cfg, 'hydrate_entity', p)),
    ...opt('include_relations', c.boolean(cfg, 'include_relations', p)),
    ...opt('include_activity', c.boolean(cfg, 'include_activity', p)),
    ...opt('include_changed_attributes', c.boolean(cfg, 'include_changed_attributes', p)),
  }
  if (cfg.custom_headers !== undefined && cfg.custom_headers !== null) {
    const headers = c.object(cfg.custom_headers, `${p}.custom_headers`)
    if (headers) {
      out.custom_headers = {}
      for (const [name, headerValue] of Object.entries(headers)) {
        const at = `${p}.custom_headers.${name}`
        if (!HTTP_TOKEN.test(name)) c.fail(at, 'is not a valid HTTP header name (letters, digits and !#$%&\'*+-.^_`|~)')
        else if (RESERVED_HEADERS.has(name.toLowerCase())) c.fail(at, 'is set by the engine and cannot be overridden')
        else if (typeof headerValue !== 'string') c.fail(at, 'must be a string')
        else if (UNSAFE_HEADER_VALUE.test(headerValue)) c.fail(at, 'must not contain line breaks or NUL')
        else out.custom_headers[name] = headerValue
      }
    }
  }
  return out
}

function checkJsonata(c: Checker, obj: Obj): string | undefined {
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

function checkSecureProxy(c: Checker, value: unknown): WebhookConfig['secureProxy'] {
  const proxy = c.object(value, 'secureProxy')
  if (!proxy) return undefined
  const integrationId = c.string(proxy, 'integration_id', 'secureProxy', { required: true })
  if (integrationId !== undefined && integrationId !== '' && !UUID.test(integrationId)) c.fail('secureProxy.integration_id', 'must be a UUID')
  return { integration_id: integrationId ?? '', use_case_slug: c.string(proxy, 'use_case_slug', 'secureProxy', { required: true }) ?? '' }
}

/** Spreads `{ [key]: value }` only when value is defined, so the clean copy has no `undefined` keys. */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}

/**
 * Validates a webhook config received at the edge (API, CLI, file). Returns a clean copy holding only known
 * fields; throws {@link ConfigValidationError} listing EVERY problem (path + message) at once.
 * URL scheme policy (e.g. https only) is the caller's job; here a URL only has to parse.
 * @example
 * const config = validateConfig(await request.json()) // throws ConfigValidationError with .issues
 */
export function validateConfig(input: unknown): WebhookConfig {
  const c = new Checker()
  const obj = c.object(input, '')
  if (!obj) throw new ConfigValidationError(c.issues)

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
  }
  if (c.issues.length > 0) throw new ConfigValidationError(c.issues)
  return config
}
