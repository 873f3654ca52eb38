import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpClient } from '../../../src/webhooks/engine/delivery/http-client'

const ports: number[] = []
let base: string
const server = http.createServer((req, res) => {
  ports.push(req.socket.remotePort ?? 0)
  let body = ''
  req.on('data', (c: Buffer) => (body += c.toString()))
  req.on('end', () => {
    if (req.url === '/slow') return // never answers
    if (req.url === '/big') return void res.writeHead(200).end('y'.repeat(1000))
    res.writeHead(202, { 'x-echo-length': String(req.headers['content-length']), 'x-auth': String(req.headers.authorization) }).end(`got ${req.method} ${body}`)
  })
})

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe('delivery http client', () => {
  it('sends method, headers and body with a content-length, and returns status, headers and body', async () => {
    const client = createHttpClient()
    const outcome = await client.send({ url: new URL(`${base}/hook`), method: 'PUT', headers: { 'x-a': '1' }, body: 'héllo' })
    expect(outcome).toMatchObject({ kind: 'response', status: 202, statusText: 'Accepted', body: 'got PUT héllo', truncated: false })
    expect(outcome.kind === 'response' && outcome.headers['x-echo-length']).toBe('6')
    client.close()
  })

  it('reuses one keep-alive connection for requests in sequence', async () => {
    const client = createHttpClient()
    ports.length = 0
    for (let i = 0; i < 3; i++) await client.send({ url: new URL(`${base}/hook`), method: 'POST', headers: {}, body: '{}' })
    expect(new Set(ports).size).toBe(1)
    client.close()
  })

  it('keeps at most maxBodyBytes of a response and says it truncated it', async () => {
    const client = createHttpClient({ maxBodyBytes: 100 })
    const outcome = await client.send({ url: new URL(`${base}/big`), method: 'GET', headers: {} })
    expect(outcome).toMatchObject({ kind: 'response', status: 200, body: 'y'.repeat(100), truncated: true })
    client.close()
  })

  it('sends URL credentials as basic auth', async () => {
    const client = createHttpClient()
    const outcome = await client.send({ url: new URL(`http://us%40er:p%3Ass@127.0.0.1:${new URL(base).port}/hook`), method: 'POST', headers: {} })
    expect(outcome.kind === 'response' && outcome.headers['x-auth']).toBe(`Basic ${Buffer.from('us@er:p:ss').toString('base64')}`)
    client.close()
  })

  it('turns a timeout, a refused connection and an invalid header into error outcomes', async () => {
    const client = createHttpClient()
    expect(await client.send({ url: new URL(`${base}/slow`), method: 'GET', headers: {}, timeoutMs: 30 })).toEqual({
      kind: 'error',
      code: 'timeout',
      message: 'No complete response within 30 ms; the request was aborted.',
    })
    const closed = http.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    expect(await client.send({ url: new URL(`http://127.0.0.1:${port}/`), method: 'GET', headers: {} })).toMatchObject({ kind: 'error', code: 'ECONNREFUSED' })
    expect(await client.send({ url: new URL(`${base}/hook`), method: 'GET', headers: { 'x-bad': 'a\nb' } })).toMatchObject({ kind: 'error', code: 'ERR_INVALID_CHAR' })
    client.close()
  })
})
