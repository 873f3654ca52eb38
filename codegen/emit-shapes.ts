import type { OpenApiDocument } from '../src/core/openapi'
import { generatedHeader, layoutJson } from './header'

/** A JSON Schema node, as far as shapes need it. */
interface SchemaNode {
  $ref?: string
  type?: string
  properties?: Record<string, SchemaNode>
  items?: SchemaNode
  additionalProperties?: boolean | SchemaNode
  maxLength?: number
  allOf?: SchemaNode[]
}

/**
 * Shape of a value: `0` anything not described further (a scalar, or free-form); a schema name; `{ o }` an object
 * with exactly these fields; `{ a }` an array of items; `{ m }` a map of values; `{ s }` a string with a maxLength.
 */
type Shape = 0 | string | { o: Record<string, Shape> } | { a: Shape } | { m: Shape } | { s: number }

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1)
}

function shapeOf(node: SchemaNode | undefined): Shape {
  if (!node) return 0
  if (node.$ref) return refName(node.$ref)
  if (node.allOf?.length === 1) return shapeOf(node.allOf[0])
  if (node.properties) {
    const o: Record<string, Shape> = {}
    for (const [key, value] of Object.entries(node.properties)) o[key] = shapeOf(value)
    return { o }
  }
  if (node.type === 'array') return { a: shapeOf(node.items) }
  if (node.type === 'object' && typeof node.additionalProperties === 'object') return { m: shapeOf(node.additionalProperties) }
  if (node.type === 'string' && typeof node.maxLength === 'number') return { s: node.maxLength }
  return 0
}

/**
 * The field names of every object schema of the spec, nested as the spec nests them, for the engine's strict
 * validation (unknown fields are refused by name): kept in step with openapi.json by `npm run codegen`.
 */
export function emitShapes(doc: OpenApiDocument, specPath: string): string {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, SchemaNode>
  const shapes: Record<string, Shape> = {}
  for (const [name, schema] of Object.entries(schemas)) shapes[name] = shapeOf(schema)
  return (
    generatedHeader(specPath) +
    '/**\n' +
    ' * Shape of a value: `0` not described further (a scalar or free-form); a schema name; `{ o }` an object with exactly\n' +
    ' * these fields; `{ a }` an array of items; `{ m }` a map of values; `{ s }` a string with a maxLength.\n' +
    ' */\n' +
    'export type SchemaShape = 0 | string | { readonly o: Readonly<Record<string, SchemaShape>> } | { readonly a: SchemaShape } | { readonly m: SchemaShape } | { readonly s: number }\n\n' +
    '/** Every schema of the spec by name, as a {@link SchemaShape}. */\n' +
    `export const schemaShapes: Readonly<Record<string, SchemaShape>> = ${layoutJson(shapes, 1)}\n`
  )
}
