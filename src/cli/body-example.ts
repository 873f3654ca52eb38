import type { BodySchema } from '../core/commands'

/** Field names that hold ids (`id`, `configId`, `organization_id`, `eventIds`): a spec's example id exists nowhere, so they get a placeholder. */
const IDENTIFIER = /(?:^ids?|_ids?|[a-z0-9]I[dD]s?)$/

/** `eventIds` → `eventId`, `entities` → `entity`: the name of one item of a list field. */
export function singular(name: string): string {
  return name.replace(/ies$/, 'y').replace(/([^su])s$/, '$1')
}

/** The fields of an object schema, required ones first (each group in spec order). */
export function orderedFields(schema: BodySchema): Array<[name: string, field: BodySchema, required: boolean]> {
  const required = new Set(schema.required ?? [])
  const fields = Object.entries(schema.properties ?? {}).map(([name, field]): [string, BodySchema, boolean] => [name, field, required.has(name)])
  return [...fields.filter(([, , isRequired]) => isRequired), ...fields.filter(([, , isRequired]) => !isRequired)]
}

function scalarExample(name: string, schema: BodySchema): unknown {
  if (schema.enum?.length) return schema.enum[0]
  if (!IDENTIFIER.test(name) && schema.example !== undefined && !Array.isArray(schema.example)) return schema.example
  if (schema.default !== undefined && schema.default !== null) return schema.default
  switch (schema.type) {
    case 'integer':
    case 'number':
      return 1
    case 'boolean':
      return true
    default:
      if (schema.format === 'date-time') return '2025-01-01T00:00:00Z'
      if (schema.format === 'date') return '2025-01-01'
      if (schema.format === 'uri' || schema.format === 'url') return 'https://example.com'
      return `<${name}>`
  }
}

function valueFor(name: string, schema: BodySchema): unknown {
  if (schema.type === 'object' || schema.properties) return objectExample(schema)
  if (schema.type === 'array') {
    if (!IDENTIFIER.test(name) && Array.isArray(schema.example) && schema.example.length) return schema.example
    return [valueFor(singular(name), schema.items ?? {})]
  }
  if (schema.oneOf?.length) return valueFor(name, schema.oneOf[0] as BodySchema)
  return scalarExample(name, schema)
}

/** Required fields, plus the optional ones the spec gives an example value for (their authors chose them to show). */
function objectExample(schema: BodySchema): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, field, required] of orderedFields(schema)) {
    const shown = required || (field.example !== undefined && !IDENTIFIER.test(name) && field.type !== 'object' && field.type !== 'array')
    if (shown) out[name] = valueFor(name, field)
  }
  return out
}

/**
 * A body built from the schema alone: every required field (nested required objects too) and the optional fields
 * the spec gives an example for. Values come from the spec's enum, example or default; ids and strings without
 * an example become `<fieldName>` placeholders.
 *
 * @example
 * ```ts
 * exampleBody({ type: 'object', required: ['name'], properties: { name: { type: 'string' }, url: { type: 'string', example: 'https://x.io' } } })
 * // { name: '<name>', url: 'https://x.io' }
 * ```
 */
export function exampleBody(schema: BodySchema): unknown {
  return valueFor('body', schema)
}
