import { InvalidArgumentError, type Command } from 'commander'
import type { DeliveryAttemptInfo } from '../webhooks/engine'
import { invocation, type CliIO } from './io'
import { listenFailure, serverCommand, untilAborted } from './long-running'

interface ServeFlags {
  port: number
  host: string
  token?: string
  json?: boolean
  verbose?: boolean
  publicUrl?: string
  dashboard: boolean
}

/** `--public-url`: an http(s) origin (with an optional base path) that reaches this server from outside. */
function parsePublicUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InvalidArgumentError(`"${value}" is not a URL: pass the public origin of this server, e.g. https://hooks.example.com`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError(`"${value}" is not an http(s) URL`)
  if (url.search || url.hash) throw new InvalidArgumentError(`"${value}" has a query or fragment: pass only origin and path`)
  return value.replace(/\/+$/, '')
}

const OUTCOME: Record<DeliveryAttemptInfo['outcome'], string> = { succeeded: 'delivered', retry: 'failed, may be retried', failed: 'failed, not retried' }

/** `delivery attempt 2 of evt_… (config 7hj…): 503, failed, may be retried, 12 ms` — ids, status or error code, outcome, time; never headers or bodies. */
export function describeAttempt(info: DeliveryAttemptInfo): string {
  const answer = info.statusCode !== undefined ? String(info.statusCode) : (info.code ?? 'no answer')
  return `delivery attempt ${info.attempt} of ${info.eventId} (config ${info.configId}): ${answer}, ${OUTCOME[info.outcome]}, ${Math.round(info.durationMs)} ms`
}

/**
 * `epilot webhooks serve`: runs the reference engine and its REST API (the same paths as the epilot
 * Webhooks API) on loopback, and prints its URL and bearer token so this CLI, the SDK or curl can use it.
 */
export function serveCommand(io: CliIO): Command {
  const run = invocation(io)
  const command = serverCommand('serve', io)
    .summary('Run the reference webhook engine locally (same API as epilot Webhooks)')
    .description(
      'Run the reference webhook engine with its REST API on this machine, in memory, and print its URL and token.\nRuns until Ctrl+C.',
    )
    .option('--token <token>', 'bearer token to accept (default: a random one, printed)')
    .option('--public-url <url>', 'public origin of this server (e.g. behind a tunnel): inbound webhookUrls become absolute URLs on it', parsePublicUrl)
    .option('--json', 'print the URL and token as one JSON line')
    .option('-v, --verbose', 'log each API request and each delivery attempt (status, outcome, time; no secrets) to stderr')
    .option('--dashboard', 'serve the web dashboard at <url>/dashboard/ (default)', true)
    .option('--no-dashboard', 'do not serve the web dashboard')
    .addHelpText('after', `\nExample:\n  ${run} webhooks serve --port 4010\n  EPILOT_SERVER=http://127.0.0.1:4010 EPILOT_TOKEN=<token> ${run} webhooks getConfigs\n`)
  command.action(async () => {
    const flags = command.opts<ServeFlags>()
    const [{ createEngine }, { createWebhooksServer }] = await Promise.all([import('../webhooks/engine/engine'), import('../webhooks/engine/http/server')])
    const log = (line: string): void => void io.stderr.write(`${line}\n`)
    const engine = createEngine({
      ...(flags.publicUrl ? { inbound: { baseUrl: flags.publicUrl } } : {}),
      ...(flags.verbose ? { onAttempt: (info: DeliveryAttemptInfo) => log(describeAttempt(info)) } : {}),
    })
    const server = createWebhooksServer(engine, {
      ...(flags.token ? { tokens: [flags.token] } : {}),
      ...(flags.verbose ? { logger: log } : {}),
      dashboard: flags.dashboard,
    })
    let url: string
    try {
      ;({ url } = await server.listen(flags.port, flags.host))
    } catch (error) {
      await engine.close()
      throw listenFailure(error, flags.port)
    }
    const token = flags.token ?? server.token ?? ''
    if (flags.json) {
      io.stdout.write(`${JSON.stringify({ url, token, ...(flags.publicUrl ? { publicUrl: flags.publicUrl } : {}), ...(flags.dashboard ? { dashboard: `${url}/dashboard/` } : {}) })}\n`)
    } else {
      const inbound = flags.publicUrl
        ? `Inbound webhookUrls start with ${flags.publicUrl}.\n`
        : 'Inbound webhookUrls are relative to this server; pass --public-url <url> to make them absolute.\n'
      io.stdout.write(
        `Webhooks engine listening on ${url}\nToken: ${token}\n${flags.dashboard ? `Dashboard: ${url}/dashboard/ (sign in with the token)\n` : ''}${inbound}\nTry:\n  export EPILOT_SERVER=${url} EPILOT_TOKEN=${token}\n  ${run} webhooks getConfiguredEvents\n\nCtrl+C stops (everything is in memory).\n`,
      )
    }
    await untilAborted(io.signal)
    await server.close()
    await engine.close()
  })
  return command
}
