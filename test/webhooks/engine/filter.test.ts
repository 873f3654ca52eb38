import { describe, expect, it } from 'vitest'
import { compileConditionsToCode } from '../../../src/webhooks/engine/filter/codegen'
import { compileCondition, compileConditionGroup } from '../../../src/webhooks/engine/filter/conditions'
import type { ComparisonCondition, ConditionFieldType, ConditionOperation, EngineEvent, Metadata, WebhookCondition } from '../../../src/webhooks/engine/model'

const metadata: Metadata = { organization_id: 'org-1', action: 'Entity updated' }

/** The interpreter's verdict; every case also checks that the generated code agrees with it. */
function check(entity: Record<string, unknown>, condition: WebhookCondition, event: Partial<EngineEvent> = {}): boolean {
  const interpreted = compileCondition(condition)({ entity, ...event }, metadata)
  expect(compileConditionsToCode([condition as ComparisonCondition], false)({ entity, ...event }, metadata)).toBe(interpreted)
  return interpreted
}

type Case = [op: ConditionOperation, values: string[] | undefined, expected: boolean]

/** One named test per (field type, operation, values) against a fixed field value. */
function table(type: ConditionFieldType, fieldValue: unknown, cases: Case[]): void {
  describe(`field_type ${type} with value ${JSON.stringify(fieldValue)}`, () => {
    for (const [operation, values, expected] of cases) {
      it(`${operation} ${JSON.stringify(values ?? [])} is ${expected}`, () => {
        expect(check({ f: fieldValue }, { field: 'f', operation, values, field_type: type })).toBe(expected)
      })
    }
  })
}

describe('operations × field types', () => {
  table('string', 'Solar Panel', [
    ['equals', ['Solar Panel'], true],
    ['equals', ['solar panel'], false], // case-sensitive
    ['not_equals', ['Solar Panel'], false],
    ['not_equals', ['Wind'], true],
    ['any_of', ['Wind', 'Solar Panel'], true],
    ['any_of', ['Wind', 'Gas'], false],
    ['none_of', ['Wind', 'Solar Panel'], false],
    ['none_of', ['Wind', 'Gas'], true],
    ['contains', ['Pan'], true],
    ['contains', ['pan'], false],
    ['not_contains', ['Pan'], false],
    ['not_contains', ['Wind'], true],
    ['starts_with', ['Solar'], true],
    ['starts_with', ['Panel'], false],
    ['ends_with', ['Panel'], true],
    ['ends_with', ['Solar'], false],
    ['greater_than', ['Apple'], true], // code-unit order
    ['less_than', ['Apple'], false],
    ['greater_than_or_equals', ['Solar Panel'], true],
    ['less_than_or_equals', ['Solar Panel'], true],
    ['less_than_or_equals', ['Solar'], false],
    ['is_empty', undefined, false],
    ['is_not_empty', undefined, true],
  ])

  table('string', 10115, [
    ['equals', ['10115'], true], // numbers compare as their text for string fields
    ['starts_with', ['101'], true],
  ])

  table('number', 42, [
    ['equals', ['42'], true],
    ['equals', ['42.0'], true],
    ['equals', ['43'], false],
    ['not_equals', ['42'], false],
    ['not_equals', ['41'], true],
    ['any_of', ['1', '42'], true],
    ['any_of', ['1', '2'], false],
    ['none_of', ['1', '42'], false],
    ['none_of', ['1', '2'], true],
    ['contains', ['4'], true], // text operations use the number's text
    ['not_contains', ['7'], true],
    ['starts_with', ['4'], true],
    ['ends_with', ['2'], true],
    ['greater_than', ['41.5'], true],
    ['greater_than', ['42'], false],
    ['less_than', ['100'], true],
    ['less_than', ['9'], false], // numeric, not text, order
    ['greater_than_or_equals', ['42'], true],
    ['less_than_or_equals', ['41'], false],
    ['is_empty', undefined, false],
    ['is_not_empty', undefined, true],
  ])

  table('number', ' 1e1 ', [
    ['equals', ['10'], true], // numeric text is read as a number
    ['greater_than', ['9'], true],
  ])

  table('number', 0, [
    ['is_empty', undefined, false], // 0 is a value
    ['equals', ['0'], true],
  ])

  table('boolean', true, [
    ['equals', ['true'], true],
    ['equals', ['false'], false],
    ['not_equals', ['false'], true],
    ['not_equals', ['true'], false],
    ['any_of', ['false', 'true'], true],
    ['none_of', ['true'], false],
    ['none_of', ['false'], true],
    ['contains', ['ru'], true],
    ['not_contains', ['x'], true],
    ['starts_with', ['t'], true],
    ['ends_with', ['e'], true],
    ['greater_than', ['false'], true], // false < true
    ['less_than', ['false'], false],
    ['greater_than_or_equals', ['true'], true],
    ['less_than_or_equals', ['false'], false],
    ['is_empty', undefined, false],
    ['is_not_empty', undefined, true],
  ])

  table('boolean', 'false', [
    ['equals', ['false'], true], // the text 'true'/'false' is read as a boolean
    ['is_empty', undefined, false],
  ])

  table('date', '2024-03-15T23:30:00Z', [
    ['equals', ['2024-03-15'], true], // same calendar day (UTC)
    ['equals', ['2024-03-16'], false],
    ['not_equals', ['2024-03-16'], true],
    ['not_equals', ['2024-03-15'], false],
    ['any_of', ['2024-01-01', '2024-03-15T08:00:00Z'], true],
    ['none_of', ['2024-03-15'], false],
    ['none_of', ['2024-01-01'], true],
    ['contains', ['03-15'], true],
    ['not_contains', ['04-'], true],
    ['starts_with', ['2024-03'], true],
    ['ends_with', ['Z'], true],
    ['greater_than', ['2024-03-14'], true],
    ['greater_than', ['2024-03-15'], false], // same day is not greater
    ['less_than', ['2024-03-16'], true],
    ['greater_than_or_equals', ['2024-03-15'], true],
    ['less_than_or_equals', ['2024-03-14'], false],
    ['is_empty', undefined, false],
    ['is_not_empty', undefined, true],
  ])

  table('datetime', '2024-03-15T10:30:00Z', [
    ['equals', ['2024-03-15T11:30:00+01:00'], true], // same instant, other offset
    ['equals', ['2024-03-15'], false], // midnight is another instant
    ['not_equals', ['2024-03-15T10:30:01Z'], true],
    ['not_equals', ['2024-03-15T10:30:00.000Z'], false],
    ['any_of', ['2024-01-01T00:00:00Z', '2024-03-15T10:30:00Z'], true],
    ['none_of', ['2024-03-15T10:30:00Z'], false],
    ['none_of', ['2024-01-01T00:00:00Z'], true],
    ['contains', ['T10:30'], true],
    ['not_contains', ['T11'], true],
    ['starts_with', ['2024-03-15'], true],
    ['ends_with', ['00Z'], true],
    ['greater_than', ['2024-03-15T10:29:59Z'], true],
    ['less_than', ['2024-03-15T10:30:00Z'], false],
    ['greater_than_or_equals', ['2024-03-15T10:30:00Z'], true],
    ['less_than_or_equals', ['2024-03-15T10:29:59Z'], false],
    ['is_empty', undefined, false],
    ['is_not_empty', undefined, true],
  ])

  table('datetime', 1710498600000, [
    ['equals', ['2024-03-15T10:30:00Z'], true], // epoch milliseconds are instants
  ])
})

describe('missing fields', () => {
  const cases: Case[] = [
    ['equals', ['x'], false],
    ['not_equals', ['x'], true],
    ['any_of', ['x'], false],
    ['none_of', ['x'], true],
    ['contains', ['x'], false],
    ['not_contains', ['x'], true],
    ['starts_with', ['x'], false],
    ['ends_with', ['x'], false],
    ['greater_than', ['1'], false],
    ['less_than', ['1'], false],
    ['greater_than_or_equals', ['1'], false],
    ['less_than_or_equals', ['1'], false],
    ['is_empty', undefined, true],
    ['is_not_empty', undefined, false],
  ]
  for (const [operation, values, expected] of cases) {
    it(`a missing field: ${operation} is ${expected}`, () => {
      expect(check({}, { field: 'a.b.c', operation, values, field_type: operation.includes('than') ? 'number' : 'string' })).toBe(expected)
    })
    it(`a null field: ${operation} is ${expected}`, () => {
      expect(check({ a: null }, { field: 'a', operation, values, field_type: operation.includes('than') ? 'number' : 'string' })).toBe(expected)
    })
  }
  it('a path through a non-object is missing', () => {
    expect(check({ a: 'text' }, { field: 'a.b', operation: 'is_empty' })).toBe(true)
  })
  it("empty string, [] and {} are empty; whitespace is not", () => {
    expect(check({ f: '' }, { field: 'f', operation: 'is_empty' })).toBe(true)
    expect(check({ f: [] }, { field: 'f', operation: 'is_empty' })).toBe(true)
    expect(check({ f: {} }, { field: 'f', operation: 'is_empty' })).toBe(true)
    expect(check({ f: ' ' }, { field: 'f', operation: 'is_empty' })).toBe(false)
    expect(check({ f: { a: 1 } }, { field: 'f', operation: 'is_not_empty' })).toBe(true)
  })
})

describe('type mismatches: the positive operation is false, its negation true', () => {
  const mismatches: Array<[ConditionFieldType, unknown, string]> = [
    ['number', 'abc', '5'],
    ['number', true, '1'],
    ['boolean', 'yes', 'true'],
    ['boolean', 1, 'true'],
    ['date', 'not a date', '2024-01-01'],
    ['datetime', 'soon', '2024-01-01T00:00:00Z'],
    ['string', { nested: true }, 'x'],
  ]
  for (const [type, value, target] of mismatches) {
    it(`${type} field holding ${JSON.stringify(value)}: equals false, not_equals true, comparisons false`, () => {
      const at = (operation: ConditionOperation) => check({ f: value }, { field: 'f', operation, values: [target], field_type: type })
      expect(at('equals')).toBe(false)
      expect(at('any_of')).toBe(false)
      expect(at('not_equals')).toBe(true)
      expect(at('none_of')).toBe(true)
      expect(at('greater_than')).toBe(false)
      expect(at('less_than')).toBe(false)
      expect(at('greater_than_or_equals')).toBe(false)
      expect(at('less_than_or_equals')).toBe(false)
      expect(at('is_empty')).toBe(false)
    })
  }
  it('a condition value that cannot be read as the field type never matches', () => {
    expect(check({ f: 5 }, { field: 'f', operation: 'equals', values: ['five'], field_type: 'number' })).toBe(false)
    expect(check({ f: 5 }, { field: 'f', operation: 'greater_than', values: ['five'], field_type: 'number' })).toBe(false)
  })
})

describe('array fields', () => {
  const entity = { tags: ['vip', 'new'], scores: [1, 5], empty: [] }
  it('equals matches when any element equals', () => {
    expect(check(entity, { field: 'tags', operation: 'equals', values: ['vip'], is_array_field: true })).toBe(true)
  })
  it('not_equals holds only when no element equals', () => {
    expect(check(entity, { field: 'tags', operation: 'not_equals', values: ['vip'], is_array_field: true })).toBe(false)
    expect(check(entity, { field: 'tags', operation: 'not_equals', values: ['old'], is_array_field: true })).toBe(true)
  })
  it('contains is element membership, not substring', () => {
    expect(check(entity, { field: 'tags', operation: 'contains', values: ['vip'], is_array_field: true })).toBe(true)
    expect(check(entity, { field: 'tags', operation: 'contains', values: ['vi'], is_array_field: true })).toBe(false)
  })
  it('not_contains holds when no element is one of the values', () => {
    expect(check(entity, { field: 'tags', operation: 'not_contains', values: ['old'], is_array_field: true })).toBe(true)
    expect(check(entity, { field: 'tags', operation: 'not_contains', values: ['new'], is_array_field: true })).toBe(false)
  })
  it('any_of and none_of test each element against the set', () => {
    expect(check(entity, { field: 'tags', operation: 'any_of', values: ['x', 'new'], is_array_field: true })).toBe(true)
    expect(check(entity, { field: 'tags', operation: 'none_of', values: ['x', 'new'], is_array_field: true })).toBe(false)
    expect(check(entity, { field: 'tags', operation: 'none_of', values: ['x', 'y'], is_array_field: true })).toBe(true)
  })
  it('comparisons match when any element satisfies them', () => {
    expect(check(entity, { field: 'scores', operation: 'greater_than', values: ['4'], field_type: 'number', is_array_field: true })).toBe(true)
    expect(check(entity, { field: 'scores', operation: 'greater_than', values: ['5'], field_type: 'number', is_array_field: true })).toBe(false)
  })
  it('contains on a number array compares typed elements', () => {
    expect(check(entity, { field: 'scores', operation: 'contains', values: ['5'], field_type: 'number', is_array_field: true })).toBe(true)
  })
  it('an empty array is empty', () => {
    expect(check(entity, { field: 'empty', operation: 'is_empty', is_array_field: true })).toBe(true)
    expect(check(entity, { field: 'tags', operation: 'is_not_empty', is_array_field: true })).toBe(true)
  })
  it('arrays are detected from the data even without is_array_field', () => {
    expect(check(entity, { field: 'tags', operation: 'contains', values: ['new'] })).toBe(true)
    expect(check(entity, { field: 'tags', operation: 'equals', values: ['vip'] })).toBe(true)
  })
  it('with is_array_field a scalar counts as a one-element array (contains means equality)', () => {
    expect(check({ tags: 'vip' }, { field: 'tags', operation: 'contains', values: ['vip'], is_array_field: true })).toBe(true)
    expect(check({ tags: 'vip' }, { field: 'tags', operation: 'contains', values: ['vi'], is_array_field: true })).toBe(false)
    expect(check({ tags: 'vip' }, { field: 'tags', operation: 'contains', values: ['vi'] })).toBe(true)
  })
  it('a missing array field: equals false, not_contains true', () => {
    expect(check({}, { field: 'tags', operation: 'equals', values: ['vip'], is_array_field: true })).toBe(false)
    expect(check({}, { field: 'tags', operation: 'not_contains', values: ['vip'], is_array_field: true })).toBe(true)
  })
  it('a numeric path segment indexes an array', () => {
    expect(check(entity, { field: 'tags.1', operation: 'equals', values: ['new'] })).toBe(true)
  })
})

describe('repeatable items', () => {
  const entity = {
    line_items: [
      { product_id: 'p1', quantity: 1, tags: ['a'] },
      { product_id: 'p2', quantity: 5, tags: ['b', 'c'] },
    ],
    orders: [{ items: [{ sku: 'A-1' }] }, { items: [{ sku: 'B-2' }, { sku: 'C-3' }] }],
  }
  const repeat = (c: Omit<WebhookCondition, 'repeatable_item_op'>, e: Record<string, unknown> = entity) => check(e, { ...c, repeatable_item_op: true })

  it('matches when any item satisfies the condition', () => {
    expect(repeat({ field: 'entity.line_items.product_id', operation: 'equals', values: ['p2'] })).toBe(true)
  })
  it('does not match when no item satisfies it', () => {
    expect(repeat({ field: 'entity.line_items.product_id', operation: 'equals', values: ['p3'] })).toBe(false)
  })
  it('a negative operation holds when any single item satisfies it', () => {
    expect(repeat({ field: 'entity.line_items.product_id', operation: 'not_equals', values: ['p1'] })).toBe(true)
    expect(repeat({ field: 'entity.line_items.product_id', operation: 'not_equals', values: ['p1'] }, { line_items: [{ product_id: 'p1' }] })).toBe(false)
  })
  it('typed comparisons run per item', () => {
    expect(repeat({ field: 'line_items.quantity', operation: 'greater_than', values: ['4'], field_type: 'number' })).toBe(true)
    expect(repeat({ field: 'line_items.quantity', operation: 'greater_than', values: ['5'], field_type: 'number' })).toBe(false)
  })
  it('walks nested repeatable items', () => {
    expect(repeat({ field: 'orders.items.sku', operation: 'equals', values: ['C-3'] })).toBe(true)
  })
  it('combines with is_array_field for array values inside items', () => {
    expect(repeat({ field: 'line_items.tags', operation: 'contains', values: ['c'], is_array_field: true })).toBe(true)
    expect(repeat({ field: 'line_items.tags', operation: 'contains', values: ['d'], is_array_field: true })).toBe(false)
  })
  it('no items at all is tested as a missing value', () => {
    expect(repeat({ field: 'line_items.product_id', operation: 'equals', values: ['p1'] }, { line_items: [] })).toBe(false)
    expect(repeat({ field: 'line_items.product_id', operation: 'is_empty' }, { line_items: [] })).toBe(true)
  })
  it('without repeatable_item_op a path does not walk arrays', () => {
    expect(check(entity, { field: 'line_items.product_id', operation: 'equals', values: ['p2'] })).toBe(false)
  })
})

describe('path scope', () => {
  const event: Partial<EngineEvent> = {
    relations: [{ entity_id: 'r1', _schema: 'contact' }],
    activity: { type: 'EntityUpdated' },
    changed_attributes: { updated: { status: 'done' } },
  }
  it('metadata.* reads the event metadata', () => {
    expect(check({}, { field: 'metadata.organization_id', operation: 'equals', values: ['org-1'] }, event)).toBe(true)
  })
  it('entity.* reads the entity', () => {
    expect(check({ status: 'open' }, { field: 'entity.status', operation: 'equals', values: ['open'] }, event)).toBe(true)
  })
  it('a path with any other first key is read from the entity', () => {
    expect(check({ customer_request: { productId: '7' } }, { field: 'customer_request.productId', operation: 'equals', values: ['7'] }, event)).toBe(true)
  })
  it('relations, activity and changed_attributes are addressable', () => {
    expect(check({}, { field: 'relations._schema', operation: 'equals', values: ['contact'], repeatable_item_op: true }, event)).toBe(true)
    expect(check({}, { field: 'activity.type', operation: 'equals', values: ['EntityUpdated'] }, event)).toBe(true)
    expect(check({}, { field: 'changed_attributes.updated.status', operation: 'equals', values: ['done'] }, event)).toBe(true)
  })
  it('reads long paths', () => {
    expect(check({ a: { b: { c: { d: { e: { f: 'deep' } } } } } }, { field: 'entity.a.b.c.d.e.f', operation: 'equals', values: ['deep'] })).toBe(true)
    expect(check({ a: { b: { c: { d: 'four' } } } }, { field: 'a.b.c.d', operation: 'equals', values: ['four'] })).toBe(true)
  })
})

describe('condition groups', () => {
  const entity = { status: 'open', amount: 120 }
  const open: WebhookCondition = { field: 'status', operation: 'equals', values: ['open'] }
  const big: WebhookCondition = { field: 'amount', operation: 'greater_than', values: ['100'], field_type: 'number' }
  const huge: WebhookCondition = { field: 'amount', operation: 'greater_than', values: ['1000'], field_type: 'number' }
  const match = (group: Parameters<typeof compileConditionGroup>[0]) => compileConditionGroup(group)({ entity }, metadata)

  it('AND-s conditions by default', () => {
    expect(match({ conditions: [open, big] })).toBe(true)
    expect(match({ conditions: [open, huge] })).toBe(false)
  })
  it('AND-s conditions when logical_operator is AND', () => {
    expect(match({ logical_operator: 'AND', conditions: [open, huge] })).toBe(false)
  })
  it('OR-s conditions when logical_operator is OR', () => {
    expect(match({ logical_operator: 'OR', conditions: [huge, open] })).toBe(true)
    expect(match({ logical_operator: 'OR', conditions: [huge, { ...open, values: ['closed'] }] })).toBe(false)
  })
  it('an empty group matches', () => {
    expect(match({})).toBe(true)
    expect(match({ conditions: [], logical_operator: 'OR' })).toBe(true)
  })
  it('a single condition group behaves like the condition', () => {
    expect(match({ conditions: [huge] })).toBe(false)
  })
})

describe('consistency', () => {
  it('not_equals is the exact complement of equals for any value (fast and general routes agree)', async () => {
    const fc = await import('fast-check')
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('x', '1', 'true', ''), fc.constantFrom('a', 'a.b', 'a.b.c', 'a.b.c.d'), (value, target, field) => {
        const entity = { a: { b: { c: { d: value } } } }
        const nested = field === 'a' ? { a: value } : field === 'a.b' ? { a: { b: value } } : field === 'a.b.c' ? { a: { b: { c: value } } } : entity
        const eq = check(nested, { field, operation: 'equals', values: [target] })
        const ne = check(nested, { field, operation: 'not_equals', values: [target] })
        const anyOf = check(nested, { field, operation: 'any_of', values: [target] })
        return eq === !ne && eq === anyOf
      }),
      { numRuns: 300 },
    )
  })
})

describe('array fields gathered through items', () => {
  const entity = { line_items: [{ product_id: 'p1' }, { product_id: 'p2' }, { tags: ['x'] }] }
  it('is_array_field gathers the values of every item into one array', () => {
    expect(check(entity, { field: 'line_items.product_id', operation: 'contains', values: ['p2'], is_array_field: true })).toBe(true)
  })
  it('not_equals with is_array_field means no item has the value', () => {
    expect(check(entity, { field: 'line_items.product_id', operation: 'not_equals', values: ['p1'], is_array_field: true })).toBe(false)
    expect(check(entity, { field: 'line_items.product_id', operation: 'not_equals', values: ['p9'], is_array_field: true })).toBe(true)
  })
  it('none_of with is_array_field means no item has any of the values', () => {
    expect(check(entity, { field: 'line_items.product_id', operation: 'none_of', values: ['p8', 'p2'], is_array_field: true })).toBe(false)
  })
  it('flattens arrays found inside items', () => {
    expect(check(entity, { field: 'line_items.tags', operation: 'contains', values: ['x'], is_array_field: true })).toBe(true)
  })
  it('no items reached is a missing field', () => {
    expect(check({ line_items: [] }, { field: 'line_items.product_id', operation: 'is_empty', is_array_field: true })).toBe(true)
    expect(check({ line_items: [] }, { field: 'line_items.product_id', operation: 'not_contains', values: ['p1'], is_array_field: true })).toBe(true)
  })
})
