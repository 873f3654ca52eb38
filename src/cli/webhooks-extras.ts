import type { Command } from 'commander'
import type { CliIO } from './io'
import { listenCommand } from './listen'
import { serveCommand } from './serve'

/** `epilot webhooks listen` and `epilot webhooks serve`: local tools next to the generated operations. */
export function webhooksExtras(io: CliIO): Command[] {
  return [listenCommand(io), serveCommand(io)]
}
