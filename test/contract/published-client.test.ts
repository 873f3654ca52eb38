/**
 * The published @epilot/sdk 2.x (devDependency `epilot-sdk-published`) loads offline and its webhooks client can be
 * pointed at a local server: the ground the stage-2 drop-in tests stand on. Only 127.0.0.1 is ever called.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createSDK, epilot } from 'epilot-sdk-published'
import { authorize, createClient, getClient } from 'epilot-sdk-published/webhooks'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

interface Seen {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

const seen: Seen[] = []
let server: Server
let baseURL = ''

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
beforeEach(() => {
  seen.length = 0
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

describe('the published @epilot/sdk 2.20.31', () => {
  it('loads its root entry: epilot, createSDK', () => {
    expect(typeof epilot.authorize).toBe('function')
    expect(typeof createSDK).toBe('function')
  })

  it("epilot.webhooks.getClient() calls a local server with the SDK's token and the large-response Accept header", async () => {
    const sdk = createSDK()
    sdk.authorize('tok-published')
    const client = sdk.webhooks.getClient()
    client.defaults.baseURL = baseURL
    const { status, data } = await client.getConfigs({ eventName: 'customer_request_created' })
    expect([status, data]).toEqual([200, []])
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/v1/webhooks/configs?eventName=customer_request_created' })
    expect(seen[0]?.headers.authorization).toBe('Bearer tok-published')
    expect(seen[0]?.headers.accept).toBe('application/large-response.vnd+json')
  })

  it('the tree-shakeable webhooks entry works without the SDK object (no large-response header then)', async () => {
    const client = getClient()
    client.defaults.baseURL = baseURL
    authorize(client, () => 'tok-tree-shaken')
    await client.replayEvent({ configId: 'c 1', eventId: 'e1' }, { reapply_transform: true })
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v1/webhooks/configs/c%201/events/e1/replay', body: '{"reapply_transform":true}' })
    expect(seen[0]?.headers.authorization).toBe('Bearer tok-tree-shaken')
    expect(seen[0]?.headers.accept).not.toBe('application/large-response.vnd+json')
    expect(createClient()).not.toBe(getClient())
  })

  it('serves a spec lazily, offline, through openapi(); it is an older copy than its definitions/webhooks.json', async () => {
    // 2.20.31 bundles a stale webhooks spec for openapi() (no testOAuth, no retryPolicy, ...). The contract we follow
    // is the package's definitions/webhooks.json (export ./webhooks/openapi.json), which its runtime table matches.
    const spec = (await createSDK().webhooks.openapi()) as unknown as { paths: Record<string, Record<string, { operationId: string; deprecated?: boolean }>> }
    const operations = Object.values(spec.paths).flatMap((item) => Object.values(item))
    expect(operations.filter((op) => op.deprecated).map((op) => op.operationId)).toEqual(['getWehookEvents'])
    expect(operations.map((op) => op.operationId)).not.toContain('testOAuth')
    expect(operations).toHaveLength(14)
  })
})
