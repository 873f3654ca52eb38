import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src/webhooks/engine'
import type { WebhookEngine } from '../../../src/webhooks/engine/api'
import { ConfigValidationError, NotFoundError } from '../../../src/webhooks/engine/errors'
import { startReceiver, type Receiver } from './helpers/receiver'

const metadata = { organization_id: 'org-1' }
let receiver: Receiver
let engine: WebhookEngine

beforeEach(async () => {
  receiver = await startReceiver()
  engine = createEngine({ sleep: async () => {} })
})
afterEach(async () => {
  await engine.close()
  await receiver.close()
})

function basicConfig(extra: Record<string, unknown> = {}) {
  return {
    name: 'crm',
    eventName: 'customer_request_created',
    url: `${receiver.url}/hook`,
    httpMethod: 'POST',
    enabled: true,
    auth: { authType: 'BASIC', basicAuthConfig: { username: 'u', password: 'p@ss' } },
    signingSecret: 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=',
    ...extra,
  }
}

describe('configs', () => {
  it('assigns a short id and creationTime and derives the status', async () => {
    const config = await engine.createConfig(basicConfig({ id: 'mine', creationTime: 'x', status: 'inactive' }))
    expect(config.id).toMatch(/^[0-9A-Za-z]{10}$/)
    expect(config.id).not.toBe('mine')
    expect(Date.parse(config.creationTime ?? '')).not.toBeNaN()
    expect(config.status).toBe('active')
    const incomplete = await engine.createConfig({ name: 'n', eventName: 'product_updated' })
    expect(incomplete.status).toBe('incomplete')
    const disabled = await engine.createConfig(basicConfig({ enabled: false }))
    expect(disabled.status).toBe('inactive')
  })

  it('masks secrets in create, get and list responses (the signing secret is shown once, at create)', async () => {
    const created = await engine.createConfig(basicConfig())
    expect(created.signingSecret).toBe('whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=')
    const got = await engine.getConfig(created.id ?? '')
    const [listed] = await engine.listConfigs()
    for (const c of [created, got, listed]) {
      expect(c?.auth?.basicAuthConfig?.password).toBe('********')
      expect(JSON.stringify(c)).not.toContain('p@ss')
    }
    for (const c of [got, listed]) expect(c?.signingSecret).toBe('********')
  })

  it('keeps the stored secret when an update sends the mask back', async () => {
    const created = await engine.createConfig(basicConfig())
    const read = await engine.getConfig(created.id ?? '')
    const updated = await engine.updateConfig(created.id ?? '', { ...read, name: 'renamed' })
    expect(updated.name).toBe('renamed')
    expect(updated.creationTime).toBe(created.creationTime)
    await engine.trigger(created.id ?? '', { metadata, entity: {} }, { sync: true })
    expect(receiver.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('u:p@ss').toString('base64')}`)
  })

  it('rejects an invalid config with every problem listed and stores nothing', async () => {
    const error = await engine
      .createConfig({ eventName: 42, url: 'not a url', httpMethod: 'FETCH', auth: { authType: 'BASIC' }, signingSecret: 'whsec_!!!' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigValidationError)
    const paths = (error as ConfigValidationError).issues.map((i) => i.path)
    expect(paths).toEqual(expect.arrayContaining(['name', 'eventName', 'url', 'httpMethod', 'auth.basicAuthConfig', 'signingSecret']))
    expect(await engine.listConfigs()).toEqual([])
  })

  it('rejects an invalid update and keeps the stored config', async () => {
    const created = await engine.createConfig(basicConfig())
    await expect(engine.updateConfig(created.id ?? '', { name: '' })).rejects.toBeInstanceOf(ConfigValidationError)
    expect((await engine.getConfig(created.id ?? '')).name).toBe('crm')
  })

  it('lists configs filtered by event name', async () => {
    await engine.createConfig(basicConfig())
    await engine.createConfig(basicConfig({ eventName: 'product_updated' }))
    expect((await engine.listConfigs({ eventName: 'product_updated' })).map((c) => c.eventName)).toEqual(['product_updated'])
    expect(await engine.listConfigs()).toHaveLength(2)
  })

  it('throws NotFoundError for unknown ids', async () => {
    await expect(engine.getConfig('nope')).rejects.toBeInstanceOf(NotFoundError)
    await expect(engine.updateConfig('nope', basicConfig())).rejects.toBeInstanceOf(NotFoundError)
    await expect(engine.deleteConfig('nope')).rejects.toBeInstanceOf(NotFoundError)
  })

  it('keeps events of a deleted config queryable but refuses to replay them', async () => {
    const { id } = await engine.createConfig(basicConfig())
    const configId = id ?? ''
    const { deliveries } = await engine.emit('customer_request_created', { entity: { _id: 'e1' } }, metadata)
    await engine.idle()
    await engine.deleteConfig(configId)
    await expect(engine.getConfig(configId)).rejects.toBeInstanceOf(NotFoundError)
    const eventId = deliveries[0]?.eventId ?? ''
    expect((await engine.getEvent(configId, eventId)).status).toBe('succeeded')
    expect((await engine.searchEvents(configId)).data.map((e) => e.event_id)).toEqual([eventId])
    await expect(engine.replayEvent(configId, eventId)).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('configured events', () => {
  it('refuses to register an event without a name, as invalid_request with issues', () => {
    const e = createEngine()
    expect(() => e.registerEvent({ eventName: '  ', eventLabel: 'Nothing' })).toThrow(expect.objectContaining({ code: 'invalid_request', issues: [expect.objectContaining({ path: 'eventName' })] }))
  })

  it('lists the epilot defaults, option events and registered events', async () => {
    const e = createEngine({ events: [{ eventName: 'order_created', eventLabel: 'Order Created' }] })
    e.registerEvent({ eventName: 'invoice_paid', eventLabel: 'Invoice Paid' })
    const events = await e.getConfiguredEvents()
    expect(events[0]).toEqual({ eventName: 'customer_request_created', eventLabel: 'Customer Request Created' })
    expect(events.map((x) => x.eventName)).toEqual([
      'customer_request_created',
      'product_updated',
      'automation_rule_triggered',
      'automation_trigger_webhook',
      'order_created',
      'invoice_paid',
    ])
    await e.close()
  })
})

describe('emit', () => {
  it('delivers only to enabled configs of that event name', async () => {
    const a = await engine.createConfig(basicConfig())
    await engine.createConfig(basicConfig({ enabled: false }))
    await engine.createConfig(basicConfig({ eventName: 'product_updated' }))
    const result = await engine.emit('customer_request_created', { entity: { _id: 'e1' } }, metadata)
    expect(result.deliveries).toEqual([{ configId: a.id, eventId: expect.any(String), status: 'in_progress' }])
    await engine.idle()
    expect(receiver.requests).toHaveLength(1)
    const body = JSON.parse(receiver.requests[0]?.body ?? '') as { metadata: Record<string, string>; entity: unknown }
    expect(body.entity).toEqual({ _id: 'e1' })
    expect(body.metadata).toMatchObject({ organization_id: 'org-1', webhook_id: a.id, webhook_name: 'crm' })
  })

  it('records a filtered-out event as skipped and sends no request', async () => {
    const { id } = await engine.createConfig(
      basicConfig({ filter: { keyToFilter: 'customer_request.product_category', supportedValues: ['solar'] } }),
    )
    const result = await engine.emit('customer_request_created', { entity: { customer_request: { product_category: 'gas' } } }, metadata)
    await engine.idle()
    expect(result.deliveries[0]?.status).toBe('skipped')
    expect(receiver.requests).toHaveLength(0)
    const event = await engine.getEvent(id ?? '', result.deliveries[0]?.eventId ?? '')
    expect(event.status).toBe('skipped')
    expect(event.payload).toBeUndefined()
  })

  it('records a failing JSONata transform as failed with code transform_failed and sends nothing', async () => {
    const { id } = await engine.createConfig(basicConfig({ jsonataExpression: '$error("boom")' }))
    const result = await engine.emit('customer_request_created', { entity: {} }, metadata)
    await engine.idle()
    expect(receiver.requests).toHaveLength(0)
    const event = await engine.getEvent(id ?? '', result.deliveries[0]?.eventId ?? '')
    expect(event.status).toBe('failed')
    expect(event.http_response?.code).toBe('transform_failed')
  })

  it('sends the transformed payload and custom headers', async () => {
    await engine.createConfig(basicConfig({ jsonataExpression: '{ "id": entity._id }', payloadConfiguration: { custom_headers: { 'x-tenant': 't1' } } }))
    await engine.emit('customer_request_created', { entity: { _id: 'e9' } }, metadata)
    await engine.idle()
    expect(receiver.requests[0]?.body).toBe('{"id":"e9"}')
    expect(receiver.requests[0]?.headers['x-tenant']).toBe('t1')
  })

  it('uses the updated config after an update (recompiled)', async () => {
    const { id } = await engine.createConfig(basicConfig({ jsonataExpression: '{ "v": 1 }' }))
    await engine.updateConfig(id ?? '', basicConfig({ jsonataExpression: '{ "v": 2 }' }))
    await engine.emit('customer_request_created', { entity: {} }, metadata)
    await engine.idle()
    expect(receiver.requests.map((r) => r.body)).toEqual(['{"v":2}'])
  })
})
