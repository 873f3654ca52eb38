/**
 * The reference engine delivers signed webhooks to the app on loopback, exactly as epilot would; a forged
 * delivery is refused before the handler runs.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createEngine, type WebhookEngine } from '@epilot/sdk/webhooks/engine'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createApp } from '../src/app.js'

const ORG = '123'
const received: Array<{ id: string; payload: unknown }> = []
let engine: WebhookEngine
let server: Server
let hookUrl: string

beforeAll(async () => {
  engine = createEngine()
  // The key the engine signs with, as getPublicKey returns it (SPKI PEM).
  const { public_key: publicKey } = engine.getPublicKey(ORG)
  server = createApp({ publicKey }, (delivery) => void received.push(delivery)).listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/epilot`
})

afterAll(async () => {
  await engine?.close()
  server?.close()
})

it('verifies a signed delivery from the engine and hands its payload to the handler', async () => {
  const config = await engine.createConfig({ name: 'express', eventName: 'customer_request_created', url: hookUrl, httpMethod: 'POST' })
  await engine.emit('customer_request_created', { entity: { _id: 'e1', type: 'solar' } }, { organization_id: ORG })
  await engine.idle()

  const { data: events } = await engine.searchEvents(config.id!)
  expect(events.map((event) => [event.status, event.http_response?.status_code])).toEqual([['succeeded', 204]])
  expect(received).toHaveLength(1)
  expect(received[0]!.payload).toMatchObject({ entity: { _id: 'e1', type: 'solar' }, metadata: { organization_id: ORG } })
})

it('answers 401 to a delivery with a forged signature, and the handler never sees it', async () => {
  const before = received.length
  const response = await fetch(hookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': 'msg_forged',
      'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      'webhook-signature': `v1a,${Buffer.alloc(64).toString('base64')}`,
    },
    body: JSON.stringify({ entity: { _id: 'e2' } }),
  })
  expect(response.status).toBe(401)
  expect(received).toHaveLength(before)
})
