import { commandTable } from '../src/core/command-table'
import type { OpenApiDocument } from '../src/core/openapi'
import { generatedHeader, layoutJson } from './header'

/** The CLI command table of one service, as a generated module. Kept apart from the client so the
 * client's bundle never carries help text. */
export function emitCommands(service: string, doc: OpenApiDocument, specPath: string): string {
  return (
    generatedHeader(specPath) +
    "import type { ServiceCommands } from '../../core/commands'\n\n" +
    `/** The ${service} operations as CLI commands. */\n` +
    `export const commands: ServiceCommands = ${layoutJson(commandTable(service, doc), 2)}\n`
  )
}

/** Lists every generated service's client factory and full spec loader, for the root `epilot` object. */
export function emitRegistry(services: Array<{ name: string; spec: string }>): string {
  const imports = services.map(({ name }) => `import { createClient as ${name}Client } from './${name}/client'`).join('\n')
  return `${generatedHeader('codegen/services.json')}import type { OpenApiDocument } from '../core/openapi'
${imports}

/** Client factories by service name. The root \`epilot\` object creates each client on first use. */
export const serviceClients = {
${services.map(({ name }) => `  ${name}: ${name}Client,`).join('\n')}
} as const

/**
 * The full OpenAPI document of each service, loaded on first request with a dynamic import: bundlers that split code
 * put it in a chunk of its own, and nothing that never asks for it (a client, the routing table) carries it.
 */
export const serviceSpecs: Record<keyof typeof serviceClients, () => Promise<OpenApiDocument>> = {
${services.map(({ name, spec }) => `  ${name}: () => import('../../${spec}', { with: { type: 'json' } }).then((m) => m.default as unknown as OpenApiDocument),`).join('\n')}
}
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
