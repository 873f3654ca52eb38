import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createExpressMiddleware,
  createFetchHandler,
  createNodeHandler,
  createVerifier,
  type WebhookRequest,
} from '../../../src/webhooks/receiver/node'
import * as portable from '../../../src/webhooks/receiver/index'
import { body, now, pair, signed } from './helpers'

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

async function listen(listener: RequestListener): Promise<string> {
  const server = createServer(listener)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
}

async function post(url: string, payload: string, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', body: payload, headers: { 'content-type': 'application/json', ...headers } })
  const text = await response.text()
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined }
}

type Req = IncomingMessage & WebhookRequest & { body?: unknown }
type Middleware = (req: Req, res: ServerResponse, next: (err?: unknown) => void) => void

/** A tiny Connect: runs middlewares in order; errors passed to next() become `{ misconfigured }` replies. */
function connect(...stack: Middleware[]): RequestListener {
  return (req, res) => {
    let index = 0
    const next = (err?: unknown): void => {
      if (err) {
        res.statusCode = (err as { status?: number }).status ?? 500
        res.end(JSON.stringify({ misconfigured: (err as Error).message, code: (err as { code?: string }).code }))
        return
      }
      const middleware = stack[index++]
      if (middleware) middleware(req as Req, res, next)
    }
    next()
  }
}

/** Mimics express.raw(): the body as a Buffer on req.body. */
const rawParser: Middleware = (req, _res, next) => {
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    req.body = Buffer.concat(chunks)
    next()
  })
}

/** Mimics express.json(): the parsed object on req.body (the raw bytes are gone). */
const jsonParser: Middleware = (req, res, next) =>
  rawParser(req, res, () => {
    req.body = JSON.parse((req.body as Buffer).toString())
    next()
  })

/** Reads the stream and drops it, like a parser that keeps nothing. */
const streamEater: Middleware = (req, res, next) => rawParser(req, res, () => ((req.body = undefined), next()))

const finalHandler = vi.fn<Middleware>((req, res) => {
  res.setHeader('content-type', 'application/json')
  res.end(JSON.stringify({ id: req.webhook?.id, timestamp: req.webhook?.timestamp, payload: req.webhook?.payload }))
})

describe('Express/Connect middleware', () => {
  const middleware = createExpressMiddleware({ publicKey: pair.publicKeyPem, now }) as unknown as Middleware

  it('passes a verified delivery to the next handler with payload, id and timestamp (express.raw body)', async () => {
    const url = await listen(connect(rawParser, middleware, finalHandler))
    const reply = await post(url, body, signed())
    expect(reply).toEqual({ status: 200, json: { id: 'msg_1', timestamp: 1_700_000_000, payload: JSON.parse(body) } })
  })

  it('reads the unread stream when no body parser ran', async () => {
    const url = await listen(connect(middleware, finalHandler))
    expect((await post(url, body, signed())).status).toBe(200)
  })

  it('answers 401 with a JSON reason and never calls the handler for a bad signature', async () => {
    finalHandler.mockClear()
    const url = await listen(connect(rawParser, middleware, finalHandler))
    const reply = await post(url, `${body} `, signed())
    expect(reply.status).toBe(401)
    expect(reply.json).toMatchObject({ error: 'no_matching_signature', message: expect.any(String) })
    expect((await post(url, body, { 'webhook-id': 'x' })).json).toMatchObject({ error: 'missing_header' })
    expect(finalHandler).not.toHaveBeenCalled()
  })

  it('answers a JSON 500 naming express.raw itself (not via next) when express.json() ran first, and reports it', async () => {
    const onError = vi.fn()
    const quiet = createExpressMiddleware({ publicKey: pair.publicKeyPem, now, onError }) as unknown as Middleware
    const url = await listen(connect(jsonParser, quiet, finalHandler))
    const reply = await post(url, body, signed())
    expect(reply.status).toBe(500)
    expect(reply.json).toMatchObject({ error: 'invalid_body', message: expect.stringContaining('express.raw') })
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_body', status: 500 }))
  })

  it('fails instead of hanging when the stream was consumed and nothing kept', async () => {
    const quiet = createExpressMiddleware({ publicKey: pair.publicKeyPem, now, onError: () => undefined }) as unknown as Middleware
    const url = await listen(connect(streamEater, quiet, finalHandler))
    const reply = await post(url, body, signed())
    expect(reply.status).toBe(500)
    expect(reply.json).toMatchObject({ error: 'invalid_body', message: expect.stringContaining('express.raw') })
  })

  it('logs the receiver\'s own 5xx failures to console.error by default, never rejected deliveries', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      const url = await listen(connect(jsonParser, middleware, finalHandler))
      expect((await post(url, body, signed())).status).toBe(500)
      expect(logged).toHaveBeenCalledTimes(1)
      const plain = await listen(connect(rawParser, middleware, finalHandler))
      expect((await post(plain, `${body} `, signed())).status).toBe(401)
      expect(logged).toHaveBeenCalledTimes(1)
    } finally {
      logged.mockRestore()
    }
  })

  it('answers 413 for a body above maxBodyBytes', async () => {
    const small = createExpressMiddleware({ publicKey: pair.publicKey, now, maxBodyBytes: 64 }) as unknown as Middleware
    const big = JSON.stringify({ pad: 'x'.repeat(200) })
    for (const stack of [[small, finalHandler], [rawParser, small, finalHandler]]) {
      const url = await listen(connect(...stack))
      expect((await post(url, big, signed({ payload: big }))).json).toMatchObject({ error: 'body_too_large' })
    }
  })
})

describe('Node http handler', () => {
  it('calls the handler for a verified delivery and answers 204 when it does not respond', async () => {
    const seen: unknown[] = []
    const url = await listen(createNodeHandler({ publicKey: pair.publicKey, now }, (delivery) => void seen.push(delivery)))
    expect((await post(url, body, signed())).status).toBe(204)
    expect(seen).toEqual([{ payload: JSON.parse(body), id: 'msg_1', timestamp: 1_700_000_000, version: 'v1a' }])
  })

  it('lets the handler write its own response', async () => {
    const url = await listen(createNodeHandler({ publicKey: pair.publicKey, now }, (_d, _req, res) => void res.writeHead(202).end('ok')))
    expect((await fetch(url, { method: 'POST', body, headers: signed() })).status).toBe(202)
  })

  it('rejects invalid and oversized deliveries without calling the handler', async () => {
    const handler = vi.fn()
    const url = await listen(createNodeHandler(createVerifier({ publicKey: pair.publicKey, now }), handler, { maxBodyBytes: 100 }))
    expect(await post(url, body, { ...signed(), 'webhook-timestamp': 'soon' })).toMatchObject({ status: 400, json: { error: 'invalid_timestamp' } })
    expect(await post(url, body, signed({ timestamp: 1_600_000_000 }))).toMatchObject({ status: 401, json: { error: 'timestamp_too_old' } })
    const big = JSON.stringify({ pad: 'x'.repeat(500) })
    expect(await post(url, big, signed({ payload: big }))).toMatchObject({ status: 413, json: { error: 'body_too_large' } })
    expect(handler).not.toHaveBeenCalled()
  })

  it('answers 500 and reports when the handler throws', async () => {
    const onError = vi.fn()
    const url = await listen(createNodeHandler({ publicKey: pair.publicKey, now, onError }, () => Promise.reject(new Error('boom'))))
    expect(await post(url, body, signed())).toMatchObject({ status: 500, json: { error: 'handler_error' } })
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'boom' }))
  })
})

/** Serves a Fetch handler on node:http, as Hono/Next/Bun adapters do. */
function serveFetch(handler: (request: Request) => Promise<Response>): RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      const headers = new Headers()
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value)
      const response = await handler(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }))
      res.writeHead(response.status, Object.fromEntries(response.headers))
      res.end(Buffer.from(await response.arrayBuffer()))
    })
  }
}

describe('Fetch handler', () => {
  for (const [name, build] of [
    ['Node build', createFetchHandler],
    ['portable build', portable.createFetchHandler],
  ] as const) {
    it(`returns the handler's Response for a verified delivery, 204 for none (${name})`, async () => {
      const url = await listen(serveFetch(build({ publicKey: pair.publicKeyPem, now }, ({ payload, id }) => Response.json({ id, payload }))))
      expect(await post(url, body, signed())).toEqual({ status: 200, json: { id: 'msg_1', payload: JSON.parse(body) } })
      const silent = await listen(serveFetch(build({ publicKey: pair.publicKeyPem, now }, () => undefined)))
      expect((await post(silent, body, signed())).status).toBe(204)
    })
  }

  it('answers 401/400/413 with a JSON reason and never calls the handler', async () => {
    const handler = vi.fn(() => new Response('reached'))
    const url = await listen(serveFetch(createFetchHandler({ publicKey: pair.publicKey, now, maxBodyBytes: 200 }, handler)))
    expect(await post(url, body, { ...signed(), 'webhook-id': 'forged' })).toMatchObject({
      status: 401,
      json: { error: 'no_matching_signature' },
    })
    expect(await post(url, body, { ...signed(), 'webhook-signature': 'v1a,!!' })).toMatchObject({ status: 400, json: { error: 'malformed_signature' } })
    const big = JSON.stringify({ pad: 'x'.repeat(500) })
    expect(await post(url, big, signed({ payload: big }))).toMatchObject({ status: 413, json: { error: 'body_too_large' } })
    expect(handler).not.toHaveBeenCalled()
  })

  it('explains that the body was already read when given a consumed Request', async () => {
    const handle = createFetchHandler({ publicKey: pair.publicKey, now }, () => undefined)
    const request = new Request('http://127.0.0.1/hook', { method: 'POST', body, headers: signed() })
    await request.json()
    const response = await handle(request)
    expect(response.status).toBe(500)
    expect(await response.json()).toMatchObject({ error: 'invalid_body', message: expect.stringContaining('already read') })
  })

  it('reads a streamed body without content-length up to the limit', async () => {
    const handle = createFetchHandler({ publicKey: pair.publicKey, now, maxBodyBytes: 64 }, () => undefined)
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(20).fill(32))
        controller.close()
      },
    })
    const request = new Request('http://127.0.0.1/hook', { method: 'POST', body: stream, headers: signed(), duplex: 'half' } as RequestInit)
    expect((await handle(request)).status).toBe(413)
  })
})
