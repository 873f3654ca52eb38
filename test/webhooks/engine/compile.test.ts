import { beforeEach, describe, expect, it, vi } from 'vitest'

// Count calls to jsonata() (the parse step) while keeping the real implementation.
const jsonataCalls = vi.hoisted(() => ({ count: 0 }))
vi.mock('jsonata', async (importOriginal) => {
  const real = (await importOriginal<{ default: (...args: unknown[]) => unknown }>()).default
  return {
    default: (...args: unknown[]) => {
      jsonataCalls.count++
      return real(...args)
    },
  }
})

import { compileConfig } from '../../../src/webhooks/engine/config/compile'
import { EngineError, TransformError } from '../../../src/webhooks/engine/errors'
import type { EngineEvent, Metadata, WebhookConfig } from '../../../src/webhooks/engine/model'

const metadata: Metadata = { organization_id: 'org-1', webhook_name: 'crm' }
const base: WebhookConfig = { name: 'crm', eventName: 'customer_request_created', url: 'https://hooks.example.com', httpMethod: 'POST' }
const event: EngineEvent = {
  entity: { _id: 'e1', status: 'open', customer_request: { productId: '7' } },
  relations: [{ entity_id: 'c1' }],
  activity: { type: 'EntityUpdated' },
  changed_attributes: { updated: { status: 'open' } },
}

beforeEach(() => {
  jsonataCalls.count = 0
})

describe('compileConfig().matches', () => {
  it('matches every event when the config has no filter and no conditions', () => {
    expect(compileConfig(base).matches(event, metadata)).toBe(true)
  })
  it('requires the legacy filter AND the conditions to match', () => {
    const filter = { keyToFilter: 'customer_request.productId', supportedValues: ['7'] }
    const open = { conditions: [{ field: 'entity.status', operation: 'equals' as const, values: ['open'] }] }
    const closed = { conditions: [{ field: 'entity.status', operation: 'equals' as const, values: ['closed'] }] }
    expect(compileConfig({ ...base, filter, filterConditions: open }).matches(event, metadata)).toBe(true)
    expect(compileConfig({ ...base, filter, filterConditions: closed }).matches(event, metadata)).toBe(false)
    expect(compileConfig({ ...base, filter: { ...filter, supportedValues: ['8'] }, filterConditions: open }).matches(event, metadata)).toBe(false)
  })
})

describe('compileConfig().buildPayload', () => {
  it('sends only metadata and entity when payloadConfiguration is absent', async () => {
    expect(await compileConfig(base).buildPayload(event, metadata)).toEqual({ metadata, entity: event.entity })
  })
  it('adds relations only with include_relations', async () => {
    const payload = await compileConfig({ ...base, payloadConfiguration: { include_relations: true } }).buildPayload(event, metadata)
    expect(payload).toEqual({ metadata, entity: event.entity, relations: event.relations })
  })
  it('adds activity only with include_activity', async () => {
    const payload = await compileConfig({ ...base, payloadConfiguration: { include_activity: true } }).buildPayload(event, metadata)
    expect(payload).toEqual({ metadata, entity: event.entity, activity: event.activity })
  })
  it('adds changed_attributes only with include_changed_attributes', async () => {
    const payload = await compileConfig({ ...base, payloadConfiguration: { include_changed_attributes: true } }).buildPayload(event, metadata)
    expect(payload).toEqual({ metadata, entity: event.entity, changed_attributes: event.changed_attributes })
  })
  it('leaves out a flagged key the event does not carry', async () => {
    const all = { include_relations: true, include_activity: true, include_changed_attributes: true }
    const payload = await compileConfig({ ...base, payloadConfiguration: all }).buildPayload({ entity: { _id: 'e2' } }, metadata)
    expect(payload).toEqual({ metadata, entity: { _id: 'e2' } })
  })
  it('sends the entity as given whether or not hydrate_entity is set', async () => {
    const payload = await compileConfig({ ...base, payloadConfiguration: { hydrate_entity: true } }).buildPayload(event, metadata)
    expect(payload).toEqual({ metadata, entity: event.entity })
  })
  it('applies jsonataExpression to the shaped payload', async () => {
    const config = { ...base, payloadConfiguration: { include_relations: true }, jsonataExpression: '{ "id": entity._id, "org": metadata.organization_id, "related": relations.entity_id }' }
    expect(await compileConfig(config).buildPayload(event, metadata)).toEqual({ id: 'e1', org: 'org-1', related: 'c1' })
  })
  it('parses the JSONata expression once, not per event', async () => {
    const compiled = compileConfig({ ...base, jsonataExpression: 'entity._id' })
    expect(jsonataCalls.count).toBe(1)
    for (let i = 0; i < 5; i++) expect(await compiled.buildPayload(event, metadata)).toBe('e1')
    expect(compiled.matches(event, metadata)).toBe(true)
    expect(jsonataCalls.count).toBe(1)
  })
  it('does not load JSONata for configs without an expression', () => {
    compileConfig(base)
    compileConfig({ ...base, jsonataExpression: '   ' })
    expect(jsonataCalls.count).toBe(0)
  })
  it('throws transform_failed when the expression fails at run time', async () => {
    const compiled = compileConfig({ ...base, jsonataExpression: '$number("not a number") + $error("boom")' })
    const error = await compiled.buildPayload(event, metadata).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransformError)
    expect(error).toBeInstanceOf(EngineError)
    expect((error as EngineError).code).toBe('transform_failed')
  })
  it('throws transform_failed when the expression yields no value', async () => {
    const compiled = compileConfig({ ...base, jsonataExpression: 'entity.no_such_field' })
    await expect(compiled.buildPayload(event, metadata)).rejects.toMatchObject({ code: 'transform_failed' })
  })
  it('stops runaway recursion with transform_failed', async () => {
    const compiled = compileConfig({ ...base, jsonataExpression: '($f := function($n) { $f($n + 1) }; $f(0))' })
    await expect(compiled.buildPayload(event, metadata)).rejects.toMatchObject({ code: 'transform_failed' })
  })
})

describe('compileConfig().customHeaders', () => {
  it('exposes payloadConfiguration.custom_headers, frozen', () => {
    const compiled = compileConfig({ ...base, payloadConfiguration: { custom_headers: { 'x-tenant': 't1' } } })
    expect(compiled.customHeaders).toEqual({ 'x-tenant': 't1' })
    expect(Object.isFrozen(compiled.customHeaders)).toBe(true)
  })
  it('is empty without custom headers', () => {
    expect(compileConfig(base).customHeaders).toEqual({})
  })
})
