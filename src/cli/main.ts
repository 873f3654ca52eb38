#!/usr/bin/env node
import { invocationOf } from './invocation'
import { runCli } from './run'

// Ctrl+C: long-running commands (listen, serve) watch the signal and close cleanly; anything still
// running a moment later (a request, a read from stdin) is stopped.
const controller = new AbortController()
const stop = (): void => {
  controller.abort()
  process.exitCode = 130
  setTimeout(() => process.exit(130), 1000).unref()
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)

// `epilot webhooks | head`: the reader went away, which is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

void runCli({
  args: process.argv.slice(2),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
  invocation: invocationOf({ script: process.argv[1], env: process.env, cwd: process.cwd() }),
}).then((status) => {
  process.exitCode = controller.signal.aborted ? 130 : status
  // A piped stdin nobody read would hold the process open; the command is done with it.
  process.stdin.destroy()
})
