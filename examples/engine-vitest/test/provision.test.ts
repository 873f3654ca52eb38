/**
 * A vitest suite against the reference engine: the engine's REST API on a free loopback port stands in for
 * epilot's, and a receiver that verifies signatures stands in for our service. Everything started in beforeAll
 * is closed in afterAll, so the run ends by itself.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { authorize, createClient, type Client } from '@epilot/sdk/webhooks'
import { createEngine, createWebhooksServer, type WebhookEngine, type WebhooksServer } from '@epilot/sdk/webhooks/engine'
import { createNodeHandler } from '@epilot/sdk/webhooks/receiver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureWebhook } from '../src/provision.js'

const ORG = '123'
let engine: WebhookEngine
let api: WebhooksServer
let receiver: Server
let client: Client
let hookUrl: string
const delivered: unknown[] = []

beforeAll(async () => {
  engine = createEngine()
  api = createWebhooksServer(engine)
  const { url } = await api.listen(0) // 127.0.0.1, a free port
  client = createClient({ baseURL: url })
  authorize(client, api.token!) // a token generated for this server

  // The receiver verifies with the engine's key, as production would with getPublicKey's.
  const { public_key: publicKey } = engine.getPublicKey(ORG)
  receiver = createServer(createNodeHandler({ publicKey }, ({ payload }) => void delivered.push(payload)))
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/epilot`
})

afterAll(async () => {
  await api?.close()
  await engine?.close()
  receiver?.close()
})

describe('ensureWebhook', () => {
  it('creates the config once, however often it runs', async () => {
    const first = await ensureWebhook(client, { eventName: 'customer_request_created', url: hookUrl })
    const second = await ensureWebhook(client, { eventName: 'customer_request_created', url: hookUrl })
    expect(second).toBe(first)
    const { data: configs } = await client.getConfigs({ eventName: 'customer_request_created' })
    expect(configs.map((config) => config.url)).toEqual([hookUrl])
  })

  it('subscribes the endpoint: events reach it signed and verified', async () => {
    const configId = await ensureWebhook(client, { eventName: 'customer_request_created', url: hookUrl })
    await engine.emit('customer_request_created', { entity: { _id: 'cr-1' } }, { organization_id: ORG })
    await engine.idle() // every delivery settled

    expect(delivered).toEqual([expect.objectContaining({ entity: { _id: 'cr-1' } })])
    const { data: page } = await client.getWebhookEventsV2({ configId }, { limit: 10 })
    expect(page.data?.map((event) => event.status)).toEqual(['succeeded'])
  })
})
