import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createEngine, isSecretQueryName, maskUrl, type WebhookEngine } from '../../../src/webhooks/engine'
import { keepMaskedUrl } from '../../../src/webhooks/engine/config/url-secrets'
import { createWebhooksServer, type WebhooksServer } from '../../../src/webhooks/engine/http/server'

describe('maskUrl', () => {
  it.each([
    ['https://bob:hunter2@h.example/in?api_key=k1&x=1', 'https://bob:********@h.example/in?api_key=********&x=1'],
    ['https://tok_abc@h.example/', 'https://********@h.example/'],
    ['https://h.example/in?access_token=t&sig=s&X-Amz-Signature=a&page=2#top', 'https://h.example/in?access_token=********&sig=********&X-Amz-Signature=********&page=2#top'],
    ['https://h.example/in?q=a%20b&token=', 'https://h.example/in?q=a%20b&token='],
    ['https://h.example/in', 'https://h.example/in'],
    ['not a url', 'not a url'],
  ])('masks %s', (url, masked) => expect(maskUrl(url)).toBe(masked))

  it('names secret-looking query parameters and leaves the rest alone', () => {
    for (const name of ['token', 'api_key', 'apikey', 'API-KEY', 'key', 'client_secret', 'password', 'signature', 'auth', 'code', 'sessionId']) expect(isSecretQueryName(name), name).toBe(true)
    for (const name of ['page', 'author', 'id', 'keyword', 'sort', 'monkey']) expect(isSecretQueryName(name), name).toBe(false)
  })
})

describe('keepMaskedUrl', () => {
  const stored = 'https://bob:hunter2@h.example/in?api_key=k1&api_key=k2&x=1'
  it('restores masked credentials from the stored URL of the same origin', () => {
    expect(keepMaskedUrl('https://bob:********@h.example/new?api_key=********&api_key=********&x=2', stored)).toBe('https://bob:hunter2@h.example/new?api_key=k1&api_key=k2&x=2')
  })
  it('keeps new values as sent', () => {
    expect(keepMaskedUrl('https://bob:new@h.example/in?api_key=k9', stored)).toBe('https://bob:new@h.example/in?api_key=k9')
  })
  it('refuses to move a stored credential to another host, or to invent one', () => {
    expect(keepMaskedUrl('https://bob:********@evil.example/in', stored)).toBeUndefined()
    expect(keepMaskedUrl('https://h.example/in?token=********', stored)).toBeUndefined()
    expect(keepMaskedUrl('https://bob:********@h.example/in', undefined)).toBeUndefined()
  })
})

interface Delivery {
  url: string
  headers: http.IncomingHttpHeaders
}

describe('credentials in a config URL (engine and REST API)', () => {
  const deliveries: Delivery[] = []
  const receiver = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      deliveries.push({ url: req.url ?? '', headers: req.headers })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  let port = 0
  let engine: WebhookEngine
  let server: WebhooksServer
  let base = ''
  const lines: string[] = []
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { authorization: 'Bearer t0k', 'content-type': 'application/json', ...init.headers } })

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    port = (receiver.address() as AddressInfo).port
    engine = createEngine({ sleep: async () => {} })
    server = createWebhooksServer(engine, { tokens: ['t0k'], logger: (line) => lines.push(line) })
    base = (await server.listen()).url
  })
  afterAll(async () => {
    await server.close()
    await engine.close()
    receiver.closeAllConnections()
    await new Promise((resolve) => receiver.close(resolve))
  })
  beforeEach(() => {
    deliveries.length = 0
  })

  it('masks URL credentials in config, list and event responses and log lines, delivers with the real ones, and keeps them on a save-back', async () => {
    const url = `http://bob:hunter2@127.0.0.1:${port}/hook?api_key=sekr3t-key&page=1`
    const created = await api('/v1/webhooks/configs', { method: 'POST', body: JSON.stringify({ name: 'n', eventName: 'e', url, httpMethod: 'POST', enabled: true }) })
    expect(created.status).toBe(201)
    const config = (await created.json()) as { id: string; url: string }
    const masked = `http://bob:********@127.0.0.1:${port}/hook?api_key=********&page=1`
    expect(config.url).toBe(masked)

    const one = await (await api(`/v1/webhooks/configs/${config.id}`)).text()
    const list = await (await api('/v1/webhooks/configs')).text()
    const trig = await api(`/v1/webhooks/configs/${config.id}/trigger?sync=true`, { method: 'POST', body: JSON.stringify({ metadata: { organization_id: 'o' } }) })
    expect(trig.status).toBe(200)
    const events = await (await api(`/v2/webhooks/configs/${config.id}/events`, { method: 'POST', body: '{}' })).text()
    for (const text of [one, list, events, lines.join('\n')]) {
      expect(text).not.toContain('hunter2')
      expect(text).not.toContain('sekr3t-key')
    }
    expect(events).toContain('api_key=********')

    // The receiver got the real credentials: user info as basic auth, the query as written.
    expect(deliveries[0]?.url).toBe('/hook?api_key=sekr3t-key&page=1')
    expect(deliveries[0]?.headers.authorization).toBe(`Basic ${Buffer.from('bob:hunter2').toString('base64')}`)

    // Saved back exactly as read: the stored credentials stay.
    const read = JSON.parse(one) as Record<string, unknown>
    const saved = await api(`/v1/webhooks/configs/${config.id}`, { method: 'PUT', body: JSON.stringify(read) })
    expect(saved.status).toBe(200)
    deliveries.length = 0
    await engine.trigger(config.id, { metadata: { organization_id: 'o' } }, { sync: true })
    expect(deliveries[0]?.url).toBe('/hook?api_key=sekr3t-key&page=1')
    expect(deliveries[0]?.headers.authorization).toBe(`Basic ${Buffer.from('bob:hunter2').toString('base64')}`)

    // A masked credential pointed at another host is refused, not sent there.
    const moved = await api(`/v1/webhooks/configs/${config.id}`, { method: 'PUT', body: JSON.stringify({ ...read, url: 'http://bob:********@127.0.0.2:1/hook' }) })
    expect(moved.status).toBe(400)
    expect(((await moved.json()) as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toEqual(['url'])
  })
})
