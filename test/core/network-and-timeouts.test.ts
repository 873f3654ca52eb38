/**
 * Real sockets on 127.0.0.1 (no msw): what a network failure says, and the timeout a sync trigger waits.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYNC_TRIGGER_TIMEOUT_MS } from '../../src/core/operation-timeout'
import { resolveOptions } from '../../src/webhooks/engine/options'
import { createClient, EpilotApiError } from '../../src/webhooks'

/** A port on 127.0.0.1 that nothing listens on (a server was bound to it, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('network errors', () => {
  it('name the operation, the host and the system code, never the token', async () => {
    const port = await closedPort()
    const client = createClient({ baseURL: `http://127.0.0.1:${port}`, retries: false, token: 'top-secret-token' })
    const error = (await client.getConfigs().catch((e: unknown) => e)) as EpilotApiError
    expect(error).toBeInstanceOf(EpilotApiError)
    expect(error.code).toBe('network_error')
    expect(error.message).toBe(`getConfigs: no response from 127.0.0.1:${port} (ECONNREFUSED) after 1 attempt`)
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('top-secret-token')
  })

  it('never show user info of the base URL', async () => {
    const port = await closedPort()
    const client = createClient({ baseURL: `http://user:pass-word@127.0.0.1:${port}`, retries: false })
    const error = (await client.getConfigs().catch((e: unknown) => e)) as EpilotApiError
    expect(error.message).toContain(`from 127.0.0.1:${port} (ECONNREFUSED)`)
    expect(error.message).not.toContain('pass-word')
  })
})

describe('the timeout of a sync trigger', () => {
  let server: Server
  let base: string
  const timeouts: Array<[string, number | undefined]> = []
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'succeeded', event_id: 'e1' }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  function recording(options: { timeout?: number } = {}): ReturnType<typeof createClient> {
    const client = createClient({ baseURL: base, ...options })
    client.interceptors.request.use((config) => {
      timeouts.push([String(config.url), config.timeout])
      return config
    })
    return client
  }
  const body = { metadata: { organization_id: 'o' } }

  it('is longer than the engine’s whole sync budget', () => {
    const engine = resolveOptions({}) as ReturnType<typeof resolveOptions> & { syncBudgetMs?: number }
    // The budget option when the engine has one; else attempts × per-attempt timeout plus the longest backoff waits.
    const backoff = Array.from({ length: engine.syncRetries }, (_, i) => Math.min(engine.backoff.maxMs, engine.backoff.baseMs * 2 ** i, engine.syncTimeoutMs))
    const budget = engine.syncBudgetMs ?? (engine.syncRetries + 1) * engine.syncTimeoutMs + backoff.reduce((a, b) => a + b, 0)
    expect(budget).toBeGreaterThanOrEqual(90_000)
    expect(SYNC_TRIGGER_TIMEOUT_MS).toBeGreaterThan(budget)
  })

  it('applies to sync triggers only; a call’s own timeout and a client that waits forever are kept', async () => {
    timeouts.length = 0
    const client = recording()
    await client.triggerWebhook({ configId: 'c1', sync: true }, body)
    await client.triggerWebhook({ configId: 'c1' }, body)
    await client.triggerWebhook({ configId: 'c1', sync: true }, body, { timeout: 5_000 })
    await recording({ timeout: 0 }).triggerWebhook({ configId: 'c1', sync: true }, body)
    await recording({ timeout: 200_000 }).triggerWebhook({ configId: 'c1', sync: true }, body)
    expect(timeouts.map(([, t]) => t)).toEqual([SYNC_TRIGGER_TIMEOUT_MS, 60_000, 5_000, 0, 200_000])
  })
})
