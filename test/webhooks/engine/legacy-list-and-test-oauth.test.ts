import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type WebhookEngine } from '../../../src/webhooks/engine'
import { createWebhooksServer, type WebhooksServer } from '../../../src/webhooks/engine/http/server'
import { authorize, createClient, EpilotApiError, type Client } from '../../../src/webhooks'
import { startReceiver, type Receiver } from './helpers/receiver'

const TOKEN = 'legacy-token'
let engine: WebhookEngine
let server: WebhooksServer
let client: Client
let receiver: Receiver
let tokenEndpoint: Receiver

beforeAll(async () => {
  receiver = await startReceiver()
  tokenEndpoint = await startReceiver((req, res) => {
    const form = new URLSearchParams(req.body)
    if (form.get('client_secret') !== 'right-secret') {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}')
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"tok-very-secret","expires_in":1800,"token_type":"Bearer"}')
  })
  engine = createEngine({ sleep: async () => {} })
  server = createWebhooksServer(engine, { tokens: [TOKEN] })
  const { url } = await server.listen()
  client = createClient({ baseURL: url, retries: false })
  authorize(client, TOKEN)
})

afterAll(async () => {
  await server.close()
  await engine.close()
  await receiver.close()
  await tokenEndpoint.close()
})

async function apiError(call: Promise<unknown>): Promise<EpilotApiError> {
  const error = await call.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(EpilotApiError)
  return error as EpilotApiError
}

function oauthConfig(clientSecret: string) {
  return {
    name: 'oauth', eventName: 'customer_request_created', url: `${receiver.url}/hook`, httpMethod: 'POST' as const,
    auth: { authType: 'OAUTH_CLIENT_CREDENTIALS' as const, oauthConfig: { clientId: 'client-1', clientSecret, endpoint: `${tokenEndpoint.url}/token`, httpMethod: 'POST' as const } },
  }
}

describe('getWehookEvents: the deprecated v1 event list', () => {
  it('pages through every event newest first with an opaque cursor, 25 a page, and filters by status', async () => {
    const { data: config } = await client.createConfig(null, { name: 'v1', eventName: 'customer_request_created', url: `${receiver.url}/hook`, httpMethod: 'POST' })
    for (let i = 0; i < 30; i++) await engine.emit('customer_request_created', { entity: { n: i } }, { organization_id: 'o' })
    await engine.idle()

    const first = await client.getWehookEvents({ configId: config.id! })
    expect(first.status).toBe(200)
    expect(first.headers.deprecation).toBe('true')
    expect(first.data.data).toHaveLength(25)
    expect(typeof first.data.cursor).toBe('string')
    const second = await client.getWehookEvents({ configId: config.id!, cursor: first.data.cursor! })
    expect(second.data.data).toHaveLength(5)
    expect(second.data.cursor).toBeUndefined()
    const ids = [...(first.data.data ?? []), ...(second.data.data ?? [])].map((e) => e.event_id)
    expect(new Set(ids).size).toBe(30)
    const v2 = await engine.searchEvents(config.id!, { limit: 25 })
    expect(first.data.data?.map((e) => e.event_id)).toEqual(v2.data.map((e) => e.event_id))

    const succeeded = await client.getWehookEvents({ configId: config.id!, status: 'succeeded' })
    expect(succeeded.data.data?.every((e) => e.status === 'succeeded')).toBe(true)
    const inProgress = await client.getWehookEvents({ configId: config.id!, status: 'in_progress' })
    expect(inProgress.data.data).toEqual([])
  })

  it('answers 400 for an unknown status or a cursor it did not give, and 404 for an unknown config', async () => {
    const { data: config } = await client.createConfig(null, { name: 'v1-bad', eventName: 'customer_request_created', url: `${receiver.url}/hook`, httpMethod: 'POST' })
    const badStatus = await apiError(client.getWehookEvents({ configId: config.id!, status: 'skipped' as never }))
    expect(badStatus.status).toBe(400)
    const badCursor = await apiError(client.getWehookEvents({ configId: config.id!, cursor: 'not-a-cursor' }))
    expect(badCursor.status).toBe(400)
    expect(JSON.stringify(badCursor.data)).toContain('cursor')
    expect((await apiError(client.getWehookEvents({ configId: 'nope' }))).status).toBe(404)
  })
})

describe('testOAuth', () => {
  it('runs the token request with the saved settings and reports lifetime and type, never the token', async () => {
    const { data: config } = await client.createConfig(null, oauthConfig('right-secret'))
    const before = tokenEndpoint.requests.length
    const { status, data } = await client.testOAuth({ configId: config.id! })
    expect(status).toBe(200)
    expect(data).toEqual({ success: true, message: 'OAuth token exchange successful', expires_in: 1800, token_type: 'Bearer' })
    expect(JSON.stringify(data)).not.toContain('tok-very-secret')
    expect(tokenEndpoint.requests.length).toBe(before + 1)
    expect(new URLSearchParams(tokenEndpoint.requests.at(-1)!.body).get('grant_type')).toBe('client_credentials')
    expect(receiver.requests.filter((r) => r.path === '/hook' && r.headers.authorization === 'Bearer tok-very-secret')).toEqual([])
  })

  it('reports a refused token request as success: false with the reason', async () => {
    const { data: config } = await client.createConfig(null, oauthConfig('wrong-secret'))
    const { status, data } = await client.testOAuth({ configId: config.id! })
    expect(status).toBe(200)
    expect(data.success).toBe(false)
    expect(data.message).toContain('401')
    expect(data.message).not.toContain('wrong-secret')
  })

  it('answers 400 for a config without OAuth settings and 404 for an unknown config', async () => {
    const { data: config } = await client.createConfig(null, { name: 'plain', eventName: 'customer_request_created', url: `${receiver.url}/hook`, httpMethod: 'POST' })
    const notOAuth = await apiError(client.testOAuth({ configId: config.id! }))
    expect(notOAuth.status).toBe(400)
    expect(JSON.stringify(notOAuth.data)).toContain('OAUTH_CLIENT_CREDENTIALS')
    expect((await apiError(client.testOAuth({ configId: 'nope' }))).status).toBe(404)
  })

  it('answers 400 naming the secret when an env-var secret is not set', async () => {
    const { data: config } = await client.createConfig(null, {
      ...oauthConfig('EPILOT_TEST_OAUTH_SECRET_THAT_IS_NOT_SET'),
      auth: { authType: 'OAUTH_CLIENT_CREDENTIALS', oauthConfig: { ...oauthConfig('x').auth.oauthConfig, clientSecret: 'EPILOT_TEST_OAUTH_SECRET_THAT_IS_NOT_SET', clientSecretIsEnvVar: true } },
    })
    const error = await apiError(client.testOAuth({ configId: config.id! }))
    expect(error.status).toBe(400)
    expect(JSON.stringify(error.data)).toContain('clientSecret')
  })
})
