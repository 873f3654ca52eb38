/**
 * openapi.json is the published @epilot/sdk 2.x Webhooks contract (devDependency `epilot-sdk-published`, its
 * `definitions/webhooks.json` read through the package's own `./webhooks/openapi.json` export) plus our extensions.
 * Every operation, parameter, status code and schema constraint of the published definition must be in ours
 * unchanged; whatever we add must be marked as a reference engine extension. Descriptions are ours and not compared.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

type Node = Record<string, unknown>
interface Doc extends Node {
  paths: Record<string, Record<string, Node>>
  components: { schemas: Record<string, Node> } & Node
}

const published = createRequire(import.meta.url)('epilot-sdk-published/webhooks/openapi.json') as Doc
const ours = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8')) as Doc

/** Keys whose values are contract, compared as they are (descriptions and examples are prose, and ours). */
const CONSTRAINTS = ['type', 'enum', 'required', 'nullable', 'minimum', 'maximum', 'minItems', 'maxItems', 'maxLength', 'minLength', 'format', 'default', 'pattern', 'readOnly', '$ref', 'deprecated']
const EXTENSION = 'Reference engine extension'

/** Follows `$ref`s to parameters, request bodies and responses; schema refs stay (they are compared by name). */
function resolve(doc: Doc, node: unknown): Node | undefined {
  let current = node as Node | undefined
  while (current && typeof current.$ref === 'string' && !current.$ref.startsWith('#/components/schemas/')) {
    current = current.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, key) => (at as Node | undefined)?.[key], doc) as Node | undefined
  }
  return current
}

function schemaOf(node: Node | undefined): Node | undefined {
  return ((node?.content as Node | undefined)?.['application/json'] as Node | undefined)?.schema as Node | undefined
}

function isExtension(doc: Doc, schema: Node | undefined): boolean {
  const described = (node: Node | undefined) => typeof node?.description === 'string' && node.description.includes(EXTENSION)
  if (described(schema)) return true
  const ref = schema?.$ref
  return typeof ref === 'string' && described(doc.components.schemas[ref.split('/').pop() as string])
}

/** Every difference between a published schema and ours, as `path: what`. */
function schemaProblems(path: string, theirs: Node | undefined, mine: Node | undefined): string[] {
  if (!theirs) return []
  if (!mine) return [`${path}: missing`]
  const problems: string[] = []
  for (const key of CONSTRAINTS) {
    if (key in theirs && JSON.stringify(theirs[key]) !== JSON.stringify(mine[key])) {
      problems.push(`${path}: ${key} is ${JSON.stringify(mine[key])}, published ${JSON.stringify(theirs[key])}`)
    }
  }
  for (const key of ['nullable', 'additionalProperties', 'deprecated']) {
    if (key in mine && !(key in theirs)) problems.push(`${path}: ${key} is not in the published schema`)
  }
  const extra = theirs.additionalProperties
  if (typeof extra === 'boolean' && mine.additionalProperties !== extra) problems.push(`${path}: additionalProperties must be ${extra}`)
  if (extra && typeof extra === 'object') problems.push(...schemaProblems(`${path}.*`, extra as Node, mine.additionalProperties as Node | undefined))
  const theirProps = (theirs.properties ?? {}) as Record<string, Node>
  const myProps = (mine.properties ?? {}) as Record<string, Node>
  for (const [name, property] of Object.entries(theirProps)) problems.push(...schemaProblems(`${path}.${name}`, property, myProps[name]))
  for (const [name, property] of Object.entries(myProps)) {
    if (!(name in theirProps) && !isExtension(ours, property)) problems.push(`${path}.${name}: added, but not described as a ${EXTENSION}`)
  }
  problems.push(...schemaProblems(`${path}[]`, theirs.items as Node | undefined, mine.items as Node | undefined))
  return problems
}

const publishedOperations = Object.entries(published.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ path, method, op, mine: ours.paths[path]?.[method] })),
)

describe('openapi.json carries the published @epilot/sdk 2.x Webhooks contract', () => {
  it('has the same 15 operations: ids, methods, paths, deprecation and security', () => {
    const summary = (doc: Doc) =>
      Object.entries(doc.paths)
        .flatMap(([path, item]) => Object.entries(item).map(([method, op]) => [op.operationId, method, path, op.deprecated ?? false, op.security ?? null]))
        .sort()
    expect(publishedOperations).toHaveLength(15)
    expect(summary(ours)).toEqual(summary(published))
  })

  it.each(publishedOperations.map((o) => [o.op.operationId as string, o]))('%s: parameters, body and statuses', (_id, { op, mine }) => {
    const problems: string[] = []
    const params = (doc: Doc, list: unknown) => ((list ?? []) as unknown[]).map((p) => resolve(doc, p) as Node)
    const theirParams = params(published, op.parameters)
    const myParams = params(ours, mine?.parameters)
    expect(myParams.map((p) => `${p.in}:${p.name}`)).toEqual(theirParams.map((p) => `${p.in}:${p.name}`))
    theirParams.forEach((p, i) => {
      const m = myParams[i] as Node
      if (Boolean(p.required) !== Boolean(m.required)) problems.push(`parameter ${p.name}: required differs`)
      problems.push(...schemaProblems(`parameter ${p.name}`, p.schema as Node, m.schema as Node))
    })

    const theirBody = resolve(published, op.requestBody)
    const myBody = resolve(ours, mine?.requestBody)
    expect(Boolean(myBody)).toBe(Boolean(theirBody))
    if (theirBody && myBody) {
      if (Boolean(theirBody.required) !== Boolean(myBody.required)) problems.push('request body: required differs')
      problems.push(...schemaProblems('request body', schemaOf(theirBody), schemaOf(myBody)))
    }

    // Statuses: exactly the published ones; `default` (any other error, ErrorResp) is ours.
    const theirResponses = op.responses as Record<string, Node>
    const myResponses = (mine?.responses ?? {}) as Record<string, Node>
    expect(Object.keys(myResponses).filter((s) => s !== 'default').sort()).toEqual(Object.keys(theirResponses).sort())
    for (const [status, response] of Object.entries(theirResponses)) {
      const myResponse = resolve(ours, myResponses[status])
      const theirSchema = schemaOf(response)
      const mySchema = schemaOf(myResponse)
      if (theirSchema) problems.push(...schemaProblems(`${status} response`, theirSchema, mySchema))
      else if (mySchema && !String(myResponse?.description).includes(EXTENSION)) problems.push(`${status} response: a body the published contract does not have`)
    }
    expect(problems).toEqual([])
  })

  it('has every published schema, with every field and constraint; additions are marked as extensions', () => {
    const problems = Object.entries(published.components.schemas).flatMap(([name, schema]) => schemaProblems(name, schema, ours.components.schemas[name]))
    expect(problems).toEqual([])
  })

  it('keeps bearer auth on everything but getPublicKey', () => {
    expect(ours.security).toEqual([{ EpilotAuth: [] }])
    expect((ours.components.securitySchemes as Node).EpilotAuth).toMatchObject({ type: 'http', scheme: 'bearer' })
    const open = Object.values(ours.paths).flatMap((item) => Object.values(item)).filter((op) => Array.isArray(op.security) && op.security.length === 0)
    expect(open.map((op) => op.operationId)).toEqual(['getPublicKey'])
  })
})
