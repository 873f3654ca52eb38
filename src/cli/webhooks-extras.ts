import type { Command } from 'commander'
import type { CliIO } from './io'

/** `epilot webhooks listen` and `epilot webhooks serve`. */
export function webhooksExtras(_io: CliIO): Command[] {
  return []
}
