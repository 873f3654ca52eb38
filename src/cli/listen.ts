import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Command } from 'commander'
import type { VerifiedDelivery, VerifierOptions } from '../webhooks/receiver/types'
import { CliUsageError } from './errors'
import { invocation, type CliIO } from './io'
import { inlineOrFile, listenFailure, serverCommand, untilAborted } from './long-running'
import { formatJson, wantsColor } from './output'

interface ListenFlags {
  port: number
  host: string
  publicKey?: string
  secret?: string
  tolerance?: string
  json?: boolean
}

async function verifierOptions(flags: ListenFlags): Promise<VerifierOptions> {
  if (!flags.publicKey && !flags.secret) {
    throw new CliUsageError('invalid_option', 'listen needs a key to verify with: pass --public-key <pem|whpk_…|@file.pem> and/or --secret <whsec_…>')
  }
  const tolerance = flags.tolerance === undefined ? undefined : Number(flags.tolerance)
  if (tolerance !== undefined && !(Number.isInteger(tolerance) && tolerance >= 0)) {
    throw new CliUsageError('invalid_option', '--tolerance must be a whole number of seconds')
  }
  return {
    ...(flags.publicKey ? { publicKey: await inlineOrFile(flags.publicKey, '--public-key') } : {}),
    ...(flags.secret ? { secret: await inlineOrFile(flags.secret, '--secret') } : {}),
    ...(tolerance !== undefined ? { toleranceSeconds: tolerance } : {}),
    replay: true,
  }
}

function describeDelivery(delivery: VerifiedDelivery, flags: ListenFlags, io: CliIO): string {
  if (flags.json) return `${JSON.stringify({ verified: true, id: delivery.id, timestamp: delivery.timestamp, version: delivery.version, payload: delivery.payload })}\n`
  const when = new Date(delivery.timestamp * 1000).toISOString()
  const payload = formatJson(delivery.payload, { compact: false, color: wantsColor(io.stdout, io.env) })
  return `✔ verified ${delivery.id} at ${when} (${delivery.version})\n${payload}\n`
}

function describeRejection(error: unknown, flags: ListenFlags): string {
  const { code, message: raw } = error as { code?: string; message?: string }
  // The receiver names its option; here the user sets it with a flag.
  const message = raw?.replace(/\btoleranceSeconds\b/g, '--tolerance')
  if (flags.json) return `${JSON.stringify({ verified: false, error: code ?? 'error', message: message ?? String(error) })}\n`
  return `✘ rejected (${code ?? 'error'}): ${message ?? String(error)}\n`
}

/**
 * `epilot webhooks listen`: a local receiver that verifies every delivery with the receiver helpers and
 * prints it (or why it was rejected). Answers 204 to verified deliveries and the receiver's error status
 * otherwise, so the sender sees what a real receiver would answer.
 */
export function listenCommand(io: CliIO): Command {
  const command = serverCommand('listen', io)
    .summary('Receive webhooks locally, verify their signatures and print them')
    .description(
      'Receive webhooks locally, verify each delivery (Standard Webhooks v1a Ed25519 and/or v1 HMAC) and print it, or the reason it was rejected. Runs until Ctrl+C.',
    )
    .option('--public-key <key>', 'Ed25519 public key: SPKI PEM, whpk_…, or @file.pem')
    .option('--secret <secret>', 'HMAC secret: whsec_… (or @file)')
    .option('--tolerance <seconds>', 'accepted clock distance of the signed timestamp (default 300)')
    .option('--json', 'print one JSON line per delivery or rejection')
    .addHelpText('after', `\nExample:\n  ${invocation(io)} webhooks listen --port 4000 --secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n`)
  command.action(async () => {
    const flags = command.opts<ListenFlags>()
    const options = await verifierOptions(flags)
    const { createNodeHandler } = await import('../webhooks/receiver/node')
    let handler
    try {
      handler = createNodeHandler(
        { ...options, onError: (error: unknown) => void io.stdout.write(describeRejection(error, flags)) },
        (delivery, _req, res) => {
          io.stdout.write(describeDelivery(delivery, flags, io))
          res.statusCode = 204
          res.end()
        },
      )
    } catch (error) {
      throw new CliUsageError('invalid_option', `cannot use the key: ${(error as Error).message}`)
    }
    const server = createServer((req, res) => void handler(req, res))
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) => reject(listenFailure(error, flags.port)))
      server.listen(flags.port, flags.host, resolve)
    })
    const { port } = server.address() as AddressInfo
    const url = `http://${flags.host.includes(':') ? `[${flags.host}]` : flags.host}:${port}`
    const using = [options.publicKey ? 'v1a (Ed25519)' : '', options.secret ? 'v1 (HMAC)' : ''].filter(Boolean).join(' and ')
    io.stderr.write(`Listening on ${url}, verifying ${using} signatures. Ctrl+C stops.\n`)
    await untilAborted(io.signal)
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  })
  return command
}
