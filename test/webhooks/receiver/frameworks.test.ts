/**
 * The receiver inside real frameworks, as the README recipes use it: Express 5 (both builds) and Hono
 * (the portable build's Fetch handler), on 127.0.0.1.
 */
import express from 'express'
import { Hono } from 'hono'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import * as portable from '../../../src/webhooks/receiver/index'
import * as node from '../../../src/webhooks/receiver/node'
import { createSigner } from '../../../src/webhooks/signature'
import { now, NOW_S, pair, secret } from './helpers'

const signer = createSigner({ privateKey: pair.privateKey, secret })
const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

async function serve(app: express.Express): Promise<string> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  servers.push(server)
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/epilot`
}

const post = async (url: string, body: string, headers: Record<string, string>) => {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } })
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() }
}

/** A valid delivery of about `size` bytes. */
function delivery(size: number, id = 'msg_express') {
  const body = JSON.stringify({ event: 'entity.updated', pad: 'x'.repeat(size) })
  return { body, headers: signer.sign({ id, timestamp: NOW_S, body }) }
}

describe.each([
  ['Node build', node],
  ['portable build', portable as unknown as typeof node],
])('Express 5 (%s)', (_name, build) => {
  it('the README recipe takes a valid 150 KB delivery (express.raw with limit 1mb) and sets req.webhook', async () => {
    const app = express()
    const seen: unknown[] = []
    app.post('/webhooks/epilot', express.raw({ type: 'application/json', limit: '1mb' }), build.createExpressMiddleware({ publicKey: pair.publicKeyPem, now }), (req, res) => {
      seen.push(req.webhook?.id)
      res.sendStatus(204)
    })
    const url = await serve(app)
    const { body, headers } = delivery(150 * 1024)
    expect((await post(url, body, headers)).status).toBe(204)
    expect(seen).toEqual(['msg_express'])
  })

  it('after express.json() it answers a JSON 500 naming the fix, also with NODE_ENV=production', async () => {
    const previous = process.env.NODE_ENV
    process.env.NODE_ENV = 'production'
    try {
      const app = express()
      app.use(express.json())
      app.post('/webhooks/epilot', build.createExpressMiddleware({ publicKey: pair.publicKeyPem, now, onError: () => undefined }), (_req, res) => res.sendStatus(204))
      const url = await serve(app)
      const { body, headers } = delivery(10)
      const reply = await post(url, body, headers)
      expect(reply.status).toBe(500)
      expect(reply.type).toContain('application/json')
      expect(JSON.parse(reply.text)).toMatchObject({ error: 'invalid_body', message: expect.stringContaining('express.raw') })
    } finally {
      process.env.NODE_ENV = previous
    }
  })

  it('rejects a forged delivery with 401 JSON before the handler', async () => {
    const app = express()
    let reached = false
    app.post('/webhooks/epilot', express.raw({ type: 'application/json', limit: '1mb' }), build.createExpressMiddleware({ secret, now }), (_req, res) => {
      reached = true
      res.sendStatus(204)
    })
    const url = await serve(app)
    const { body, headers } = delivery(10)
    const reply = await post(url, `${body} `, headers)
    expect(reply.status).toBe(401)
    expect(JSON.parse(reply.text)).toMatchObject({ error: 'no_matching_signature' })
    expect(reached).toBe(false)
  })
})

describe('Hono (portable build)', () => {
  it('the README recipe answers 204 for a genuine delivery and 401 for a forged one', async () => {
    const seen: unknown[] = []
    const handler = portable.createFetchHandler({ publicKey: pair.publicKeyPem, now }, ({ payload }) => void seen.push(payload))
    const app = new Hono()
    app.post('/webhooks/epilot', (c) => handler(c.req.raw))
    const { body, headers } = delivery(10, 'msg_hono')
    expect((await app.request('/webhooks/epilot', { method: 'POST', body, headers })).status).toBe(204)
    expect((await app.request('/webhooks/epilot', { method: 'POST', body: `${body} `, headers })).status).toBe(401)
    expect(seen).toEqual([JSON.parse(body)])
  })
})
