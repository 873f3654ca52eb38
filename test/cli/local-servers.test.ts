import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signWebhook } from '../../src/webhooks/receiver/node'
import { PassThrough, Readable } from 'node:stream'
import { runCli } from '../../src/cli/run'
import { cli, start, startReceiver, tempDir } from './helpers'

let dir: Awaited<ReturnType<typeof tempDir>>
beforeAll(async () => {
  dir = await tempDir()
})
afterAll(() => dir.remove())

const secret = `whsec_${randomBytes(24).toString('base64')}`

async function deliver(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
  await response.arrayBuffer()
  return response.status
}

describe('epilot webhooks listen', () => {
  it('prints each verified delivery with its id, timestamp and payload, and answers 204', async () => {
    const listener = start(['webhooks', 'listen', '--port', '0', '--secret', secret])
    const [, url] = await listener.waitFor(/Listening on (http:\/\/127\.0\.0\.1:\d+)/)
    const body = JSON.stringify({ event: 'customer_request_created', n: 1 })
    const timestamp = Math.floor(Date.now() / 1000)
    const status = await deliver(url as string, body, await signWebhook({ id: 'msg_1', timestamp, body, secret }))
    expect(status).toBe(204)
    await listener.waitFor(/"n": 1/)
    expect(listener.stdout).toContain(`✔ verified msg_1 at ${new Date(timestamp * 1000).toISOString()} (v1)`)
    expect(listener.stdout).toContain('"event": "customer_request_created"')
    expect(await listener.stop()).toBe(0)
  })

  it('prints why a delivery was rejected and answers with the receiver status', async () => {
    const listener = start(['webhooks', 'listen', '--secret', secret, '--json'])
    const [, url] = await listener.waitFor(/Listening on (http:\/\/127\.0\.0\.1:\d+)/)
    const body = '{"a":1}'
    const headers = await signWebhook({ id: 'msg_2', timestamp: Math.floor(Date.now() / 1000), body, secret })
    expect(await deliver(url as string, '{"a":2}', headers)).toBe(401)
    expect(await deliver(url as string, body, {})).toBe(400)
    await listener.waitFor(/missing_header/)
    const lines = listener.stdout.trim().split('\n').map((line) => JSON.parse(line) as { verified: boolean; error: string })
    expect(lines).toEqual([expect.objectContaining({ verified: false, error: 'no_matching_signature' }), expect.objectContaining({ verified: false, error: 'missing_header' })])
    expect(await listener.stop()).toBe(0)
  })

  it('verifies v1a signatures with a PEM public key read from a file', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519')
    const pemFile = join(dir.path, 'public.pem')
    await writeFile(pemFile, publicKey.export({ type: 'spki', format: 'pem' }) as string)
    const listener = start(['webhooks', 'listen', '--public-key', `@${pemFile}`, '--json'])
    const [, url] = await listener.waitFor(/Listening on (http:\/\/127\.0\.0\.1:\d+)/)
    const body = '{"hello":"world"}'
    const headers = await signWebhook({ id: 'msg_3', timestamp: Math.floor(Date.now() / 1000), body, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string })
    expect(await deliver(url as string, body, headers)).toBe(204)
    await listener.waitFor(/msg_3/)
    expect(JSON.parse(listener.stdout)).toMatchObject({ verified: true, id: 'msg_3', version: 'v1a', payload: { hello: 'world' } })
    expect(await listener.stop()).toBe(0)
  })

  it('names the --tolerance flag when a timestamp is outside the tolerance', async () => {
    const listener = start(['webhooks', 'listen', '--secret', secret, '--tolerance', '60', '--json'])
    const [, url] = await listener.waitFor(/Listening on (http:\/\/127\.0\.0\.1:\d+)/)
    const body = '{"late":true}'
    const headers = await signWebhook({ id: 'msg_old', timestamp: Math.floor(Date.now() / 1000) - 3600, body, secret })
    expect(await deliver(url as string, body, headers)).toBe(401)
    await listener.waitFor(/"verified":false/)
    const rejection = JSON.parse(listener.stdout) as { message: string }
    expect(rejection.message).toContain('raise --tolerance')
    expect(rejection.message).not.toContain('toleranceSeconds')
    expect(await listener.stop()).toBe(0)
  })

  it('refuses to start without a key, or with a key it cannot read', async () => {
    const none = await cli(['webhooks', 'listen'])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('listen needs a key to verify with')
    const bad = await cli(['webhooks', 'listen', '--public-key', 'not-a-key'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('cannot use the key')
  })
})

describe('epilot webhooks serve', () => {
  it('runs the engine, prints URL and token, and the CLI manages configs against it', async () => {
    const server = start(['webhooks', 'serve', '--json'])
    const [line] = await server.waitFor(/\{"url".*\}/)
    const { url, token } = JSON.parse(line) as { url: string; token: string }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const env = { EPILOT_SERVER: url, EPILOT_TOKEN: token, EPILOT_CONFIG_DIR: dir.path }

    const created = await cli(['webhooks', 'createConfig', '--json', '-d', JSON.stringify({ name: 'crm', eventName: 'customer_request_created', url: 'http://127.0.0.1:9/hook', httpMethod: 'POST', enabled: true })], { env })
    expect(created.code).toBe(0)
    const { id } = JSON.parse(created.stdout) as { id: string }
    const names = await cli(['webhooks', 'getConfigs', '--jsonata', '$[enabled=true].name', '--json'], { env })
    expect(names.stdout).toBe('"crm"\n')
    expect((await cli(['webhooks', 'getConfig', id, '--jsonata', 'eventName', '--json'], { env })).stdout).toBe('"customer_request_created"\n')

    const unauthorized = await cli(['webhooks', 'getConfigs', '-t', 'wrong-token'], { env })
    expect(unauthorized.code).toBe(1)
    expect(unauthorized.stderr).toMatch(/^Error: 401 Unauthorized: /)
    const missing = await cli(['webhooks', 'getConfig', 'nope'], { env })
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^Error: 404 Not Found: /)
    expect(await server.stop()).toBe(0)
  })

  it('delivers to epilot webhooks listen, which verifies with the key from getPublicKey', async () => {
    const server = start(['webhooks', 'serve', '--json'])
    const { url, token } = JSON.parse((await server.waitFor(/\{"url".*\}/))[0]) as { url: string; token: string }
    const env = { EPILOT_SERVER: url, EPILOT_TOKEN: token, EPILOT_CONFIG_DIR: dir.path }
    const pem = await cli(['webhooks', 'getPublicKey', '-p', 'orgId=123', '--jsonata', 'public_key', '--json'], { env })
    const pemFile = join(dir.path, 'engine.pem')
    await writeFile(pemFile, JSON.parse(pem.stdout) as string)

    const listener = start(['webhooks', 'listen', '--public-key', `@${pemFile}`, '--json'])
    const [, hook] = await listener.waitFor(/Listening on (http:\/\/127\.0\.0\.1:\d+)/)
    const created = await cli(['webhooks', 'createConfig', '--json', '-d', JSON.stringify({ name: 'local', eventName: 'customer_request_created', url: `${hook}/hook`, httpMethod: 'POST', enabled: true })], { env })
    const { id } = JSON.parse(created.stdout) as { id: string }
    const triggered = await cli(['webhooks', 'triggerWebhook', id, '-p', 'sync=true', '--json', '-d', '{"metadata":{"action":"cli test","organization_id":"123"}}'], { env })
    expect(triggered.stderr).toBe("")
    expect(triggered.code).toBe(0)
    expect(JSON.parse(triggered.stdout)).toMatchObject({ status: 'succeeded' })
    await listener.waitFor(/"verified":true/)
    expect(JSON.parse(listener.stdout.trim().split('\n')[0] as string)).toMatchObject({ verified: true, version: 'v1a' })
    expect(await listener.stop()).toBe(0)
    expect(await server.stop()).toBe(0)
  })

  it('prints a usage line with the URL, the token and how to use them', async () => {
    const server = start(['webhooks', 'serve', '--token', 'local-token-123'])
    await server.waitFor(/Ctrl\+C/)
    expect(server.stdout).toMatch(/^Webhooks engine listening on http:\/\/127\.0\.0\.1:\d+\nToken: local-token-123\n/)
    expect(server.stdout).toContain('EPILOT_TOKEN=local-token-123')
    expect(await server.stop()).toBe(0)
  })

  it('serves the web dashboard and prints its URL; --no-dashboard turns it off', async () => {
    const on = start(['webhooks', 'serve', '--token', 'local-token-123'])
    const [, dashboard] = await on.waitFor(/\nDashboard: (http:\/\/127\.0\.0\.1:\d+\/dashboard\/) /)
    expect((await fetch(dashboard as string)).headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await on.stop()).toBe(0)
    const off = start(['webhooks', 'serve', '--json', '--no-dashboard'])
    const { url, dashboard: none } = JSON.parse((await off.waitFor(/\{"url".*\}/))[0]) as { url: string; dashboard?: string }
    expect(none).toBeUndefined()
    expect((await fetch(`${url}/dashboard/`)).status).toBe(404)
    expect(await off.stop()).toBe(0)
  })
})

describe('epilot webhooks serve options', () => {
  it('--public-url makes inbound webhookUrls absolute URLs on it, and says so', async () => {
    const server = start(['webhooks', 'serve', '--public-url', 'https://hooks.example.com/base/', '--token', 'tok-public-url'])
    const [, url] = await server.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/)
    expect(server.stdout).toContain('Inbound webhookUrls start with https://hooks.example.com/base.')
    const response = await fetch(`${url}/v1/webhooks/inbound`, {
      method: 'POST',
      headers: { authorization: 'Bearer tok-public-url', 'content-type': 'application/json' },
      body: JSON.stringify({ eventKey: 'webhook.lead.created' }),
    })
    const { webhookUrl } = (await response.json()) as { webhookUrl: string }
    expect(webhookUrl).toMatch(/^https:\/\/hooks\.example\.com\/base\/v1\/webhooks\/inbound\/receive\?/)
    expect(await server.stop()).toBe(0)
  })

  it('without --public-url says that inbound webhookUrls are relative', async () => {
    const server = start(['webhooks', 'serve'])
    await server.waitFor(/Ctrl\+C/)
    expect(server.stdout).toContain('Inbound webhookUrls are relative to this server; pass --public-url <url> to make them absolute.')
    expect(await server.stop()).toBe(0)
  })

  it('refuses a --public-url that is not an http(s) URL', async () => {
    for (const bad of ['hooks.example.com', 'ftp://x.example.com', 'https://x.example.com/?a=1']) {
      const result = await cli(['webhooks', 'serve', '--public-url', bad])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`option '--public-url <url>' argument '${bad}' is invalid`)
    }
  })

  it('-v logs each delivery attempt with its outcome and time, and no secret', async () => {
    const server = start(['webhooks', 'serve', '--json', '-v'])
    const { url, token } = JSON.parse((await server.waitFor(/\{"url".*\}/))[0]) as { url: string; token: string }
    const env = { EPILOT_SERVER: url, EPILOT_TOKEN: token, EPILOT_CONFIG_DIR: dir.path }
    const receiver = await startReceiver((n) => (n === 1 ? 503 : 204))
    try {
      const config = {
        name: 'verbose',
        eventName: 'customer_request_created',
        url: receiver.url,
        httpMethod: 'POST',
        enabled: true,
        auth: { authType: 'API_KEY', apiKeyConfig: { keyName: 'x-api-key', keyValue: 'very-secret-key-value' } },
      }
      const id = JSON.parse((await cli(['webhooks', 'createConfig', '--json', '-d', JSON.stringify(config)], { env })).stdout).id as string
      const triggered = await cli(['webhooks', 'triggerWebhook', id, '-p', 'sync=true', '--json', '-d', '{"metadata":{"organization_id":"1"}}'], { env })
      const eventId = JSON.parse(triggered.stdout).event_id as string
      await server.waitFor(/attempt 2 of/)
      expect(server.stderr).toMatch(new RegExp(`delivery attempt 1 of ${eventId} \\(config ${id}\\): 503, failed, may be retried, \\d+ ms\n`))
      expect(server.stderr).toMatch(new RegExp(`delivery attempt 2 of ${eventId} \\(config ${id}\\): 204, delivered, \\d+ ms\n`))
      expect(server.stderr).not.toContain('very-secret-key-value')
      expect(server.stderr).not.toContain(token)
    } finally {
      await receiver.close()
      expect(await server.stop()).toBe(0)
    }
  })

  it('prints hints that start with the command the CLI was started with', async () => {
    const controller = new AbortController()
    const stdout = Object.assign(new PassThrough(), { isTTY: false })
    let out = ''
    stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('Ctrl+C')) controller.abort()
    })
    const stdin = Object.assign(Readable.from([]), { isTTY: false })
    const code = await runCli({ args: ['webhooks', 'serve'], env: {}, stdin, stdout, stderr: new PassThrough(), signal: controller.signal, invocation: 'npx epilot' })
    expect(code).toBe(0)
    expect(out).toContain('\n  npx epilot webhooks getConfiguredEvents\n')
  })
})

describe('listen and serve on a port that is taken', () => {
  it('exit 2 and say to pick another port', async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const port = String((taken.address() as { port: number }).port)
    try {
      for (const args of [['webhooks', 'listen', '--secret', secret], ['webhooks', 'serve']]) {
        const result = await cli([...args, '--port', port])
        expect(result.code).toBe(2)
        expect(result.stderr).toContain(`Error: port ${port} is in use: pick another with --port`)
      }
    } finally {
      await new Promise((resolve) => taken.close(resolve))
    }
  })
})
