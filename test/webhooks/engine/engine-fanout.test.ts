import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src/webhooks/engine'
import type { WebhookEngine } from '../../../src/webhooks/engine/api'
import { startReceiver, type Receiver } from './helpers/receiver'

let engine: WebhookEngine
let receiver: Receiver
const metadata = { organization_id: 'org-1', user_id: 'u-1' }

beforeEach(async () => {
  receiver = await startReceiver()
  engine = createEngine({ sleep: async () => {} })
})
afterEach(async () => {
  await engine.close()
  await receiver.close()
})

const config = (name: string, filterConditions: object) => ({ name, eventName: 'order_created', url: `${receiver.url}/hook`, httpMethod: 'POST', filterConditions })

describe('filter value bounds', () => {
  it('refuses a config over a bound with every problem listed, and stores nothing', async () => {
    const values = Array.from({ length: 11 }, (_, i) => `v${i}`)
    const error = await engine.createConfig(config('big', { conditions: [{ field: 'entity.text', operation: 'contains', values }, { field: 'entity.id', operation: 'equals', values: ['x'.repeat(300)] }] })).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'invalid_config' })
    expect((error as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toEqual(['filterConditions.conditions[0].values', 'filterConditions.conditions[1].values[0]'])
    expect(await engine.listConfigs()).toEqual([])
  })
})

describe('emit to many configs of one event', () => {
  it('delivers to the matching configs and records the others as skipped, searchable by status', async () => {
    const hit = await engine.createConfig(config('hit', { conditions: [{ field: 'entity.total', operation: 'greater_than', values: ['10'], field_type: 'number' }] }))
    const miss = await engine.createConfig(config('miss', { conditions: [{ field: 'entity.total', operation: 'greater_than', values: ['100'], field_type: 'number' }] }))
    const result = await engine.emit('order_created', { entity: { total: 50 } }, metadata)
    await engine.idle()
    expect(receiver.requests).toHaveLength(1)
    expect(result.deliveries.map((d) => [d.configId, d.status])).toEqual([
      [hit.id, 'in_progress'],
      [miss.id, 'skipped'],
    ])
    const page = await engine.searchEvents(miss.id ?? '', { status: 'skipped' })
    expect(page.data).toHaveLength(1)
    expect(page.data[0]).toMatchObject({ status: 'skipped', event_name: 'order_created', webhook_config_id: miss.id, metadata: { organization_id: 'org-1', user_id: 'u-1', webhook_id: miss.id } })
    expect(page.data[0]?.payload).toBeUndefined()
    expect((await engine.searchEvents(hit.id ?? '', { status: 'skipped' })).data).toHaveLength(0)
  })

  it('lets filters read metadata.webhook_id and webhook_name of each config', async () => {
    const a = await engine.createConfig(config('a', { conditions: [{ field: 'metadata.webhook_name', operation: 'equals', values: ['a'] }] }))
    const b = await engine.createConfig(config('b', { conditions: [{ field: 'metadata.webhook_name', operation: 'equals', values: ['a'] }] }))
    const { deliveries } = await engine.emit('order_created', { entity: {} }, metadata)
    expect(deliveries.find((d) => d.configId === a.id)?.status).toBe('in_progress')
    expect(deliveries.find((d) => d.configId === b.id)?.status).toBe('skipped')
    await engine.idle()
    const body = JSON.parse(receiver.requests[0]?.body ?? '{}') as { metadata?: Record<string, unknown> }
    expect(body.metadata).toMatchObject({ webhook_id: a.id, webhook_name: 'a' })
  })

  it('evaluates length_* and jsonata_expression conditions of saved configs', async () => {
    const many = await engine.createConfig(config('many', { conditions: [{ field: 'entity.items', operation: 'length_greater_than_or_equals', values: ['2'] }] }))
    const expensive = await engine.createConfig(config('expensive', { conditions: [{ jsonata_expression: '$sum(entity.items.price) > 100' }] }))
    const broken = await engine.createConfig(config('broken', { conditions: [{ jsonata_expression: '$error("nope")' }] }))
    const { deliveries } = await engine.emit('order_created', { entity: { items: [{ price: 30 }, { price: 40 }] } }, metadata)
    await engine.idle()
    const status = (id: string | undefined) => deliveries.find((d) => d.configId === id)?.status
    expect([status(many.id), status(expensive.id), status(broken.id)]).toEqual(['in_progress', 'skipped', 'failed'])
    const failed = await engine.searchEvents(broken.id ?? '', { status: 'failed' })
    expect(failed.data[0]?.http_response).toMatchObject({ code: 'filter_failed' })
  })
})
