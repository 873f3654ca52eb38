/**
 * The built package (dist/, made by `npm run build`, which `npm test` runs first) behaves like the source:
 * the bundled openapi-client-axios with its build-time substitutions (one ESM axios, no js-yaml, no
 * dereferencer, the path-template subset) still builds correct requests, from ESM and from CommonJS.
 */
import { createRequire } from 'node:module'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Webhooks from '../src/webhooks'

const root = resolve(__dirname, '..')
const seen: Array<{ method: string; url: string; authorization: string | undefined; body: string }> = []
const server = createServer((req: IncomingMessage, res) => {
  let body = ''
  req.on('data', (chunk: Buffer) => (body += chunk.toString()))
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body })
    if (req.url?.startsWith('/fail')) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"nope"}')
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
  })
})
let baseURL: string

beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((done) => server.close(() => done())))

const builds: Array<[string, () => Promise<typeof Webhooks>]> = [
  ['ESM', () => import(pathToFileURL(join(root, 'dist/webhooks/index.js')).href) as Promise<typeof Webhooks>],
  ['CommonJS', async () => createRequire(import.meta.url)(join(root, 'dist/webhooks/index.cjs')) as typeof Webhooks],
]

describe.each(builds)('the built client (%s)', (_name, load) => {
  it('fills and encodes path parameters, sends query, body and token', async () => {
    const { createClient, authorize } = await load()
    const client = createClient({ baseURL, retries: false })
    authorize(client, () => 'built-token')
    seen.length = 0
    await client.getEventById({ configId: 'a/b c', eventId: 'e1' })
    await client.getConfigs({ eventName: 'customer_request_created' })
    await client.triggerWebhook({ configId: 'cfg', sync: true }, { metadata: { organization_id: 'o' } })
    await client.getPublicKey({ orgId: 'o' })
    expect(seen.map(({ method, url, authorization, body }) => [method, url, authorization, body])).toEqual([
      ['GET', '/v1/webhooks/configs/a%2Fb%20c/events/e1', 'Bearer built-token', ''],
      ['GET', '/v1/webhooks/configs?eventName=customer_request_created', 'Bearer built-token', ''],
      ['POST', '/v1/webhooks/configs/cfg/trigger?sync=true', 'Bearer built-token', '{"metadata":{"organization_id":"o"}}'],
      ['GET', '/v1/webhooks/.well-known/public-key?orgId=o', undefined, ''],
    ])
  })

  it('maps errors and rejects missing parameters', async () => {
    const { createClient, EpilotApiError, EpilotInputError } = await load()
    const client = createClient({ baseURL: `${baseURL}/fail`, retries: false })
    const apiError = await client.getConfig({ configId: 'x' }).catch((e: unknown) => e)
    expect(apiError).toBeInstanceOf(EpilotApiError)
    expect(apiError).toMatchObject({ status: 404, operationId: 'getConfig' })
    // @ts-expect-error configId is required
    const inputError = await client.getConfig({}).catch((e: unknown) => e)
    expect(inputError).toBeInstanceOf(EpilotInputError)
  })
})
