import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileConditionsToCode, conditionsSource } from '../../../src/webhooks/engine/filter/codegen'
import { compileConditionGroup } from '../../../src/webhooks/engine/filter/conditions'
import {
  CONDITION_FIELD_TYPES,
  CONDITION_OPERATIONS,
  type ComparisonCondition,
  type EngineEvent,
  type Metadata,
} from '../../../src/webhooks/engine/model'

// Texts that read differently per field type: numbers, booleans, dates, timestamps, blanks, prefixes of each other.
const TEXTS = ['a', 'ab', 'b', '', ' ', '0', '1', '2', '3', '10', '-1.5', ' 4.2e1 ', 'true', 'false', '2024-03-15', '2024-03-15T10:30:00Z', '2024-03-16T00:30:00+01:00', 'NaN', 'Infinity']
const scalar = fc.oneof(
  fc.constantFrom(...TEXTS),
  fc.constantFrom(0, 1, 2, 10, -1.5, 42, 1e21, Number.NaN, Number.POSITIVE_INFINITY, 1710498600000),
  fc.boolean(),
  fc.constant(null),
)
const KEYS = ['status', 'amount', 'tags', 'id', 'sub']
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 3 }),
})).value

const entity = fc.record(
  {
    status: value,
    amount: value,
    tags: value,
    a: fc.record({ b: value }, { requiredKeys: [] }),
    items: fc.array(fc.oneof(fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 3 }), value), { maxLength: 4 }),
  },
  { requiredKeys: [] },
)
const event: fc.Arbitrary<EngineEvent> = fc.record(
  {
    entity,
    relations: fc.array(fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 2 }), { maxLength: 3 }),
    changed_attributes: fc.record({ updated: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 2 }) }, { requiredKeys: [] }),
  },
  { requiredKeys: ['entity'] },
) as fc.Arbitrary<EngineEvent>
const metadata: fc.Arbitrary<Metadata> = fc.record({ organization_id: fc.constantFrom('org-1', '1', 'true') })

const FIELDS = [
  'entity.status',
  'status',
  'entity.amount',
  'entity.tags',
  'entity.a.b',
  'a.b.id',
  'entity.items',
  'entity.items.id',
  'items.tags',
  'entity.items.sub.id',
  'entity.items[0].id',
  'entity.items.1',
  'metadata.organization_id',
  'relations.id',
  'relations',
  'changed_attributes.updated.status',
  'entity.missing.deep.path.x',
]
const condition: fc.Arbitrary<ComparisonCondition> = fc.record(
  {
    field: fc.constantFrom(...FIELDS),
    operation: fc.constantFrom(...CONDITION_OPERATIONS),
    values: fc.oneof(fc.array(fc.constantFrom(...TEXTS), { maxLength: 3 }), fc.array(fc.constantFrom(...TEXTS), { minLength: 9, maxLength: 12 })),
    field_type: fc.constantFrom(...CONDITION_FIELD_TYPES),
    is_array_field: fc.boolean(),
    repeatable_item_op: fc.boolean(),
  },
  { requiredKeys: ['field', 'operation'] },
)

describe('generated filter code agrees with the interpreter', () => {
  it('on random conditions (all 20 operations, 5 field types, array fields, repeatable items) and events', () => {
    fc.assert(
      fc.property(condition, event, metadata, (c, e, m) => {
        expect(compileConditionsToCode([c], false)(e, m)).toBe(compileConditionGroup({ conditions: [c] })(e, m))
      }),
      { numRuns: 6_000 },
    )
  })

  it('on random AND / OR groups of up to 8 conditions', () => {
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 8 }), fc.constantFrom('AND', 'OR') as fc.Arbitrary<'AND' | 'OR'>, event, metadata, (conditions, op, e, m) => {
        const compiled = compileConditionsToCode(conditions, op === 'OR')
        expect(compiled(e, m)).toBe(compileConditionGroup({ conditions, logical_operator: op })(e, m))
      }),
      { numRuns: 1_500 },
    )
  })

  it('answers the same when called again on the same event (no state leaks between evaluations)', () => {
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 4 }), fc.array(event, { minLength: 2, maxLength: 4 }), metadata, (conditions, events, m) => {
        const compiled = compileConditionsToCode(conditions, false)
        const first = events.map((e) => compiled(e, m))
        expect(events.map((e) => compiled(e, m)).reverse()).toEqual(first.reverse())
      }),
      { numRuns: 500 },
    )
  })
})

describe('generated filter code never runs user text', () => {
  const hostile = ['"); globalThis.pwned = true; ("', "'; globalThis.pwned = true; '", '`${globalThis.pwned = true}`', '\u2028\u2029</script>', '\\', '*/ globalThis.pwned = true /*']

  it('writes values and path keys as string literals', () => {
    for (const text of hostile.map((t) => t.replaceAll('.', ' '))) {
      const conditions: ComparisonCondition[] = [
        { field: `entity.${text}`, operation: 'equals', values: [text] },
        { field: `entity.${text}.x`, operation: 'contains', values: [text, ...Array.from({ length: 9 }, (_, i) => `${text}${i}`)], is_array_field: true },
        { field: `${text}.items`, operation: 'starts_with', values: [text], repeatable_item_op: true },
      ]
      const match = compileConditionsToCode(conditions, true)
      expect(match({ entity: { [text]: text } }, { organization_id: 'o' })).toBe(true)
      expect(match({ entity: { other: text } }, { organization_id: 'o' })).toBe(false)
      expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined()
    }
  })

  it('keeps many values out of the source (a Set or a list constant)', () => {
    const values = Array.from({ length: 50 }, (_, i) => `secret-looking-value-${i}`)
    const source = conditionsSource([{ field: 'entity.id', operation: 'any_of', values }], false)
    expect(source).not.toContain('secret-looking-value-7')
    expect(compileConditionsToCode([{ field: 'entity.id', operation: 'any_of', values }], false)({ entity: { id: 'secret-looking-value-7' } }, { organization_id: 'o' })).toBe(true)
  })
})
