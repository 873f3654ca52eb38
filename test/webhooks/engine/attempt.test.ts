import { describe, expect, it } from 'vitest'
import { attemptDelivery } from '../../../src/webhooks/engine/delivery/attempt'
import type { HttpOutcome, HttpRequest } from '../../../src/webhooks/engine/delivery/http-client'
import { resolveSigningKey } from '../../../src/webhooks/engine/delivery/signing-key'
import { buildTarget } from '../../../src/webhooks/engine/delivery/target'
import { createUrlPolicy } from '../../../src/webhooks/engine/delivery/url-policy'
import type { WebhookConfig } from '../../../src/webhooks/engine/model'
import { resolveOptions, type EngineOptions } from '../../../src/webhooks/engine/options'
import type { StoredEvent } from '../../../src/webhooks/engine/store/types'

const NOW = Date.parse('2026-01-01T00:00:00Z')
const key = resolveSigningKey(undefined)

/** An attempt's context with a scripted HTTP client: each send answers the next outcome and is recorded. */
function context(outcomes: HttpOutcome[], options: EngineOptions = {}, policy = createUrlPolicy(), msPerSend = 0) {
  const sent: HttpRequest[] = []
  let clock = NOW
  const ctx = {
    options: resolveOptions({ now: () => clock, env: {}, ...options }),
    http: {
      send: async (request: HttpRequest): Promise<HttpOutcome> => {
        sent.push(request)
        clock += msPerSend
        const next = outcomes.shift()
        if (!next) throw new Error('no scripted outcome left')
        return next
      },
    },
    urlPolicy: policy,
    signing: key,
  }
  return { ctx, sent }
}

function targetFor(ctx: ReturnType<typeof context>['ctx'], config: Partial<WebhookConfig> = {}) {
  return buildTarget(ctx, { config: { id: 'c1', name: 'n', eventName: 'e', url: 'http://127.0.0.1:9/hook', httpMethod: 'POST', ...config }, revision: 1 })
}

const event: StoredEvent = { event_id: 'evt_1', org_id: 'o', webhook_config_id: 'c1', event_name: 'e', createdMs: NOW, status: 'in_progress', attempts: 0, payload: '{"a":1}' }
/** The headers of a sent request as an object (the delivery path sends a flat [name, value, …] list). */
function headersOf(request: HttpRequest | undefined): Record<string, string> {
  const h = request?.headers ?? {}
  if (!Array.isArray(h)) return { ...(h as Record<string, string>) }
  const out: Record<string, string> = {}
  for (let i = 0; i < h.length; i += 2) out[h[i] as string] = h[i + 1] as string
  return out
}

const response = (status: number, body = '', headers: Record<string, string> = {}, truncated = false): HttpOutcome => ({ kind: 'response', status, statusText: `S${status}`, headers, body, truncated })

describe('one delivery attempt', () => {
  it('sends the payload signed with webhook-id = event id and the clock in seconds; 2xx succeeds with the JSON body logged', async () => {
    const { ctx, sent } = context([response(201, '{"ok":true}')])
    const result = await attemptDelivery(targetFor(ctx), event, 1000, ctx)
    expect(result).toMatchObject({ verdict: 'succeeded', response: { status_code: 201, message: 'S201', body: { ok: true } } })
    expect(sent[0]).toMatchObject({ method: 'POST', timeoutMs: 1000 })
    expect(Buffer.from(sent[0]?.body ?? '').toString()).toBe('{"a":1}')
    expect(headersOf(sent[0])).toMatchObject({ 'content-type': 'application/json', 'webhook-id': 'evt_1', 'webhook-timestamp': String(NOW / 1000) })
    expect(headersOf(sent[0])['webhook-signature']).toMatch(/^v1a,/)
  })

  it('retries 408, 429 and 5xx with the Retry-After they sent, and fails other statuses for good', async () => {
    const { ctx } = context([response(503, '', { 'retry-after': '3' }), response(408), response(429), response(404, 'gone'), response(301)])
    const target = targetFor(ctx)
    expect(await attemptDelivery(target, event, 1000, ctx)).toMatchObject({ verdict: 'retry', retryAfterMs: 3000 })
    expect(await attemptDelivery(target, event, 1000, ctx)).toMatchObject({ verdict: 'retry', response: { status_code: 408, message: 'S408' } })
    expect((await attemptDelivery(target, event, 1000, ctx)).verdict).toBe('retry')
    expect((await attemptDelivery(target, event, 1000, ctx)).response).toEqual({ status_code: 404, message: 'S404', body: 'gone' })
    expect((await attemptDelivery(target, event, 1000, ctx)).verdict).toBe('failed')
  })

  it('retries network errors the target may recover from, not invalid requests', async () => {
    const { ctx } = context([
      { kind: 'error', code: 'ECONNREFUSED', message: 'refused' },
      { kind: 'error', code: 'timeout', message: 'slow' },
      { kind: 'error', code: 'ERR_INVALID_CHAR', message: 'bad header' },
    ])
    const target = targetFor(ctx)
    expect(await attemptDelivery(target, event, 1000, ctx)).toMatchObject({ verdict: 'retry', response: { code: 'ECONNREFUSED', message: 'refused' } })
    expect((await attemptDelivery(target, event, 1000, ctx)).verdict).toBe('retry')
    expect(await attemptDelivery(target, event, 1000, ctx)).toMatchObject({ verdict: 'failed', response: { code: 'ERR_INVALID_CHAR', message: 'bad header' } })
  })

  it('sends nothing to a URL the policy refuses, or when an env secret is missing', async () => {
    const blocked = context([], {}, createUrlPolicy({ blockPrivateNetworks: true }))
    expect(await attemptDelivery(targetFor(blocked.ctx), event, 1000, blocked.ctx)).toMatchObject({ verdict: 'failed', response: { code: 'url_blocked' } })
    const missing = context([])
    const auth = { authType: 'API_KEY' as const, apiKeyConfig: { keyName: 'x-api-key', keyValue: 'HOOK_KEY', keyValueIsEnvVar: true } }
    const result = await attemptDelivery(targetFor(missing.ctx, { auth }), event, 1000, missing.ctx)
    expect(result).toMatchObject({ verdict: 'failed', response: { code: 'secret_missing', message: 'The env var HOOK_KEY holding the API key is not set.' } })
    expect(result.requestHeaders).toBeUndefined()
    expect([...blocked.sent, ...missing.sent]).toEqual([])
  })

  it('reads env secrets at send time and logs a truncated body as text', async () => {
    const { ctx, sent } = context([response(200, '{"long":"yes"}', {}, true)], { env: { HOOK_KEY: 's3cret' }, maxLoggedBodyChars: 5 })
    const auth = { authType: 'API_KEY' as const, apiKeyConfig: { keyName: 'x-api-key', keyValue: 'HOOK_KEY', keyValueIsEnvVar: true } }
    const result = await attemptDelivery(targetFor(ctx, { auth }), event, 1000, ctx)
    expect(headersOf(sent[0])['x-api-key']).toBe('s3cret')
    expect(result.response.body).toBe('{"lon…[truncated]')
  })

  it('logs the headers as sent, each name once, with secret values masked, and when and how long the attempt took', async () => {
    const { ctx, sent } = context([response(200)], {}, createUrlPolicy(), 250)
    const auth = { authType: 'API_KEY' as const, apiKeyConfig: { keyName: 'X-Api-Key', keyValue: 'k-1' } }
    const custom_headers = { 'x-tenant': 't1', 'Webhook-Signature': 'forged', 'Content-Type': 'text/plain', 'x-api-key': 'custom' }
    const result = await attemptDelivery(targetFor(ctx, { auth, payloadConfiguration: { custom_headers } }), event, 1000, ctx)
    const list = sent[0]?.headers as string[]
    const names = list.filter((_, i) => i % 2 === 0)
    expect(new Set(names).size).toBe(names.length)
    const headers = headersOf(sent[0])
    // The auth header wins over a custom header of the same name, the signature over a forged one; a custom
    // content-type replaces the default.
    expect(headers).toMatchObject({ 'x-api-key': 'k-1', 'x-tenant': 't1', 'content-type': 'text/plain', 'webhook-id': 'evt_1' })
    expect(headers['webhook-signature']).toMatch(/^v1a,/)
    expect(result.requestHeaders).toEqual({ ...headers, 'x-api-key': '***' })
    expect(result).toMatchObject({ verdict: 'succeeded', startedMs: NOW, durationMs: 250 })
  })

  it('masks auth read at send time (env var secret, OAuth bearer) and resends once with a new token after a 401', async () => {
    const token = (value: string) => response(200, JSON.stringify({ access_token: value, expires_in: 3600 }))
    const { ctx, sent } = context([token('tok-1'), response(401), token('tok-2'), response(204)], { env: { PW: 'pa55' } })
    const oauth = {
      authType: 'OAUTH_CLIENT_CREDENTIALS' as const,
      oauthConfig: { clientId: 'id', clientSecret: 'cs', endpoint: 'http://127.0.0.1:9/token', httpMethod: 'POST' as const },
    }
    const result = await attemptDelivery(targetFor(ctx, { auth: oauth }), event, 1000, ctx)
    expect(sent.map((r) => headersOf(r).authorization)).toEqual([undefined, 'Bearer tok-1', undefined, 'Bearer tok-2'])
    expect(result).toMatchObject({ verdict: 'succeeded', response: { status_code: 204 } })
    expect(result.requestHeaders?.authorization).toBe('***')

    const apiKey = context([response(200)], { env: { KEY: 'k-9' } })
    const keyAuth = { authType: 'API_KEY' as const, apiKeyConfig: { keyName: 'X-Api-Key', keyValue: 'KEY', keyValueIsEnvVar: true } }
    const keyResult = await attemptDelivery(targetFor(apiKey.ctx, { auth: keyAuth, payloadConfiguration: { custom_headers: { 'X-API-KEY': 'custom' } } }), event, 1000, apiKey.ctx)
    expect((apiKey.sent[0]?.headers as string[]).filter((h) => h.toLowerCase() === 'x-api-key')).toEqual(['x-api-key'])
    expect(headersOf(apiKey.sent[0])['x-api-key']).toBe('k-9')
    expect(keyResult.requestHeaders?.['x-api-key']).toBe('***')

    const basic = context([response(200)], { env: { PW: 'pa55' } })
    const auth = { authType: 'BASIC' as const, basicAuthConfig: { username: 'u', password: 'PW', passwordIsEnvVar: true } }
    const basicResult = await attemptDelivery(targetFor(basic.ctx, { auth }), event, 1000, basic.ctx)
    expect(headersOf(basic.sent[0]).authorization).toBe(`Basic ${Buffer.from('u:pa55').toString('base64')}`)
    expect(basicResult.requestHeaders?.authorization).toBe('***')
    expect(JSON.stringify(basicResult)).not.toContain(Buffer.from('u:pa55').toString('base64'))
  })

  it('sends credentials in the URL as basic auth, masked in the log, unless an auth header replaces them', async () => {
    const { ctx, sent } = context([response(200), response(200)])
    const url = 'http://hook%40user:s3cr%3At@127.0.0.1:9/hook'
    const withUrlCredentials = await attemptDelivery(targetFor(ctx, { url }), event, 1000, ctx)
    expect(headersOf(sent[0]).authorization).toBe(`Basic ${Buffer.from('hook@user:s3cr:t').toString('base64')}`)
    expect(withUrlCredentials.requestHeaders?.authorization).toBe('***')
    const auth = { authType: 'BASIC' as const, basicAuthConfig: { username: 'u', password: 'p' } }
    await attemptDelivery(targetFor(ctx, { url, auth }), event, 1000, ctx)
    expect(headersOf(sent[1]).authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`)
  })
})
