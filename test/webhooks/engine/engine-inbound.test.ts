import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type InboundEvent, type WebhookEngine } from '../../../src/webhooks/engine'

const engines: WebhookEngine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
})

function engine(): WebhookEngine {
  const created = createEngine({ inbound: { organizationId: 'org-9', baseUrl: 'https://hooks.example.com' }, now: () => Date.parse('2026-02-03T04:05:06Z') })
  engines.push(created)
  return created
}

/** One receive call with the token in the header. */
function call(e: WebhookEngine, token: string, body: unknown = { lead: 1 }) {
  return e.inbound.receive({
    method: 'POST',
    headers: { 'x-webhook-token': token, 'content-type': 'application/json' },
    query: {},
    body: new TextEncoder().encode(JSON.stringify(body)),
  })
}

describe("the engine's inbound webhook methods", () => {
  it('creates, gets (by token or webhookId), lists, updates and deletes inbound webhooks', async () => {
    const e = engine()
    const created = await e.createInboundWebhook({ eventKey: 'webhook.lead.created' })
    expect(created).toMatchObject({
      eventKey: 'webhook.lead.created',
      webhookUrl: `https://hooks.example.com/v1/webhooks/inbound/receive?token=${created.uuid}`,
      createdAt: '2026-02-03T04:05:06.000Z',
    })
    expect(await e.getInboundWebhook(created.uuid)).toEqual(created)
    expect(await e.getInboundWebhook(created.webhookId)).toEqual(created)
    const other = await e.createInboundWebhook({ eventKey: 'webhook.other' })
    expect((await e.listInboundWebhooks()).map((w) => w.webhookId)).toEqual([created.webhookId, other.webhookId])

    const updated = await e.updateInboundWebhook(created.webhookId, { eventKey: 'webhook.lead.updated' })
    expect(updated).toMatchObject({ uuid: created.uuid, eventKey: 'webhook.lead.updated', updatedAt: '2026-02-03T04:05:06.000Z' })
    await expect(e.updateInboundWebhook(created.uuid, { eventKey: 'Not Valid' })).rejects.toMatchObject({ code: 'invalid_config', issues: [{ path: 'eventKey' }] })

    await e.deleteInboundWebhook(created.uuid)
    await expect(e.getInboundWebhook(created.uuid)).rejects.toMatchObject({ code: 'not_found', status: 404 })
    await expect(e.deleteInboundWebhook(created.uuid)).rejects.toMatchObject({ code: 'not_found' })
    expect((await e.listInboundWebhooks()).map((w) => w.webhookId)).toEqual([other.webhookId])
  })

  it('on subscribes to an event key, off and the returned function unsubscribe, once fires one time', async () => {
    const e = engine()
    const { uuid } = await e.createInboundWebhook({ eventKey: 'webhook.lead.created' })
    const seen: string[] = []
    const first = (event: InboundEvent): void => void seen.push(`first:${JSON.stringify(event.body)}`)
    const second = (): void => void seen.push('second')
    e.on('webhook.lead.created', first)
    const unsubscribe = e.on('webhook.lead.created', second)
    e.once('webhook.lead.created', () => void seen.push('once'))
    await call(e, uuid, { n: 1 })
    unsubscribe()
    await call(e, uuid, { n: 2 })
    e.off('webhook.lead.created', first)
    await call(e, uuid, { n: 3 })
    expect(seen).toEqual(['first:{"n":1}', 'second', 'once', 'first:{"n":2}'])
    expect(() => e.on('Bad Key', first)).toThrow(/eventKey/)
  })

  it('emits each inbound call for delivery to configs of its event key', async () => {
    const e = engine()
    const { uuid, webhookId } = await e.createInboundWebhook({ eventKey: 'webhook.lead.created' })
    const config = await e.createConfig({ name: 'fwd', eventName: 'webhook.lead.created', url: 'ftp://127.0.0.1/never', httpMethod: 'POST' })
    const event = await call(e, uuid)
    expect(event).toMatchObject({ eventKey: 'webhook.lead.created', webhookId, body: { lead: 1 } })
    await e.idle()
    // The ftp: URL is refused by the URL policy, so nothing leaves the machine; the event is recorded all the same.
    const [logged] = (await e.searchEvents(config.id!)).data
    expect(logged).toMatchObject({ event_name: 'webhook.lead.created', org_id: 'org-9', status: 'failed', http_response: { code: 'url_blocked' } })
    expect(JSON.parse(logged?.payload ?? '{}')).toMatchObject({ metadata: { origin: 'inbound_webhook' }, entity: { webhookId, body: { lead: 1 } } })
  })
})
