import type { Command } from 'commander'
import { CliExit, EXIT_USAGE } from './errors'
import type { CliIO } from './io'

/** `epilot webhooks getConfig`: the names from the root down to this command. */
export function commandPath(command: Command): string {
  const names: string[] = []
  for (let current: Command | null = command; current; current = current.parent) names.unshift(current.name())
  return names.join(' ')
}

/** The one-line usage of a command, as printed after a usage error. */
export function usageLine(command: Command): string {
  return `Usage: ${commandPath(command)} ${command.usage()}`
}

const SUCCESS_CODES = new Set(['commander.helpDisplayed', 'commander.version'])

/**
 * Routes a command's output to the CLI's streams, turns commander's exits into `CliExit` (so nothing calls
 * process.exit), and prints the usage line after each usage error. `subcommandNoun` names what an unknown
 * subcommand is in messages (`unknown operation 'x'`). Applied to every command, because
 * commander only copies these settings to subcommands it creates itself.
 */
export function configureCommand(command: Command, io: CliIO, subcommandNoun = 'command'): Command {
  return command
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      outputError: (text, write) => write(text.replace(/^error: /, 'Error: ').replace(/^Error: unknown command/, `Error: unknown ${subcommandNoun}`)),
    })
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true })
    .exitOverride((error) => {
      if (SUCCESS_CODES.has(error.code) || error.exitCode === 0) throw new CliExit(0)
      if (error.code !== 'commander.help') io.stderr.write(`${usageLine(command)}\nRun '${commandPath(command)} --help' for details.\n`)
      throw new CliExit(EXIT_USAGE)
    })
}
