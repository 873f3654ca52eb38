/**
 * Runs src/main.ts against the reference engine on loopback: the same REST API as epilot's, with a receiver that
 * accepts the test delivery.
 */
import { execFile } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { promisify } from 'node:util'
import { createEngine, createWebhooksServer, type WebhookEngine, type WebhooksServer } from '@epilot/sdk/webhooks/engine'
import { afterAll, beforeAll, expect, it } from 'vitest'

const run = promisify(execFile)
let engine: WebhookEngine
let server: WebhooksServer
let receiver: Server
let env: Record<string, string>

beforeAll(async () => {
  receiver = createServer((req, res) => res.writeHead(204).end())
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  engine = createEngine()
  server = createWebhooksServer(engine)
  const { url } = await server.listen(0)
  env = {
    EPILOT_API_URL: url,
    EPILOT_TOKEN: server.token!,
    RECEIVER_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/epilot`,
  }
})

afterAll(async () => {
  await server?.close()
  await engine?.close()
  receiver?.close()
})

it('creates a config, lists it and triggers a test delivery', async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, ...env } })
  expect(stdout).toMatch(/^created config \w+ \(CRM sync\)$/m)
  expect(stdout).toContain('configs for customer_request_created: CRM sync')
  expect(stdout).toContain('test delivery: succeeded (HTTP 204)')
}, 60_000) // mostly tsx compiling the script on a busy machine

it('reports an API error with the operation and status, and exits 1', async () => {
  const failed = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, ...env, EPILOT_TOKEN: 'wrong' } }).catch((error: { code?: number; stderr?: string }) => error)
  expect('code' in failed && failed.code).toBe(1)
  expect('stderr' in failed && failed.stderr).toMatch(/^createConfig failed: 401 /m)
}, 60_000)
