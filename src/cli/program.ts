import { Command } from 'commander'
import type { ServiceCommands } from '../core/commands'
import { configureCommand } from './commander-setup'
import type { CliIO } from './io'
import { operationCommand, type OperationContext } from './operation'
import { serviceHelp } from './operation-help'
import { profileCommand } from './profile-commands'

/** Commands a service gets beyond its operations (e.g. `webhooks listen`), added by name. */
export type ExtraCommands = Record<string, (io: CliIO) => Command[]>

/** What the program is built from. */
export interface ProgramInputs {
  io: CliIO
  version: string
  services: Record<string, ServiceCommands>
  /** The service whose table came from `--definition`, and that spec's server. */
  definition?: { service: string; server: string }
  extras: ExtraCommands
}

function serviceCommand(table: ServiceCommands, inputs: ProgramInputs): Command {
  const command = configureCommand(new Command(table.service), inputs.io, 'operation')
    .summary(table.title)
    .description([table.title, table.description].filter(Boolean).join(': '))
    .usage('<operation> [options]')
    .configureHelp({ showGlobalOptions: false })
    .helpCommand(false)
    .commandsGroup('Operations:')
    .addHelpText('after', serviceHelp(table))
  const context: OperationContext = {
    io: inputs.io,
    userAgent: `epilot-cli/${inputs.version}`,
    definitionServer: inputs.definition?.service === table.service ? inputs.definition.server || undefined : undefined,
  }
  for (const spec of table.commands) command.addCommand(operationCommand(table, spec, context))
  for (const extra of inputs.extras[table.service]?.(inputs.io) ?? []) command.addCommand(extra)
  return command
}

/**
 * The whole `epilot` program: one subcommand per service in the table (each with one subcommand per
 * operation), plus `profile`. Nothing here knows any operation by name.
 */
export function buildProgram(inputs: ProgramInputs): Command {
  const program = configureCommand(new Command('epilot'), inputs.io, 'service')
    .description('Call epilot APIs from the command line. Operations come from each service\'s OpenAPI spec.')
    .usage('<service> <operation> [options]')
    .version(inputs.version, '-V, --version', 'print the CLI version')
    .option('--definition <file>', 'load another OpenAPI JSON spec (file or URL) as the service named before it')
    .addHelpText(
      'after',
      `\nExamples:\n  epilot webhooks                                   list the operations\n  epilot webhooks getConfig 7hj28a                  call one\n  epilot webhooks getConfig --help                  its parameters and examples\n  epilot profile add dev --token <token>            save a token\n`,
    )
  for (const table of Object.values(inputs.services)) program.addCommand(serviceCommand(table, inputs))
  program.addCommand(profileCommand(inputs.io))
  return program
}
