/**
 * The engine side of the published 2.x contract, in process: secrets on create and update, the generated signing
 * secret, updatedTime, retryPolicy, the contract fields, replays with reapply_transform, and binary_multipart delivery.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src/webhooks/engine'
import type { WebhookEngine } from '../../../src/webhooks/engine/api'
import { verifyWebhook } from '../../../src/webhooks/receiver'
import { startReceiver, type Receiver } from './helpers/receiver'

const metadata = { organization_id: 'org-1' }
let receiver: Receiver
let engine: WebhookEngine
let clock = Date.parse('2026-01-01T00:00:00.000Z')

beforeEach(async () => {
  receiver = await startReceiver()
  engine = createEngine({ sleep: async () => {}, now: () => clock })
})
afterEach(async () => {
  await engine.close()
  await receiver.close()
})

function base(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'crm', eventName: 'customer_request_created', url: `${receiver.url}/hook`, httpMethod: 'POST', ...extra }
}

async function issuePaths(call: Promise<unknown>): Promise<string[]> {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as { issues?: Array<{ path: string }> } | undefined
  return (error?.issues ?? []).map((i) => i.path).sort()
}

describe('secrets on update', () => {
  const basic = { authType: 'BASIC', basicAuthConfig: { username: 'u', password: 'p@ss' } }
  const basicHeader = `Basic ${Buffer.from('u:p@ss').toString('base64')}`

  it('keeps a secret the update leaves out, and the one sent back masked', async () => {
    const { id } = await engine.createConfig(base({ auth: basic }))
    const omitted = await engine.updateConfig(id!, base({ name: 'v2', auth: { authType: 'BASIC', basicAuthConfig: { username: 'u' } } }))
    expect(omitted).toMatchObject({ status: 'active', auth: { basicAuthConfig: { password: '********' } } })
    const masked = await engine.updateConfig(id!, { ...(await engine.getConfig(id!)), name: 'v3' })
    expect(masked.status).toBe('active')
    await engine.trigger(id!, { metadata }, { sync: true })
    expect(receiver.requests[0]?.headers.authorization).toBe(basicHeader)
  })

  it('clears a secret sent as null (the config turns incomplete), and replaces one sent as a string', async () => {
    const { id } = await engine.createConfig(base({ auth: basic }))
    const cleared = await engine.updateConfig(id!, base({ auth: { authType: 'BASIC', basicAuthConfig: { username: 'u', password: null } } }))
    expect(cleared.status).toBe('incomplete')
    expect(cleared.auth?.basicAuthConfig).not.toHaveProperty('password')
    await engine.updateConfig(id!, base({ auth: { authType: 'BASIC', basicAuthConfig: { username: 'u', password: 'new' } } }))
    await engine.trigger(id!, { metadata }, { sync: true })
    expect(receiver.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('u:new').toString('base64')}`)
  })

  it('does not carry a secret over to another auth type', async () => {
    const { id } = await engine.createConfig(base({ auth: basic }))
    const switched = await engine.updateConfig(id!, base({ auth: { authType: 'API_KEY', apiKeyConfig: { keyName: 'x-key' } } }))
    expect(switched.status).toBe('incomplete')
  })
})

describe('signingSecret', () => {
  it('is generated when the create request has none, shown once, and signs v1 beside v1a', async () => {
    const created = await engine.createConfig(base())
    const secret = created.signingSecret as string
    expect(secret).toMatch(/^whsec_/)
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24)
    expect((await engine.getConfig(created.id!)).signingSecret).toBe('********')
    expect((await engine.listConfigs())[0]?.signingSecret).toBe('********')
    const other = await engine.createConfig(base())
    expect(other.signingSecret).not.toBe(secret)

    await engine.trigger(created.id!, { metadata }, { sync: true })
    const req = receiver.requests[0]!
    expect(String(req.headers['webhook-signature']).split(' ').map((e) => e.split(',')[0])).toEqual(['v1a', 'v1'])
    await expect(verifyWebhook({ body: req.body, headers: req.headers as Record<string, string>, secret, now: () => clock })).resolves.toBeDefined()
  })

  it('is kept when an update leaves it out or sends the mask, and removed by null', async () => {
    const created = await engine.createConfig(base())
    const secret = created.signingSecret as string
    await engine.updateConfig(created.id!, base({ name: 'v2' }))
    await engine.updateConfig(created.id!, { ...(await engine.getConfig(created.id!)), name: 'v3' })
    await engine.trigger(created.id!, { metadata }, { sync: true })
    const req = receiver.requests[0]!
    await expect(verifyWebhook({ body: req.body, headers: req.headers as Record<string, string>, secret, now: () => clock })).resolves.toBeDefined()
    await engine.updateConfig(created.id!, base({ signingSecret: null }))
    await engine.trigger(created.id!, { metadata }, { sync: true })
    expect(String(receiver.requests[1]?.headers['webhook-signature']).split(' ')).toHaveLength(1)
  })
})

describe('config fields of the published contract', () => {
  it('sets updatedTime = creationTime at create and moves it on update; keeps the contract fields', async () => {
    const created = await engine.createConfig(
      base({
        creationTime: '2000-01-01T00:00:00.000Z',
        updatedTime: '2000-01-01T00:00:00.000Z',
        eventVersion: '2.1',
        deliveryMode: 'json_base64',
        payloadConfiguration: { apply_changesets: true },
      }),
    )
    expect(created).toMatchObject({ creationTime: '2026-01-01T00:00:00.000Z', updatedTime: '2026-01-01T00:00:00.000Z', eventVersion: '2.1', deliveryMode: 'json_base64', payloadConfiguration: { apply_changesets: true } })
    clock += 5000
    const updated = await engine.updateConfig(created.id!, base({ eventVersion: null }))
    expect(updated).toMatchObject({ creationTime: '2026-01-01T00:00:00.000Z', updatedTime: '2026-01-01T00:00:05.000Z', eventVersion: null })
    expect(updated).not.toHaveProperty('deliveryMode')
  })

  it('gives new configs the default retryPolicy, keeps it on an update without one, and takes a new one', async () => {
    const created = await engine.createConfig(base())
    expect(created.retryPolicy).toEqual({ enabled: true, maxAttempts: 3 })
    const kept = await engine.updateConfig(created.id!, base({ name: 'v2' }))
    expect(kept.retryPolicy).toEqual({ enabled: true, maxAttempts: 3 })
    const changed = await engine.updateConfig(created.id!, base({ retryPolicy: { enabled: false } }))
    expect(changed.retryPolicy).toEqual({ enabled: false, maxAttempts: 3 })
    const five = await engine.createConfig(base({ retryPolicy: { enabled: true, maxAttempts: 5 } }))
    expect(five.retryPolicy).toEqual({ enabled: true, maxAttempts: 5 })
  })

  it('lists every problem of the contract fields at once and stores nothing', async () => {
    const paths = await issuePaths(
      engine.createConfig(
        base({
          eventVersion: '1',
          updatedTime: 5,
          deliveryMode: 'zip',
          retryPolicy: { maxAttempts: 0 },
          multipartConfig: { fileFieldStrategy: 'many', fileSource: '$$$(', extraFields: { a: 'b +', c: 3 } },
          payloadConfiguration: { apply_changesets: 'yes' },
          filterConditions: { conditions: Array.from({ length: 11 }, () => ({ field: 'a', operation: 'is_empty' })) },
        }),
      ),
    )
    expect(paths).toEqual([
      'deliveryMode',
      'eventVersion',
      'filterConditions.conditions',
      'multipartConfig.extraFields.a',
      'multipartConfig.extraFields.c',
      'multipartConfig.fileFieldStrategy',
      'multipartConfig.fileSource',
      'payloadConfiguration.apply_changesets',
      'retryPolicy.enabled',
      'retryPolicy.maxAttempts',
      'updatedTime',
    ])
    expect(await engine.listConfigs()).toEqual([])
    expect(await issuePaths(engine.createConfig(base({ retryPolicy: { enabled: true, maxAttempts: 6 } })))).toEqual(['retryPolicy.maxAttempts'])
  })

  it('accepts ten conditions in a group', async () => {
    const conditions = Array.from({ length: 10 }, () => ({ field: 'entity.a', operation: 'is_not_empty' }))
    await expect(engine.createConfig(base({ filterConditions: { conditions } }))).resolves.toMatchObject({ status: 'active' })
  })
})

describe('replays', () => {
  it('resend the stored payload unchanged, or with reapply_transform run the current JSONata on the original input', async () => {
    const { id } = await engine.createConfig(base({ jsonataExpression: '{ "old": true }' }))
    const first = await engine.trigger(id!, { metadata, entity: { n: 1 } }, { sync: true })
    const event = await engine.getEvent(id!, first.event_id)
    expect(event).toMatchObject({ payload: '{"old":true}', can_reapply_transform: true, can_reapply_transform_reason: 'available' })
    expect(JSON.parse(event.original_payload!)).toEqual({ metadata: { ...metadata, webhook_id: id, webhook_name: 'crm' }, entity: { n: 1 } })

    await engine.updateConfig(id!, base({ jsonataExpression: '{ "n": entity.n * 10 }' }))
    const { eventId: resent } = await engine.replayEvent(id!, first.event_id)
    const { eventId: reapplied } = await engine.replayEvent(id!, first.event_id, { reapply_transform: true })
    await engine.idle()
    expect(receiver.requests.map((r) => r.body)).toEqual(['{"old":true}', '{"old":true}', '{"n":10}'])
    expect(await engine.getEvent(id!, resent)).toMatchObject({ replay_of: first.event_id, payload: '{"old":true}' })
    expect(await engine.getEvent(id!, reapplied)).toMatchObject({ replay_of: first.event_id, payload: '{"n":10}', status: 'succeeded' })
  })

  it('reapply a failed transform after the fix; a reapply the current filter rejects is recorded as skipped', async () => {
    const { id } = await engine.createConfig(base({ jsonataExpression: '$error("boom")' }))
    const failed = await engine.trigger(id!, { metadata, entity: { type: 'a' } }, { sync: true })
    expect(failed.status).toBe('failed')
    await engine.updateConfig(id!, base({ jsonataExpression: 'entity', filterConditions: { conditions: [{ field: 'entity.type', operation: 'equals', values: ['b'] }] } }))
    const { eventIds } = await engine.batchReplay(id!, [failed.event_id], { reapply_transform: true })
    await engine.idle()
    expect((await engine.getEvent(id!, eventIds[0]!)).status).toBe('skipped')
    await engine.updateConfig(id!, base({ jsonataExpression: 'entity' }))
    const again = await engine.batchReplay(id!, [failed.event_id], { reapply_transform: true })
    await engine.idle()
    expect(await engine.getEvent(id!, again.eventIds[0]!)).toMatchObject({ status: 'succeeded', payload: '{"type":"a"}' })
  })

  it('answer 422 no_original_source for a reapply of a skipped event, and say why nothing can be reapplied', async () => {
    const { id } = await engine.createConfig(base({ filterConditions: { conditions: [{ field: 'entity.type', operation: 'equals', values: ['x'] }] } }))
    const skipped = await engine.trigger(id!, { metadata, entity: { type: 'y' } })
    expect(await engine.getEvent(id!, skipped.event_id)).toMatchObject({ status: 'skipped', can_reapply_transform: false, can_reapply_transform_reason: 'no_transform_configured' })
    await engine.updateConfig(id!, base({ jsonataExpression: 'entity' }))
    expect((await engine.searchEvents(id!)).data[0]).toMatchObject({ can_reapply_transform: false, can_reapply_transform_reason: 'no_original_source' })
    await expect(engine.replayEvent(id!, skipped.event_id, { reapply_transform: true })).rejects.toMatchObject({ code: 'no_original_source', status: 422 })
  })

  it('keep one string when the payload is the original input', async () => {
    const { id } = await engine.createConfig(base())
    const sent = await engine.trigger(id!, { metadata, entity: { a: 1 } }, { sync: true })
    const event = await engine.getEvent(id!, sent.event_id)
    expect(event.original_payload).toBe(event.payload)
    const withRelations = await engine.trigger(id!, { metadata, entity: { a: 1 }, relations: [{ id: 'r' }] }, { sync: true })
    const shaped = await engine.getEvent(id!, withRelations.event_id)
    expect(JSON.parse(shaped.payload!)).not.toHaveProperty('relations')
    expect(JSON.parse(shaped.original_payload!)).toHaveProperty('relations', [{ id: 'r' }])
  })

  it('take 1 to 100 ids and a boolean reapply_transform', async () => {
    const { id } = await engine.createConfig(base())
    await expect(engine.batchReplay(id!, Array.from({ length: 101 }, (_, i) => `e${i}`))).rejects.toMatchObject({ code: 'invalid_request', issues: [{ path: 'eventIds' }] })
    await expect(engine.replayEvent(id!, 'e1', { reapply_transform: 'yes' as never })).rejects.toMatchObject({ issues: [{ path: 'reapply_transform', message: 'must be true or false' }] })
  })
})

describe('files', () => {
  const pdf = Buffer.from('%PDF-1.7 fake bytes\n').toString('base64')
  const png = Buffer.from('PNG fake').toString('base64')

  async function formOf(index: number): Promise<FormData> {
    const req = receiver.requests[index]!
    return new Request('http://x', { method: 'POST', body: req.body, headers: { 'content-type': String(req.headers['content-type']) } }).formData()
  }

  it('binary_multipart sends the picked attachment and the extra fields as signed multipart/form-data', async () => {
    const created = await engine.createConfig(
      base({ deliveryMode: 'binary_multipart', multipartConfig: { fileFieldName: 'document', extraFields: { customer: 'entity.customer', kind: "'invoice'", none: 'entity.nothing', obj: 'entity.meta' } } }),
    )
    const attachments = [{ filename: 'invoice.pdf', mime_type: 'application/pdf', data_base64: pdf }]
    await engine.emit('customer_request_created', { entity: { customer: 'c-42', meta: { a: 1 } }, event_attachments: attachments }, metadata)
    await engine.idle()
    const req = receiver.requests[0]!
    expect(req.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/)
    await expect(verifyWebhook({ body: req.body, headers: req.headers as Record<string, string>, secret: created.signingSecret!, parse: false, now: () => clock })).resolves.toBeDefined()
    const form = await formOf(0)
    const file = form.get('document') as File
    expect([file.name, file.type, Buffer.from(await file.arrayBuffer()).toString('base64')]).toEqual(['invoice.pdf', 'application/pdf', pdf])
    expect([...form.keys()]).toEqual(['document', 'customer', 'kind', 'obj'])
    expect([form.get('customer'), form.get('kind'), form.get('obj')]).toEqual(['c-42', 'invoice', '{"a":1}'])

    // A replay sends the same parts again.
    const [logged] = (await engine.searchEvents(created.id!)).data
    await engine.replayEvent(created.id!, logged!.event_id)
    await engine.idle()
    expect((await formOf(1)).get('customer')).toBe('c-42')
  })

  it('binary_multipart skips an event without attachments, fails several with single, sends them all with multi', async () => {
    const single = await engine.createConfig(base({ deliveryMode: 'binary_multipart' }))
    const multi = await engine.createConfig(base({ deliveryMode: 'binary_multipart', multipartConfig: { fileFieldStrategy: 'multi' } }))
    await engine.emit('customer_request_created', { entity: {} }, metadata)
    const two = [{ filename: 'a.pdf', data_base64: pdf }, { filename: 'b.png', mime_type: 'image/png', data_base64: png }]
    await engine.emit('customer_request_created', { entity: {}, event_attachments: two }, metadata)
    await engine.idle()
    const statuses = async (configId: string) => (await engine.searchEvents(configId)).data.map((e) => e.status)
    expect(await statuses(single.id!)).toEqual(['failed', 'skipped'])
    expect(await statuses(multi.id!)).toEqual(['succeeded', 'skipped'])
    const files = (await formOf(0)).getAll('file') as File[]
    expect(files.map((f) => [f.name, f.type])).toEqual([['a.pdf', 'application/octet-stream'], ['b.png', 'image/png']])
  })

  it('without binary_multipart the attachments stay in the JSON payload', async () => {
    await engine.createConfig(base())
    const attachments = [{ filename: 'a.pdf', data_base64: pdf }]
    await engine.emit('customer_request_created', { entity: {}, event_attachments: attachments }, metadata)
    await engine.idle()
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ event_attachments: attachments })
  })

  it('checks event_attachments on emit and trigger', async () => {
    const { id } = await engine.createConfig(base())
    const bad = [{ filename: '', data_base64: 'abc' }, 'x', { filename: 'a', data_base64: 'YWJj', mime_type: 1 }]
    expect(await issuePaths(engine.emit('customer_request_created', { entity: {}, event_attachments: bad } as never, metadata))).toEqual([
      'event.event_attachments[0].data_base64',
      'event.event_attachments[0].filename',
      'event.event_attachments[1]',
      'event.event_attachments[2].mime_type',
    ])
    expect(await issuePaths(engine.trigger(id!, { metadata, event_attachments: 'x' } as never))).toEqual(['event_attachments'])
  })
})
