import { describe, expect, it } from 'vitest'
import { compileConfig } from '../../../src/webhooks/engine/config/compile'
import { compileFilterConditions } from '../../../src/webhooks/engine/filter/group'
import { jsonataTruthy } from '../../../src/webhooks/engine/filter/jsonata-condition'
import { planDelivery } from '../../../src/webhooks/engine/payload/plan'
import type { EngineEvent, Metadata, WebhookCondition, WebhookConditionGroup } from '../../../src/webhooks/engine/model'
import type { DeliveryTarget } from '../../../src/webhooks/engine/delivery/target'

const metadata: Metadata = { organization_id: 'org-1' }

async function matches(group: WebhookConditionGroup, entity: Record<string, unknown>, event: Partial<EngineEvent> = {}): Promise<boolean> {
  return compileFilterConditions(group)({ entity, ...event }, metadata)
}
const one = (condition: WebhookCondition) => ({ conditions: [condition] })

describe('length_* operations count the items of the field', () => {
  const items = { items: ['a', 'b', 'c'] }
  it.each([
    ['length_equals', '3', true],
    ['length_equals', '2', false],
    ['length_not_equals', '2', true],
    ['length_greater_than', '2', true],
    ['length_greater_than', '3', false],
    ['length_less_than', '4', true],
    ['length_greater_than_or_equals', '3', true],
    ['length_less_than_or_equals', '2', false],
  ] as const)('%s %s on a 3-item array is %s', async (operation, value, expected) => {
    expect(await matches(one({ field: 'entity.items', operation, values: [value] }), items)).toBe(expected)
  })

  it('a missing or null field counts 0, any single value counts 1', async () => {
    expect(await matches(one({ field: 'items', operation: 'length_equals', values: ['0'] }), {})).toBe(true)
    expect(await matches(one({ field: 'items', operation: 'length_equals', values: ['0'] }), { items: null })).toBe(true)
    expect(await matches(one({ field: 'items', operation: 'length_equals', values: ['1'] }), { items: 'x' })).toBe(true)
    expect(await matches(one({ field: 'items', operation: 'length_equals', values: ['1'] }), { items: { a: 1, b: 2 } })).toBe(true)
  })

  it('counts the gathered values with is_array_field, and per item with repeatable_item_op', async () => {
    const entity = { orders: [{ skus: ['a', 'b'] }, { skus: ['c'] }] }
    expect(await matches(one({ field: 'orders.skus', operation: 'length_equals', values: ['3'], is_array_field: true }), entity)).toBe(true)
    expect(await matches(one({ field: 'orders.skus', operation: 'length_equals', values: ['2'], repeatable_item_op: true }), entity)).toBe(true)
    expect(await matches(one({ field: 'orders.skus', operation: 'length_greater_than', values: ['2'], repeatable_item_op: true }), entity)).toBe(false)
  })

  it('reads array indices in either spelling', async () => {
    const entity = { meter_readings: [{ file_id: 'f0' }, { file_id: 'f1' }] }
    expect(await matches(one({ field: 'meter_readings[1].file_id', operation: 'equals', values: ['f1'] }), entity)).toBe(true)
    expect(await matches(one({ field: 'meter_readings.1.file_id', operation: 'equals', values: ['f1'] }), entity)).toBe(true)
  })
})

describe('jsonata_expression conditions', () => {
  it('hold when the expression is truthy against { metadata, entity, relations, … }', async () => {
    expect(await matches(one({ jsonata_expression: '$count(entity.items) > 1' }), { items: [1, 2] })).toBe(true)
    expect(await matches(one({ jsonata_expression: '$count(entity.items) > 1' }), { items: [1] })).toBe(false)
    expect(await matches(one({ jsonata_expression: 'metadata.organization_id = "org-1"' }), {})).toBe(true)
    expect(await matches(one({ jsonata_expression: 'relations[type="contact"]' }), {}, { relations: [{ type: 'contact' }] })).toBe(true)
  })

  it('read no result as false and follow $boolean for the rest', async () => {
    expect(await matches(one({ jsonata_expression: 'entity.nothing' }), {})).toBe(false)
    expect(await matches(one({ jsonata_expression: 'entity.name' }), { name: '' })).toBe(false)
    expect(await matches(one({ jsonata_expression: 'entity.name' }), { name: 'x' })).toBe(true)
    expect([0, '', null, [], {}, [0, ''], Number.NaN].map(jsonataTruthy)).toEqual([false, false, false, false, false, false, false])
    expect([1, 'a', true, [0, 1], { a: 0 }, [[1]]].map(jsonataTruthy)).toEqual([true, true, true, true, true, true])
  })

  it('combine with comparisons under AND and OR', async () => {
    const big: WebhookCondition = { jsonata_expression: 'entity.amount > 100' }
    const open: WebhookCondition = { field: 'status', operation: 'equals', values: ['open'] }
    expect(await matches({ conditions: [open, big] }, { status: 'open', amount: 150 })).toBe(true)
    expect(await matches({ conditions: [open, big] }, { status: 'open', amount: 50 })).toBe(false)
    expect(await matches({ conditions: [open, big] }, { status: 'won', amount: 150 })).toBe(false)
    expect(await matches({ logical_operator: 'OR', conditions: [open, big] }, { status: 'won', amount: 150 })).toBe(true)
    expect(await matches({ logical_operator: 'OR', conditions: [big, open] }, { status: 'won', amount: 50 })).toBe(false)
  })

  it('are not evaluated when the comparisons already decide the group', async () => {
    const failing: WebhookCondition = { jsonata_expression: '$error("should not run")' }
    const match = compileFilterConditions({ conditions: [{ field: 'status', operation: 'equals', values: ['open'] }, failing] })
    expect(match({ entity: { status: 'won' } }, metadata)).toBe(false) // synchronous: no promise at all
  })

  it('fail the event with filter_failed on a runtime error or an exceeded limit', async () => {
    for (const expression of ['$error("boom")', '($f := function($n) { $f($n + 1) }; $f(0))', '$count([1..100000]) > 0']) {
      const compiled = compileConfig({ name: 'n', eventName: 'e', filterConditions: one({ jsonata_expression: expression }) })
      const target = { compiled, stored: { config: { id: 'c1', name: 'n', eventName: 'e' }, revision: 1 } } as unknown as DeliveryTarget
      const plan = await planDelivery('e', target, { entity: {} }, metadata)
      expect(plan.kind).toBe('failed')
      expect(plan.kind === 'failed' && plan.response?.code).toBe('filter_failed')
      expect(plan.kind === 'failed' && plan.response?.message).toContain('filterConditions.conditions[0].jsonata_expression failed')
    }
  })
})
