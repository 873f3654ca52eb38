import { describe, expect, it } from 'vitest'
import { compileConfig } from '../../../src/webhooks/engine/config/compile'
import { buildExamplePayload } from '../../../src/webhooks/engine/payload/example'
import { shapePayload } from '../../../src/webhooks/engine/payload/shape'
import { compileTransform } from '../../../src/webhooks/engine/payload/transform'
import type { EngineEvent, Metadata, WebhookConfig } from '../../../src/webhooks/engine/model'

const metadata: Metadata = { organization_id: 'org-1' }
const event: EngineEvent = {
  entity: { _id: 'e1' },
  relations: [{ entity_id: 'r1' }],
  activity: { type: 'EntityUpdated' },
  changed_attributes: { added: {}, deleted: {}, updated: { status: 'done' } },
}

describe('shapePayload', () => {
  it('always carries metadata and entity', () => {
    expect(shapePayload(event, metadata, undefined)).toEqual({ metadata, entity: { _id: 'e1' } })
    expect(shapePayload(event, metadata, {})).toEqual({ metadata, entity: { _id: 'e1' } })
  })
  it('includes each optional key only when its flag is true', () => {
    expect(Object.keys(shapePayload(event, metadata, { include_relations: true }))).toEqual(['metadata', 'entity', 'relations'])
    expect(Object.keys(shapePayload(event, metadata, { include_activity: true }))).toEqual(['metadata', 'entity', 'activity'])
    expect(Object.keys(shapePayload(event, metadata, { include_changed_attributes: true }))).toEqual(['metadata', 'entity', 'changed_attributes'])
    expect(Object.keys(shapePayload(event, metadata, { include_relations: false, include_activity: false }))).toEqual(['metadata', 'entity'])
  })
  it('passes relations and changed attributes through unchanged', () => {
    const all = shapePayload(event, metadata, { include_relations: true, include_activity: true, include_changed_attributes: true })
    expect(all).toEqual({ metadata, ...event })
  })
})

describe('compileTransform', () => {
  it('reshapes the payload', async () => {
    const transform = compileTransform('{ "entityId": entity._id, "changed": $keys(changed_attributes.updated) }')
    expect(await transform(shapePayload(event, metadata, { include_changed_attributes: true }))).toEqual({ entityId: 'e1', changed: 'status' })
  })
  it('can return arrays and scalars', async () => {
    expect(await compileTransform('[entity._id, metadata.organization_id]')({ metadata, entity: { _id: 'e1' } })).toEqual(['e1', 'org-1'])
    expect(await compileTransform('entity._id')({ metadata, entity: { _id: 'e1' } })).toBe('e1')
  })
  it('fails with transform_failed and the JSONata message on a runtime error', async () => {
    await expect(compileTransform('$error("custom failure")')({})).rejects.toMatchObject({
      code: 'transform_failed',
      message: expect.stringContaining('custom failure'),
    })
  })
  it('rejects a syntax error when compiling', () => {
    expect(() => compileTransform('{ "a": ')).toThrow()
  })
})

describe('buildExamplePayload', () => {
  const config: WebhookConfig = { id: 'cfg-1', name: 'CRM sync', eventName: 'customer_request_created' }
  const now = new Date('2024-05-01T12:00:00.000Z')

  it('gives a customer request with its relations for customer_request_created', () => {
    const example = buildExamplePayload(config, 'customer_request_created', { now, organizationId: 'org-9' })
    expect(example.metadata).toMatchObject({ organization_id: 'org-9', webhook_id: 'cfg-1', webhook_name: 'CRM sync', creation_timestamp: now.toISOString() })
    expect(example.entity).toMatchObject({ _schema: 'submission', customer_request: { productId: '2324245' } })
    expect(example.relations.length).toBeGreaterThan(0)
  })
  it('matches the legacy filter sample of the guide', () => {
    const example = buildExamplePayload(config, 'customer_request_created', { now })
    const compiled = compileConfig({ ...config, filter: { keyToFilter: 'customer_request.request_items.product_category', supportedValues: ['solar', 'electricity'] } })
    expect(compiled.matches(example, example.metadata)).toBe(true)
  })
  it('gives a product for product_updated', () => {
    expect(buildExamplePayload(config, 'product_updated', { now }).entity).toMatchObject({ _schema: 'product' })
  })
  it('falls back to a generic entity named after the event', () => {
    const example = buildExamplePayload(config, 'invoice_created', { now })
    expect(example.entity).toMatchObject({ _schema: 'invoice', _created_at: now.toISOString() })
    expect(example.relations).toEqual([])
  })
  it('is deterministic for a given clock', () => {
    expect(buildExamplePayload(config, 'x', { now })).toEqual(buildExamplePayload(config, 'x', { now }))
  })
  it('is JSON-serializable', () => {
    const example = buildExamplePayload(config, 'automation_trigger_webhook', { now })
    expect(JSON.parse(JSON.stringify(example))).toEqual(example)
  })
})
