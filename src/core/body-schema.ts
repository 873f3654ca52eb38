/**
 * Trims an operation's request-body schema to what the CLI shows and asks for: `$ref`s inlined, read-only
 * fields dropped, descriptions cut to their first paragraph, nesting cut below a few levels. Codegen writes the
 * result into the command table; `--definition` builds it the same way at run time.
 */
import type { BodySchema } from './commands'

/** Levels kept in full below the body itself; deeper objects keep only their type and description. */
const MAX_DEPTH = 3
const MAX_DESCRIPTION = 160

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function lookup(doc: unknown, ref: string): unknown {
  let node: unknown = doc
  for (const segment of ref.replace(/^#\//, '').split('/')) {
    node = isObject(node) ? node[segment.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined
  }
  return node
}

/** Follows `$ref`s (local ones only) to the schema they name; `seen` guards against cycles. */
function deref(doc: unknown, value: unknown, seen: readonly string[]): { schema: Json; seen: readonly string[] } | undefined {
  let schema = value
  let path = seen
  while (isObject(schema) && typeof schema.$ref === 'string') {
    if (path.includes(schema.$ref)) return undefined
    path = [...path, schema.$ref]
    schema = lookup(doc, schema.$ref)
  }
  return isObject(schema) ? { schema, seen: path } : undefined
}

function shortDescription(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined
  const paragraph = (text.trim().split(/\n\s*\n/)[0] ?? '').replace(/\s+/g, ' ')
  if (!paragraph) return undefined
  return paragraph.length > MAX_DESCRIPTION ? `${paragraph.slice(0, MAX_DESCRIPTION - 1).trimEnd()}…` : paragraph
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value)
}

/** `allOf` parts merged into one object schema (properties and required lists joined). */
function mergeAllOf(doc: unknown, schema: Json, seen: readonly string[]): Json {
  if (!Array.isArray(schema.allOf)) return schema
  const merged: Json = { ...schema, allOf: undefined }
  const properties: Json = { ...(isObject(schema.properties) ? schema.properties : {}) }
  const required = new Set<string>(Array.isArray(schema.required) ? (schema.required as string[]) : [])
  for (const part of schema.allOf) {
    const resolved = deref(doc, part, seen)
    if (!resolved) continue
    const flat = mergeAllOf(doc, resolved.schema, resolved.seen)
    Object.assign(properties, isObject(flat.properties) ? flat.properties : {})
    for (const name of Array.isArray(flat.required) ? (flat.required as string[]) : []) required.add(name)
    merged.type ??= flat.type
    merged.description ??= flat.description
  }
  return { ...merged, properties, required: [...required] }
}

function trim(doc: unknown, value: unknown, seen: readonly string[], depth: number): BodySchema {
  const resolved = deref(doc, value, seen)
  if (!resolved) return {}
  const schema = mergeAllOf(doc, resolved.schema, resolved.seen)
  const out: BodySchema = {}
  const type = typeof schema.type === 'string' ? schema.type : isObject(schema.properties) ? 'object' : undefined
  if (type) out.type = type
  const description = shortDescription(schema.description)
  if (description) out.description = description
  if (Array.isArray(schema.enum)) out.enum = schema.enum.filter(isScalar) as BodySchema['enum']
  if (typeof schema.format === 'string') out.format = schema.format
  if (schema.nullable === true) out.nullable = true
  if (isScalar(schema.default) && schema.default !== undefined) out.default = schema.default as BodySchema['default']
  if (schema.example !== undefined && (isScalar(schema.example) || (Array.isArray(schema.example) && schema.example.every(isScalar)))) {
    out.example = schema.example as BodySchema['example']
  }
  const variants = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : undefined
  if (depth >= MAX_DEPTH) return out
  if (variants) out.oneOf = variants.map((variant) => trim(doc, variant, resolved.seen, depth + 1))
  if (isObject(schema.properties)) {
    const properties: Record<string, BodySchema> = {}
    for (const [name, property] of Object.entries(schema.properties)) {
      const field = deref(doc, property, resolved.seen)
      if (field?.schema.readOnly === true) continue
      properties[name] = trim(doc, property, resolved.seen, depth + 1)
    }
    out.properties = properties
    const required = (Array.isArray(schema.required) ? (schema.required as unknown[]) : []).filter((name): name is string => typeof name === 'string' && name in properties)
    if (required.length) out.required = required
  }
  if (schema.items !== undefined) out.items = trim(doc, schema.items, resolved.seen, depth + 1)
  if (isObject(schema.additionalProperties)) out.additionalProperties = trim(doc, schema.additionalProperties, resolved.seen, depth + 1)
  return out
}

/**
 * The trimmed JSON schema of an operation's `application/json` request body, or undefined when it has none.
 *
 * @example
 * ```ts
 * bodySchemaOf(doc, '/v1/webhooks/configs', 'post') // { type: 'object', required: ['name', 'eventName'], properties: { … } }
 * ```
 */
export function bodySchemaOf(doc: unknown, path: string, method: string): BodySchema | undefined {
  const paths = isObject(doc) && isObject(doc.paths) ? doc.paths : {}
  const item = isObject(paths[path]) ? (paths[path] as Json) : {}
  const operation = isObject(item[method]) ? (item[method] as Json) : {}
  const body = deref(doc, operation.requestBody, [])?.schema
  const content = isObject(body?.content) ? body.content : {}
  const media = content['application/json']
  if (!isObject(media) || media.schema === undefined) return undefined
  return trim(doc, media.schema, [], 0)
}
