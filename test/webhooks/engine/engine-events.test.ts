import { verify } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type EngineOptions } from '../../../src/webhooks/engine'
import type { EventCursor, WebhookEngine } from '../../../src/webhooks/engine/api'
import { BadRequestError, NotFoundError } from '../../../src/webhooks/engine/errors'
import { ok, startReceiver, type Receiver } from './helpers/receiver'

const metadata = { organization_id: 'org-1' }
const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()?.()
})

async function setup(options: EngineOptions = {}): Promise<{ receiver: Receiver; engine: WebhookEngine; configId: string }> {
  const receiver = await startReceiver(ok)
  const engine = createEngine({ sleep: async () => {}, ...options })
  cleanup.push(() => receiver.close(), () => engine.close())
  const { id } = await engine.createConfig({ name: 'n', eventName: 'product_updated', url: `${receiver.url}/hook`, httpMethod: 'POST' })
  return { receiver, engine, configId: id ?? '' }
}

async function emitN(engine: WebhookEngine, n: number): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < n; i++) ids.push(...(await engine.emit('product_updated', { entity: { i } }, metadata)).deliveries.map((d) => d.eventId))
  return ids
}

describe('searchEvents', () => {
  it('returns newest first, 25 by default and at most 25 (the published maximum)', async () => {
    const { engine, configId } = await setup()
    const ids = await emitN(engine, 130)
    await engine.idle()
    const first = await engine.searchEvents(configId)
    expect(first.data.map((e) => e.event_id)).toEqual(ids.slice(-25).reverse())
    expect(first.has_more).toBe(true)
    expect((await engine.searchEvents(configId, { limit: 10 })).data).toHaveLength(10)
    for (const limit of [0, 26, 100, 2.5]) {
      await expect(engine.searchEvents(configId, { limit })).rejects.toMatchObject({ code: 'invalid_request', issues: [{ path: 'limit', message: 'must be an integer from 1 to 25' }] })
    }
  })

  it('pages with next_cursor without duplicates or gaps while events keep arriving', async () => {
    // A frozen clock puts every event in the same millisecond: only the tie-breaker orders them.
    const { engine, configId } = await setup({ now: () => Date.parse('2025-06-01T00:00:00Z') })
    const before = await emitN(engine, 57)
    const seen: string[] = []
    let cursor: EventCursor | undefined
    let pages = 0
    do {
      const page = await engine.searchEvents(configId, { limit: 10, ...(cursor ? { cursor } : {}) })
      seen.push(...page.data.map((e) => e.event_id))
      cursor = page.next_cursor
      pages++
      await emitN(engine, 3) // concurrent inserts between pages
      expect(page.has_more).toBe(cursor !== undefined)
    } while (cursor)
    expect(pages).toBe(6)
    expect(seen).toEqual([...before].reverse())
    await engine.idle()
  })

  it('stays stable when events are emitted concurrently with paging', async () => {
    const { engine, configId } = await setup()
    const before = await emitN(engine, 40)
    const emitting = emitN(engine, 40)
    const seen: string[] = []
    let cursor: EventCursor | undefined
    const firstPage = await engine.searchEvents(configId, { limit: 7 })
    const snapshotTop = firstPage.data[0]?.event_id ?? ''
    seen.push(...firstPage.data.map((e) => e.event_id))
    cursor = firstPage.next_cursor
    while (cursor) {
      const page = await engine.searchEvents(configId, { limit: 7, cursor })
      seen.push(...page.data.map((e) => e.event_id))
      cursor = page.next_cursor
    }
    await emitting
    await engine.idle()
    expect(new Set(seen).size).toBe(seen.length)
    // Everything that existed at page-1 time, in order, with nothing newer mixed in below it.
    const all = [...before, ...(await emitting)]
    const expected = all.slice(0, all.indexOf(snapshotTop) + 1).reverse()
    expect(seen).toEqual(expected)
  })

  it('filters by status, time range and event id', async () => {
    let t = Date.parse('2025-01-01T00:00:00Z')
    const { engine, configId, receiver } = await setup({ now: () => t })
    const [a] = await emitN(engine, 1)
    await engine.idle()
    t += 60_000
    receiver.setHandler((_q, res) => res.writeHead(400).end())
    const [b] = await emitN(engine, 1)
    t += 60_000
    const [c] = await emitN(engine, 1)
    await engine.idle()
    expect((await engine.searchEvents(configId, { status: 'failed' })).data.map((e) => e.event_id)).toEqual([c, b])
    expect((await engine.searchEvents(configId, { status: 'succeeded' })).data.map((e) => e.event_id)).toEqual([a])
    const range = { from: '2025-01-01T00:00:30Z', to: '2025-01-01T00:01:30Z' }
    expect((await engine.searchEvents(configId, { timestamp: range })).data.map((e) => e.event_id)).toEqual([b])
    expect((await engine.searchEvents(configId, { event_id: a })).data.map((e) => e.event_id)).toEqual([a])
    expect((await engine.searchEvents(configId, { event_id: a, status: 'failed' })).data).toEqual([])
    const [record] = (await engine.searchEvents(configId, { event_id: a })).data
    expect(record).toMatchObject({
      org_id: 'org-1',
      webhook_config_id: configId,
      event_name: 'product_updated',
      created_at: '2025-01-01T00:00:00.000Z',
      http_method: 'POST',
      url: `${receiver.url}/hook`,
      metadata: { organization_id: 'org-1' },
      http_response: { status_code: 200, message: 'OK', body: { ok: true } },
    })
    expect(JSON.parse(record?.payload ?? '')).toMatchObject({ entity: { i: 0 } })
  })
})

describe('replay', () => {
  it('re-delivers the stored payload to the config as it is now, as a new signed event', async () => {
    const { engine, configId, receiver } = await setup()
    const [original] = await emitN(engine, 1)
    await engine.idle()
    const second = await startReceiver(ok)
    cleanup.push(() => second.close())
    const current = await engine.getConfig(configId)
    await engine.updateConfig(configId, { ...current, url: `${second.url}/v2`, payloadConfiguration: { custom_headers: { 'x-v': '2' } } })

    const { eventId } = await engine.replayEvent(configId, original ?? '')
    await engine.idle()
    expect(eventId).not.toBe(original)
    const req = second.requests[0]
    expect(req?.path).toBe('/v2')
    expect(req?.headers['x-v']).toBe('2')
    expect(req?.body).toBe(receiver.requests[0]?.body)
    expect(req?.headers['webhook-id']).toBe(eventId)
    const sig = String(req?.headers['webhook-signature']).replace(/^v1a,/, '')
    const content = `${req?.headers['webhook-id']}.${req?.headers['webhook-timestamp']}.${req?.body}`
    expect(verify(null, Buffer.from(content), engine.getPublicKey('org-1').public_key, Buffer.from(sig, 'base64'))).toBe(true)
    const replayed = await engine.getEvent(configId, eventId)
    expect(replayed).toMatchObject({ status: 'succeeded', url: `${second.url}/v2` })
    expect((await engine.getEvent(configId, original ?? '')).url).toBe(`${receiver.url}/hook`)
  })

  it('batch-replays several events as new events', async () => {
    const { engine, configId, receiver } = await setup()
    const originals = await emitN(engine, 3)
    await engine.idle()
    const { eventIds } = await engine.batchReplay(configId, originals)
    await engine.idle()
    expect(eventIds).toHaveLength(3)
    expect(new Set([...eventIds, ...originals]).size).toBe(6)
    // Deliveries run concurrently, so they may arrive in any order: compare the bodies as sets.
    const bodies = (from: number, to?: number) => receiver.requests.slice(from, to).map((r) => r.body).sort()
    expect(bodies(3)).toEqual(bodies(0, 3))
    for (const id of eventIds) expect((await engine.getEvent(configId, id)).status).toBe('succeeded')
  })

  it('replays nothing when one id of a batch is unknown', async () => {
    const { engine, configId, receiver } = await setup()
    const originals = await emitN(engine, 2)
    await engine.idle()
    await expect(engine.batchReplay(configId, [...originals, 'missing'])).rejects.toBeInstanceOf(NotFoundError)
    await engine.idle()
    expect(receiver.requests).toHaveLength(2)
  })

  it('refuses to replay an event that was never sent', async () => {
    const { engine, receiver } = await setup()
    const { id } = await engine.createConfig({
      name: 'f',
      eventName: 'product_updated',
      url: `${receiver.url}/hook`,
      httpMethod: 'POST',
      filter: { keyToFilter: 'i', supportedValues: ['never'] },
    })
    const { deliveries } = await engine.emit('product_updated', { entity: { i: 1 } }, metadata)
    const skipped = deliveries.find((d) => d.configId === id)
    expect(skipped?.status).toBe('skipped')
    await expect(engine.replayEvent(id ?? '', skipped?.eventId ?? '')).rejects.toBeInstanceOf(BadRequestError)
    await engine.idle()
  })
})

describe('getExample', () => {
  it('builds an example payload for the config event', async () => {
    const { engine, configId } = await setup()
    const example = (await engine.getExample(configId)) as { metadata: { webhook_id?: string }; entity: { _schema?: string } }
    expect(example.metadata.webhook_id).toBe(configId)
    expect(example.entity._schema).toBe('product')
  })
})
