import type { Readable, Writable } from 'node:stream'

/** A stream that may be a terminal. */
type MaybeTty = { isTTY?: boolean }

/**
 * Everything the CLI touches in its surroundings, so it can run in-process in tests with fake streams
 * and a temporary environment exactly as it runs from a shell.
 */
export interface CliIO {
  /** The arguments after `epilot`. */
  args: readonly string[]
  env: Readonly<Record<string, string | undefined>>
  stdin: Readable & MaybeTty
  stdout: Writable & MaybeTty
  stderr: Writable & MaybeTty
  /** Aborting it stops long-running commands (`webhooks listen`, `webhooks serve`). */
  signal?: AbortSignal
  /** The command that runs this CLI as it was started (`epilot`, `npx epilot`, `node dist/cli/main.js`), for hints; default `epilot`. */
  invocation?: string
  /** How often a progress line on a terminal is refreshed, in ms (default 1000); tests shorten it. */
  progressIntervalMs?: number
}

/** The command hints and examples start with. */
export function invocation(io: CliIO): string {
  return io.invocation ?? 'epilot'
}

/** Reads a stream to its end as UTF-8 text. */
export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}
