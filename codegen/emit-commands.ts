import type { OperationInfo } from './spec'
import { generatedHeader } from './header'

/**
 * The command table the CLI is built from: what each operation is called, where each parameter goes,
 * whether it takes a body, and the words for its help. Kept apart from the client so the client's
 * bundle never carries help text.
 */
export function emitCommands(service: string, title: string, description: string, operations: OperationInfo[], specPath: string, server = ''): string {
  const commands = operations.map((op) => ({
    operationId: op.operationId,
    method: op.method.toUpperCase(),
    path: op.path,
    summary: op.summary,
    description: op.description,
    requiresAuth: op.requiresAuth,
    parameters: op.parameters.map((p) => ({
      name: p.name,
      in: p.in,
      required: Boolean(p.required),
      type: p.schema?.type ?? 'string',
      description: (p.description ?? '').trim(),
    })),
    body: op.body.accepted ? { required: op.body.required, description: op.body.description } : null,
  }))
  const table = { service, title, description, server, commands }
  return (
    generatedHeader(specPath) +
    "import type { ServiceCommands } from '../../core/commands'\n\n" +
    `/** The ${service} operations as CLI commands. */\n` +
    `export const commands: ServiceCommands = ${JSON.stringify(table, null, 2)}\n`
  )
}

/** Lists every generated service's client factory, for the root `epilot` object. */
export function emitRegistry(services: string[]): string {
  const imports = services.map((name) => `import { createClient as ${name}Client } from './${name}/client'`).join('\n')
  return `${generatedHeader('codegen/services.json')}${imports}

/** Client factories by service name. The root \`epilot\` object creates each client on first use. */
export const serviceClients = {
${services.map((name) => `  ${name}: ${name}Client,`).join('\n')}
} as const
`
}

/** Lists every generated service's command table, for the CLI only (clients never import it). */
export function emitCommandRegistry(services: string[]): string {
  const imports = services.map((name) => `import { commands as ${name}Commands } from './${name}/commands'`).join('\n')
  return `${generatedHeader('codegen/services.json')}import type { ServiceCommands } from '../core/commands'
${imports}

/** CLI command tables by service name. */
export const serviceCommands: Record<string, ServiceCommands> = {
${services.map((name) => `  ${name}: ${name}Commands,`).join('\n')}
}
`
}
