/**
 * Strict config validation, beside `validate.ts` (which reads the fields it knows): every field the spec does not
 * name is refused by name, at every level (the names come from openapi.json through codegen, extension fields
 * included); every string has a length limit; and headers must be sendable. Returns every problem at once.
 */
import { schemaShapes, type SchemaShape } from '../../../generated/webhooks/shapes'
import type { ValidationIssue } from '../errors'
import { isObject } from '../validation'

/** Longest accepted string per field name (characters); fields not listed take {@link DEFAULT_MAX_STRING}. */
export const STRING_LIMITS: Readonly<Record<string, number>> = {
  name: 255,
  eventName: 255,
  eventVersion: 32,
  id: 255,
  creationTime: 64,
  updatedTime: 64,
  url: 2048,
  endpoint: 2048,
  jsonataExpression: 15_000,
  fileSource: 15_000,
  signingSecret: 1024,
  password: 1024,
  clientSecret: 1024,
  keyValue: 4096,
  keyName: 256,
  username: 1024,
  clientId: 1024,
}

/** Filter values: their count and length are bounded with the filters (config/validate.ts condition checks). */
const BOUNDED_BY_FILTERS: ReadonlySet<string> = new Set(['values', 'supportedValues'])

/** Limit of every other string field, and of map keys (custom header names, extra field names). */
export const DEFAULT_MAX_STRING = 1024

/** Longest custom header value (characters). */
export const MAX_HEADER_VALUE = 4096

/** Header names no config may set: the engine or the HTTP connection owns them (lower case; `webhook-*` too). */
export const FORBIDDEN_HEADERS: readonly string[] = ['host', 'content-length', 'transfer-encoding', 'connection']

const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// Visible ASCII, with single spaces or tabs allowed between visible characters (RFC 9110 field-value).
const HEADER_VALUE = /^(?:[\x21-\x7e](?:[\x20\x09]*[\x21-\x7e])*)?$/

/** What is wrong with a header name a config wants to send, or undefined when it is sendable. */
export function headerNameProblem(name: string): string | undefined {
  if (!HTTP_TOKEN.test(name)) return "is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~)"
  const lower = name.toLowerCase()
  if (FORBIDDEN_HEADERS.includes(lower) || lower.startsWith('webhook-')) {
    return `cannot be set by a config (${FORBIDDEN_HEADERS.map((h) => h).join(', ')} and webhook-* belong to the engine and the connection)`
  }
  return undefined
}

/** What is wrong with a header value, or undefined when it can be sent. */
export function headerValueProblem(value: string): string | undefined {
  if (value.length > MAX_HEADER_VALUE) return `is longer than ${MAX_HEADER_VALUE} characters`
  if (!HEADER_VALUE.test(value)) return 'must be visible ASCII (spaces and tabs only between characters; no line breaks, control or non-ASCII characters)'
  return undefined
}

function joinKey(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`
}

/** Edit distance, for "did you mean" (names are short). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length] as number
}

function unknownField(key: string, known: readonly string[]): string {
  const best = known.map((k) => ({ k, d: distance(key, k) })).sort((x, y) => x.d - y.d)[0]
  const hint = best && best.d <= Math.max(2, Math.floor(key.length / 4)) ? `; did you mean ${best.k}?` : ''
  return `is not a field of this object${hint} (known: ${known.join(', ')})`
}

function resolve(shape: SchemaShape): SchemaShape {
  let s = shape
  for (let i = 0; typeof s === 'string' && i < 8; i++) s = schemaShapes[s] ?? 0
  return s
}

/**
 * Walks `value` along `shape`: unknown fields and strings over their limit become issues. Type problems are left to
 * `validate.ts`. Iterative: the walk follows the shape's own (small) depth, never the input's.
 */
function walk(issues: ValidationIssue[], root: unknown, rootShape: SchemaShape): void {
  const work: Array<{ value: unknown; shape: SchemaShape; path: string; field: string }> = [{ value: root, shape: rootShape, path: '', field: '' }]
  // Breadth first, in input order, so issues are listed field by field as the body has them.
  for (let next = 0; next < work.length; next++) {
    const { value, shape: raw, path, field } = work[next] as (typeof work)[number]
    const shape = resolve(raw)
    if (typeof value === 'string') {
      if (BOUNDED_BY_FILTERS.has(field)) continue
      const limit = typeof shape === 'object' && 's' in shape ? shape.s : (STRING_LIMITS[field] ?? DEFAULT_MAX_STRING)
      if (value.length > limit) issues.push({ path, message: `is longer than ${limit} characters (${value.length})` })
      continue
    }
    if (typeof shape !== 'object') continue
    if ('o' in shape && isObject(value)) {
      const known = Object.keys(shape.o)
      for (const [key, child] of Object.entries(value)) {
        const at = joinKey(path, key)
        const childShape = shape.o[key]
        if (childShape === undefined) issues.push({ path: at, message: unknownField(key, known) })
        else work.push({ value: child, shape: childShape, path: at, field: key })
      }
    } else if ('a' in shape && Array.isArray(value)) {
      value.forEach((item, i) => work.push({ value: item, shape: shape.a, path: `${path}[${i}]`, field }))
    } else if ('m' in shape && isObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        const at = joinKey(path, key)
        if (key.length > DEFAULT_MAX_STRING) issues.push({ path: `${path}.${key.slice(0, 40)}…`, message: `name is longer than ${DEFAULT_MAX_STRING} characters` })
        else work.push({ value: child, shape: shape.m, path: at, field: key })
      }
    }
  }
}

/** Header checks of the places a config names headers: custom headers, the API-key header, OAuth header parameters. */
function checkHeaders(issues: ValidationIssue[], config: Record<string, unknown>): void {
  const payload = config.payloadConfiguration
  const custom = isObject(payload) ? payload.custom_headers : undefined
  if (isObject(custom)) {
    for (const [name, value] of Object.entries(custom)) {
      const at = `payloadConfiguration.custom_headers.${name.slice(0, 100)}`
      const problem = headerNameProblem(name) ?? (typeof value === 'string' ? headerValueProblem(value) : undefined)
      if (problem) issues.push({ path: at, message: problem })
    }
  }
  const auth = isObject(config.auth) ? config.auth : undefined
  const apiKey = isObject(auth?.apiKeyConfig) ? auth.apiKeyConfig : undefined
  if (apiKey && typeof apiKey.keyName === 'string' && apiKey.keyName !== '') {
    const problem = headerNameProblem(apiKey.keyName)
    if (problem) issues.push({ path: 'auth.apiKeyConfig.keyName', message: problem })
  }
  if (apiKey && typeof apiKey.keyValue === 'string' && apiKey.keyValueIsEnvVar !== true) {
    const problem = headerValueProblem(apiKey.keyValue)
    if (problem) issues.push({ path: 'auth.apiKeyConfig.keyValue', message: problem })
  }
  const oauth = isObject(auth?.oauthConfig) ? auth.oauthConfig : undefined
  const params = oauth?.customParameterList
  if (Array.isArray(params)) {
    params.forEach((param, i) => {
      if (!isObject(param) || param.type !== 'header') return
      const at = `auth.oauthConfig.customParameterList[${i}]`
      const nameProblem = typeof param.key === 'string' ? headerNameProblem(param.key) : undefined
      if (nameProblem) issues.push({ path: `${at}.key`, message: nameProblem })
      const valueProblem = typeof param.value === 'string' ? headerValueProblem(param.value) : undefined
      if (valueProblem) issues.push({ path: `${at}.value`, message: valueProblem })
    })
  }
}

/**
 * Every strict-validation problem of a config body: unknown fields by name (at every level of the spec's
 * `WebhookConfig`), strings over their limit, and headers that could never be sent.
 * @example
 * strictConfigIssues({ name: 'n', eventName: 'e', filterCondition: {} })
 * // [{ path: 'filterCondition', message: 'is not a field of this object; did you mean filterConditions? …' }]
 */
export function strictConfigIssues(input: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  if (!isObject(input)) return issues
  walk(issues, input, 'WebhookConfig')
  checkHeaders(issues, input)
  return issues
}
