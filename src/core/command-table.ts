import { bodySchemaOf } from './body-schema'
import type { ServiceCommands } from './commands'
import { listOperations, type OpenApiDocument } from './openapi'

/**
 * Turns an OpenAPI document into the command table the CLI is built from: what each operation is called,
 * where each parameter goes, whether it takes a body, and the words for its help. Codegen writes it out for
 * the generated services; the CLI's `--definition` builds it at run time from another spec.
 */
export function commandTable(service: string, doc: OpenApiDocument): ServiceCommands {
  return {
    service,
    title: doc.info?.title ?? service,
    description: (doc.info?.description ?? '').trim(),
    server: doc.servers?.[0]?.url ?? '',
    commands: listOperations(doc).map((op) => ({
      operationId: op.operationId,
      method: op.method.toUpperCase(),
      path: op.path,
      summary: op.summary,
      description: op.description,
      requiresAuth: op.requiresAuth,
      ...(op.deprecated ? { deprecated: true } : {}),
      parameters: op.parameters.map((p) => ({
        name: p.name,
        in: p.in,
        required: Boolean(p.required),
        type: p.schema?.type ?? 'string',
        description: (p.description ?? '').trim(),
        ...(p.schema?.enum?.length ? { enum: p.schema.enum.map(String) } : {}),
      })),
      body: op.body.accepted
        ? {
            required: op.body.required,
            description: op.body.description,
            schema: bodySchemaOf(doc, op.path, op.method) ?? {},
            ...(op.body.example !== undefined ? { example: op.body.example } : {}),
          }
        : null,
    })),
  }
}
