import { Command } from 'commander'
import { version } from '../../package.json'
import type { ServiceCommands } from '../core/commands'
import { serviceCommands } from '../generated/commands'
import { loadDefinition, serviceNameOf } from './definition'
import { CliApiError, CliExit, CliUsageError, EXIT_API_ERROR, EXIT_USAGE } from './errors'
import type { CliIO } from './io'
import type { ServiceOperationHooks } from './operation-hooks'
import { buildProgram, type ExtraCommands } from './program'
import { webhooksExtras } from './webhooks-extras'
import { webhooksOperationHooks } from './webhooks-operations'

/** Names that are commands of their own, never a service name for `--definition`. */
const RESERVED = new Set(['profile', 'completion', 'help'])

/** Finds `--definition` and the leading operands before the program exists, since the definition decides what the program contains. */
function preParse(args: readonly string[]): { definition: string | undefined; operands: string[]; unknown: string[] } {
  const scanner = new Command()
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} })
    .allowUnknownOption()
    .helpOption(false)
    .option('--definition <file>')
  try {
    const { operands, unknown } = scanner.parseOptions([...args])
    return { definition: scanner.opts<{ definition?: string }>().definition, operands, unknown }
  } catch {
    // Malformed (e.g. --definition without a file): the real parse reports it.
    return { definition: undefined, operands: [], unknown: ['--definition'] }
  }
}

/** The command a bare group invocation names (`epilot`, `epilot webhooks`, `epilot profile`), to show its help. */
function bareGroup(program: Command, operands: string[], unknown: string[]): Command | undefined {
  if (unknown.length) return undefined
  let command = program
  for (const operand of operands) {
    const next = command.commands.find((sub) => sub.name() === operand)
    if (!next) return undefined
    command = next
  }
  return command.commands.length ? command : undefined
}

function report(error: unknown, io: CliIO): number {
  if (error instanceof CliExit) return error.exitCode
  if (error instanceof CliUsageError) {
    io.stderr.write(`Error: ${error.message}\n${error.usage ? `${error.usage}\n` : ''}`)
    return EXIT_USAGE
  }
  if (error instanceof CliApiError) {
    io.stderr.write(`Error: ${error.message}\n`)
    return EXIT_API_ERROR
  }
  if (error instanceof Error && error.name === 'ExitPromptError') {
    io.stderr.write('Cancelled\n')
    return 130
  }
  io.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`)
  return EXIT_API_ERROR
}

/** Commands beyond the generated operations, per service. */
const extras: ExtraCommands = { webhooks: webhooksExtras }
/** What services add around some of their operations. */
const hooks: ServiceOperationHooks = { webhooks: webhooksOperationHooks }

/**
 * Runs the CLI once and resolves to its exit status: 0 on success, 1 when the API failed, 2 for usage errors.
 * Never calls process.exit, so it can run in-process in tests.
 *
 * @example
 * ```ts
 * const status = await runCli({ args: ['webhooks', 'getConfigs'], env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr })
 * ```
 */
export async function runCli(io: CliIO): Promise<number> {
  try {
    const pre = preParse(io.args)
    const services: Record<string, ServiceCommands> = { ...serviceCommands }
    let definition: { service: string; server: string } | undefined
    if (pre.definition) {
      const named = pre.operands[0]
      const service = named && !RESERVED.has(named) ? named : serviceNameOf(pre.definition)
      const table = await loadDefinition(pre.definition, service)
      services[service] = table
      definition = { service, server: table.server }
    }
    const program = buildProgram({ io, version, services, ...(definition ? { definition } : {}), extras, hooks })
    const group = bareGroup(program, pre.operands, pre.unknown)
    if (group) {
      group.outputHelp()
      return 0
    }
    await program.parseAsync([...io.args], { from: 'user' })
    return 0
  } catch (error) {
    return report(error, io)
  }
}
