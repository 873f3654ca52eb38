import http from 'node:http'
import type { AddressInfo, LookupFunction } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createHttpClient, originOf, type HttpClient, type HttpClientOptions } from '../../../src/webhooks/engine/delivery/http-client'
import { createDeliverySigner } from '../../../src/webhooks/engine/delivery/request-signer'
import { resolveSigningKey } from '../../../src/webhooks/engine/delivery/signing-key'
import { createUrlPolicy } from '../../../src/webhooks/engine/delivery/url-policy'

interface Seen {
  port: number
  method: string
  path: string
  headers: http.IncomingHttpHeaders
  body: Buffer
}

const seen: Seen[] = []
let base: string
let port: number
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const body = Buffer.concat(chunks)
    seen.push({ port: req.socket.remotePort ?? 0, method: req.method ?? '', path: req.url ?? '', headers: req.headers, body })
    if (req.url === '/slow') return // never answers
    if (req.url === '/reset') return void req.socket.destroy()
    if (req.url === '/big') return void res.writeHead(200).end('y'.repeat(1000))
    if (req.url === '/redirect') return void res.writeHead(301, { location: `${base}/hook` }).end()
    if (req.url === '/busy') return void res.writeHead(503, { 'retry-after': '7' }).end()
    res.writeHead(202, { 'x-echo-length': String(req.headers['content-length']), 'x-auth': String(req.headers.authorization) }).end(`got ${req.method} ${body.toString()}`)
  })
})

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
  base = `http://127.0.0.1:${port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const clients: HttpClient[] = []
afterEach(async () => {
  seen.length = 0
  while (clients.length) await clients.pop()?.close()
})

function client(options: HttpClientOptions = {}): HttpClient {
  const c = createHttpClient(options)
  clients.push(c)
  return c
}

describe('delivery http client', () => {
  it('sends method, headers and body with a content-length, and returns status, headers and body', async () => {
    const outcome = await client().send({ url: new URL(`${base}/hook`), method: 'PUT', headers: { 'x-a': '1' }, body: 'héllo' })
    expect(outcome).toMatchObject({ kind: 'response', status: 202, statusText: 'Accepted', body: 'got PUT héllo', truncated: false })
    expect(outcome.kind === 'response' && outcome.headers['x-echo-length']).toBe('6')
    expect(seen[0]?.headers['x-a']).toBe('1')
  })

  it('takes headers as a flat [name, value, …] list and sends byte bodies unchanged with their content-type', async () => {
    const bytes = new Uint8Array([0x2d, 0x2d, 0x62, 0x0d, 0x0a, 0xff, 0x00, 0xfe])
    const outcome = await client().send({
      url: new URL(`${base}/hook`),
      method: 'POST',
      headers: ['content-type', 'multipart/form-data; boundary=b', 'x-list', 'yes'],
      body: bytes,
    })
    expect(outcome).toMatchObject({ kind: 'response', status: 202 })
    expect(seen[0]?.headers).toMatchObject({ 'content-type': 'multipart/form-data; boundary=b', 'x-list': 'yes', 'content-length': '8' })
    expect([...(seen[0]?.body ?? [])]).toEqual([...bytes])
  })

  it('sends a body with GET too', async () => {
    await client().send({ url: new URL(`${base}/hook?x=1`), method: 'GET', headers: { 'content-type': 'application/json' }, body: '{"a":1}' })
    expect(seen[0]).toMatchObject({ method: 'GET', path: '/hook?x=1' })
    expect(seen[0]?.body.toString()).toBe('{"a":1}')
  })

  it('reuses one keep-alive connection for requests in sequence', async () => {
    const c = client()
    for (let i = 0; i < 3; i++) await c.send({ url: new URL(`${base}/hook`), method: 'POST', headers: {}, body: '{}' })
    expect(seen).toHaveLength(3)
    expect(new Set(seen.map((s) => s.port)).size).toBe(1)
  })

  it('keeps at most maxBodyBytes of a response, says it truncated it, and still reuses the connection', async () => {
    const c = client({ maxBodyBytes: 100 })
    const outcome = await c.send({ url: new URL(`${base}/big`), method: 'GET', headers: {} })
    expect(outcome).toMatchObject({ kind: 'response', status: 200, body: 'y'.repeat(100), truncated: true })
    await c.send({ url: new URL(`${base}/hook`), method: 'POST', headers: {} })
    expect(new Set(seen.map((s) => s.port)).size).toBe(1)
  })

  it('does not follow redirects', async () => {
    const outcome = await client().send({ url: new URL(`${base}/redirect`), method: 'POST', headers: {}, body: '{}' })
    expect(outcome).toMatchObject({ kind: 'response', status: 301, headers: { location: `${base}/hook` } })
    expect(seen.map((s) => s.path)).toEqual(['/redirect'])
  })

  it('returns the response headers, so a Retry-After can be honoured', async () => {
    const outcome = await client().send({ url: new URL(`${base}/busy`), method: 'POST', headers: {} })
    expect(outcome).toMatchObject({ kind: 'response', status: 503, headers: { 'retry-after': '7' } })
  })

  it('sends URL credentials as basic auth unless the request has its own authorization', async () => {
    const url = new URL(`http://us%40er:p%3Ass@127.0.0.1:${port}/hook`)
    const c = client()
    const outcome = await c.send({ url, method: 'POST', headers: {} })
    expect(outcome.kind === 'response' && outcome.headers['x-auth']).toBe(`Basic ${Buffer.from('us@er:p:ss').toString('base64')}`)
    const own = await c.send({ url, method: 'POST', headers: ['Authorization', 'Bearer t'] })
    expect(own.kind === 'response' && own.headers['x-auth']).toBe('Bearer t')
    expect(originOf(url)).toBe(`http://127.0.0.1:${port}`)
    // User info that does not percent-decode is sent as written rather than failing the request.
    const raw = await c.send({ url: new URL(`http://a%E0%A4%A:b@127.0.0.1:${port}/hook`), method: 'POST', headers: {} })
    expect(raw.kind === 'response' && raw.headers['x-auth']).toBe(`Basic ${Buffer.from('a%E0%A4%A:b').toString('base64')}`)
  })

  it('turns a timeout, a refused connection and an invalid header into error outcomes', async () => {
    const c = client()
    expect(await c.send({ url: new URL(`${base}/slow`), method: 'GET', headers: {}, timeoutMs: 30 })).toEqual({
      kind: 'error',
      code: 'timeout',
      message: 'No complete response within 30 ms; the request was aborted.',
    })
    const closed = http.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const closedPort = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    expect(await c.send({ url: new URL(`http://127.0.0.1:${closedPort}/`), method: 'GET', headers: {} })).toMatchObject({ kind: 'error', code: 'ECONNREFUSED' })
    expect(await c.send({ url: new URL(`${base}/hook`), method: 'GET', headers: { 'x-bad': 'a\nb' } })).toMatchObject({ kind: 'error', code: 'ERR_INVALID_CHAR' })
    expect(await c.send({ url: new URL(`${base}/hook`), method: 'GET', headers: { 'bad name': 'x' } })).toMatchObject({ kind: 'error', code: 'ERR_INVALID_HTTP_TOKEN' })
  })

  it('reports a connection the receiver reset as ECONNRESET', async () => {
    expect(await client().send({ url: new URL(`${base}/reset`), method: 'POST', headers: {}, body: '{}', timeoutMs: 5000 })).toMatchObject({
      kind: 'error',
      code: 'ECONNRESET',
    })
  })

  it('times out a request still waiting for a connection', async () => {
    const c = client({ maxSockets: 1 })
    const stuck = c.send({ url: new URL(`${base}/slow`), method: 'GET', headers: {}, timeoutMs: 300 })
    // The one connection is taken by /slow: this request waits in the pool until its own timeout.
    expect(await c.send({ url: new URL(`${base}/hook`), method: 'GET', headers: {}, timeoutMs: 20 })).toMatchObject({ kind: 'error', code: 'timeout' })
    expect(await stuck).toMatchObject({ kind: 'error', code: 'timeout' })
    expect(seen.map((s) => s.path)).not.toContain('/hook')
  })

  it('connects through the lookup it was given', async () => {
    const names: string[] = []
    const lookup = ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
      names.push(hostname)
      if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }])
      else callback(null, '127.0.0.1', 4)
    }) as unknown as LookupFunction
    const outcome = await client({ lookup }).send({ url: new URL(`http://hooks.example.test:${port}/hook`), method: 'POST', headers: {}, body: 'x' })
    expect(outcome).toMatchObject({ kind: 'response', status: 202, body: 'got POST x' })
    expect(names).toEqual(['hooks.example.test'])
  })

  it('refuses, with blockPrivateNetworks, a hostname that resolves to a private address (checked at connect time)', async () => {
    const policy = createUrlPolicy({
      blockPrivateNetworks: true,
      lookup: ((_hostname: string, _options: unknown, callback: (...args: unknown[]) => void) =>
        callback(null, [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }])) as unknown as LookupFunction,
    })
    const url = `http://hooks.example.test:${port}/hook`
    const checked = policy.check(url)
    expect(checked.ok).toBe(true) // a name passes the synchronous check; its addresses are checked on connecting
    const outcome = await client({ lookup: policy.lookup }).send({ url: new URL(url), method: 'POST', headers: {}, body: '{}', timeoutMs: 5000 })
    expect(outcome).toMatchObject({ kind: 'error', code: 'url_blocked' })
    expect(outcome.kind === 'error' && outcome.message).toMatch(/127\.0\.0\.1/)
    expect(seen).toHaveLength(0)
  })

  it('signs and sends on real time while a test has fake timers installed on the globals', async () => {
    const signer = createDeliverySigner(resolveSigningKey(undefined).pkcs8, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')
    vi.useFakeTimers()
    try {
      const signed = await signer.sign('evt_1', 1_700_000_000, '{"a":1}')
      const outcome = await client().send({ url: new URL(`${base}/hook`), method: 'POST', headers: ['webhook-signature', signed.signature], body: signed.body, timeoutMs: 5000 })
      expect(outcome).toMatchObject({ kind: 'response', status: 202, body: 'got POST {"a":1}' })
    } finally {
      vi.useRealTimers()
    }
  })
})
