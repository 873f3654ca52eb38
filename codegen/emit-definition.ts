import type { OpenApiDocument, OperationInfo } from '../src/core/openapi'
import { generatedHeader, layoutJson } from './header'

/**
 * The runtime routing table: for each operation only its path, method, operationId, parameters
 * (name, location, required), whether a body is required, and whether it needs auth. Schemas,
 * descriptions and examples stay out, so the client bundle carries no more of the spec than routing needs.
 */
export function emitDefinition(doc: OpenApiDocument, operations: OperationInfo[], specPath: string): string {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const op of operations) {
    // The runtime serializes every query parameter as form + explode (build/query-serializer.cjs).
    for (const p of op.parameters as Array<{ name: string; style?: string; explode?: boolean }>) {
      if ((p.style !== undefined && p.style !== 'form' && p.style !== 'simple') || p.explode === false) {
        throw new Error(`${specPath}: ${op.operationId} parameter ${p.name} uses style/explode other than the defaults; build/query-serializer.cjs supports only those`)
      }
    }
    const entry: Record<string, unknown> = {
      operationId: op.operationId,
      parameters: op.parameters.map((p) => ({ name: p.name, in: p.in, required: Boolean(p.required) })),
    }
    if (op.body.accepted) entry.requestBody = { required: op.body.required, content: { 'application/json': {} } }
    if (!op.requiresAuth) entry.security = []
    ;(paths[op.path] ??= {})[op.method] = entry
  }
  const definition = {
    openapi: doc.openapi,
    info: { title: doc.info.title, version: doc.info.version },
    servers: (doc.servers ?? []).slice(0, 1).map((server) => ({ url: server.url })),
    paths,
  }
  // The runtime build replaces openapi-client-axios's dereferencer with the identity (see tsup.config.ts).
  if (JSON.stringify(definition).includes('"$ref"')) throw new Error(`${specPath}: the runtime definition must not contain $ref`)
  return (
    generatedHeader(specPath) +
    "import type { RuntimeDefinition } from '../../core/definition'\n\n" +
    '/** Builds the routing table on demand, so a service nobody touches costs nothing at start-up. */\n' +
    `export function loadDefinition(): RuntimeDefinition {\n  return ${layoutJson(definition, 2, '  ')}\n}\n`
  )
}
