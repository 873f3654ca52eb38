import type { Command } from 'commander'
import type { CliIO } from './io'
import { listenFailure, serverCommand, untilAborted } from './long-running'

interface ServeFlags {
  port: number
  host: string
  token?: string
  json?: boolean
  verbose?: boolean
  dashboard: boolean
}

/**
 * `epilot webhooks serve`: runs the reference engine and its REST API (the same paths as the epilot
 * Webhooks API) on loopback, and prints its URL and bearer token so this CLI, the SDK or curl can use it.
 */
export function serveCommand(io: CliIO): Command {
  const command = serverCommand('serve', io)
    .summary('Run the reference webhook engine locally (same API as epilot Webhooks)')
    .description(
      'Run the reference webhook engine with its REST API on this machine, in memory, and print its URL and token.\nRuns until Ctrl+C.',
    )
    .option('--token <token>', 'bearer token to accept (default: a random one, printed)')
    .option('--json', 'print the URL and token as one JSON line')
    .option('-v, --verbose', 'log one line per request to stderr')
    .option('--dashboard', 'serve the web dashboard at <url>/dashboard/ (default)', true)
    .option('--no-dashboard', 'do not serve the web dashboard')
    .addHelpText('after', '\nExample:\n  epilot webhooks serve --port 4010\n  EPILOT_SERVER=http://127.0.0.1:4010 EPILOT_TOKEN=<token> epilot webhooks getConfigs\n')
  command.action(async () => {
    const flags = command.opts<ServeFlags>()
    const [{ createEngine }, { createWebhooksServer }] = await Promise.all([import('../webhooks/engine/engine'), import('../webhooks/engine/server')])
    const engine = createEngine()
    const server = createWebhooksServer(engine, {
      ...(flags.token ? { tokens: [flags.token] } : {}),
      ...(flags.verbose ? { logger: (line: string) => void io.stderr.write(`${line}\n`) } : {}),
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
      io.stdout.write(`${JSON.stringify({ url, token, ...(flags.dashboard ? { dashboard: `${url}/dashboard/` } : {}) })}\n`)
    } else {
      io.stdout.write(
        `Webhooks engine listening on ${url}\nToken: ${token}\n${flags.dashboard ? `Dashboard: ${url}/dashboard/ (sign in with the token)\n` : ''}\nTry:\n  export EPILOT_SERVER=${url} EPILOT_TOKEN=${token}\n  epilot webhooks getConfiguredEvents\n\nCtrl+C stops (everything is in memory).\n`,
      )
    }
    await untilAborted(io.signal)
    await server.close()
    await engine.close()
  })
  return command
}
