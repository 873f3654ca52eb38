/**
 * The slice of an OpenAPI 3 document the SDK reads, and the walk that turns it into a flat list of operations with
 * their parameters resolved. Used by codegen (at build time) and by the CLI's `--definition` (at run time); it lives
 * in src/ so the CLI never ships the generator and codegen/ depends on src/ one way.
 */

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const
export type HttpMethod = (typeof HTTP_METHODS)[number]

interface RefObject {
  $ref: string
}

export interface ParameterSpec {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  description?: string
  schema?: { type?: string; enum?: unknown[]; format?: string }
}

interface MediaTypeSpec {
  example?: unknown
  schema?: unknown
}

interface RequestBodySpec {
  required?: boolean
  description?: string
  content?: Record<string, MediaTypeSpec>
}

interface ResponseSpec {
  description?: string
  content?: Record<string, MediaTypeSpec>
}

interface OperationSpec {
  operationId?: string
  summary?: string
  description?: string
  parameters?: Array<ParameterSpec | RefObject>
  requestBody?: RequestBodySpec | RefObject
  responses?: Record<string, ResponseSpec | RefObject>
  security?: Array<Record<string, string[]>>
  deprecated?: boolean
}

type PathItemSpec = Partial<Record<HttpMethod, OperationSpec>> & { parameters?: Array<ParameterSpec | RefObject> }

export interface OpenApiDocument {
  openapi: string
  info: { title: string; version: string; description?: string }
  servers?: Array<{ url: string; description?: string }>
  paths: Record<string, PathItemSpec>
  components?: Record<string, Record<string, unknown>>
  security?: Array<Record<string, string[]>>
}

/** One operation of a spec, flattened: everything the runtime, the types and the CLI need. */
export interface OperationInfo {
  operationId: string
  method: HttpMethod
  path: string
  summary: string
  description: string
  /** Parameters in declaration order; path parameters appear in path-template order. */
  parameters: ParameterSpec[]
  /** Whether a request body is accepted, and whether it is required. */
  body: { accepted: boolean; required: boolean; description: string; example?: unknown }
  /** The first 2xx response status and whether it has a JSON body. */
  success: { status: string; hasJson: boolean }
  /** False when the operation overrides security with `[]`. */
  requiresAuth: boolean
  /** True when the spec marks the operation `deprecated`. */
  deprecated: boolean
}

function isRef(value: unknown): value is RefObject {
  return typeof value === 'object' && value !== null && '$ref' in value
}

function resolve<T>(doc: OpenApiDocument, value: T | RefObject): T {
  if (!isRef(value)) return value
  const segments = value.$ref.replace(/^#\//, '').split('/')
  let node: unknown = doc
  for (const segment of segments) {
    node = (node as Record<string, unknown> | undefined)?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')]
  }
  if (node === undefined) throw new Error(`Unresolvable $ref ${value.$ref}`)
  return resolve(doc, node as T | RefObject)
}

function pathTemplateOrder(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string)
}

/** Lists every operation of the document, in path then method order as written in the spec. */
export function listOperations(doc: OpenApiDocument): OperationInfo[] {
  const operations: OperationInfo[] = []
  const seen = new Set<string>()
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method]
      if (!op) continue
      if (!op.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`)
      if (seen.has(op.operationId)) throw new Error(`Duplicate operationId ${op.operationId}`)
      seen.add(op.operationId)

      const byKey = new Map<string, ParameterSpec>()
      for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        const param = resolve(doc, raw)
        byKey.set(`${param.in}:${param.name}`, param)
      }
      const params = [...byKey.values()]
      const pathOrder = pathTemplateOrder(path)
      for (const name of pathOrder) {
        if (!params.some((p) => p.in === 'path' && p.name === name)) {
          throw new Error(`${op.operationId}: path parameter {${name}} is not declared`)
        }
      }
      const pathParams = pathOrder.map((name) => params.find((p) => p.in === 'path' && p.name === name) as ParameterSpec)
      const otherParams = params.filter((p) => p.in !== 'path')

      const body = op.requestBody ? resolve(doc, op.requestBody) : undefined
      const successStatus = Object.keys(op.responses ?? {}).find((status) => /^2\d\d$/.test(status)) ?? '200'
      const successResponse = op.responses?.[successStatus]
      const success = successResponse ? resolve(doc, successResponse) : undefined
      const security = op.security ?? doc.security ?? []

      operations.push({
        operationId: op.operationId,
        method,
        path,
        summary: (op.summary ?? '').trim(),
        description: (op.description ?? '').trim(),
        parameters: [...pathParams.map((p) => ({ ...p, required: true })), ...otherParams],
        body: {
          accepted: Boolean(body?.content?.['application/json']),
          required: Boolean(body?.required),
          description: (body?.description ?? '').trim(),
          ...(body?.content?.['application/json']?.example !== undefined ? { example: body.content['application/json'].example } : {}),
        },
        success: { status: successStatus, hasJson: Boolean(success?.content?.['application/json']) },
        requiresAuth: security.length > 0,
        deprecated: op.deprecated === true,
      })
    }
  }
  return operations
}
