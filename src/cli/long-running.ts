import { readFile } from 'node:fs/promises'
import { Command, InvalidArgumentError } from 'commander'
import { configureCommand } from './commander-setup'
import { CliUsageError } from './errors'
import type { CliIO } from './io'

/** Parses `--port`: 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('Expected a port number from 0 (any free port) to 65535.')
  return port
}

/** A command that runs a local server until Ctrl+C (`listen`, `serve`): both take `--port` and `--host` with the same defaults. */
export function serverCommand(name: string, io: CliIO): Command {
  return configureCommand(new Command(name), io)
    .option('--port <n>', 'port to listen on (0 picks a free one)', parsePort, 0)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
}

/** Turns a failure to listen into what the user can do about it: a taken port is a usage error. */
export function listenFailure(error: unknown, port: number): unknown {
  return (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? new CliUsageError('invalid_option', `port ${port} is in use: pick another with --port`) : error
}

/** Reads a key or secret given inline or as `@file` (PEM keys span lines, so a file is often easier). */
export async function inlineOrFile(value: string, flag: string): Promise<string> {
  if (!value.startsWith('@')) return value
  try {
    return (await readFile(value.slice(1), 'utf8')).trim()
  } catch (error) {
    throw new CliUsageError('invalid_option', `cannot read ${flag} file ${value.slice(1)} (${(error as NodeJS.ErrnoException).code ?? 'read error'})`)
  }
}

/** Resolves once the signal aborts (never, without one). */
export function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return
    if (signal.aborted) resolve()
    else signal.addEventListener('abort', () => resolve(), { once: true })
  })
}
