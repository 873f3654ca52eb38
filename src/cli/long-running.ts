import { readFile } from 'node:fs/promises'
import { InvalidArgumentError } from 'commander'
import { CliUsageError } from './errors'

/** Parses `--port`: 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('Expected a port number from 0 (any free port) to 65535.')
  return port
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
