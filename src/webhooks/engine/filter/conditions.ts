import type { ComparisonCondition, ConditionFieldType, ConditionOperation, EngineEvent, Metadata, WebhookCondition, WebhookConditionGroup } from '../model'
import { coerce, isEmptyValue, MISMATCH, textOf, type Typed } from './coerce'
import { compileFastEquals } from './fast-equals'
import { compileGetter, compileValuesVisitor } from './path'

/** A compiled matcher: runs per event with no parsing or allocation beyond what the path walk needs. */
export type EventPredicate = (event: EngineEvent, metadata: Metadata) => boolean

type ValuePredicate = (value: unknown) => boolean

/** Each negative operation is exactly the complement of its positive partner, for every input. */
export const NEGATION_OF: Readonly<Partial<Record<ConditionOperation, ConditionOperation>>> = {
  not_equals: 'equals',
  none_of: 'any_of',
  not_contains: 'contains',
  is_not_empty: 'is_empty',
  length_not_equals: 'length_equals',
}

/** Operations that take no values. */
export const VALUELESS_OPERATIONS: ReadonlySet<ConditionOperation> = new Set(['is_empty', 'is_not_empty'])

/** The six operations that compare the item count of the field value (see {@link lengthOf}). */
export const LENGTH_OPERATIONS: ReadonlySet<ConditionOperation> = new Set([
  'length_equals',
  'length_not_equals',
  'length_greater_than',
  'length_less_than',
  'length_greater_than_or_equals',
  'length_less_than_or_equals',
])

/** Operations that compare against exactly one value. */
export const SINGLE_VALUE_OPERATIONS: ReadonlySet<ConditionOperation> = new Set([
  'greater_than',
  'less_than',
  'greater_than_or_equals',
  'less_than_or_equals',
  ...LENGTH_OPERATIONS,
])

/** Item count for the `length_*` operations: an array's length; missing or null: 0; any other single value: 1. */
export function lengthOf(value: unknown): number {
  if (Array.isArray(value)) return value.length
  return value === undefined || value === null ? 0 : 1
}

/** The count test of a positive `length_*` operation against its value (a non-negative integer). */
function lengthTest(op: ConditionOperation, raw: string | undefined): ValuePredicate {
  const n = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : NaN
  switch (op) {
    case 'length_equals':
      return (v) => lengthOf(v) === n
    case 'length_greater_than':
      return (v) => lengthOf(v) > n
    case 'length_less_than':
      return (v) => lengthOf(v) < n
    case 'length_greater_than_or_equals':
      return (v) => lengthOf(v) >= n
    case 'length_less_than_or_equals':
      return (v) => lengthOf(v) <= n
    default:
      return () => false
  }
}

function parseValues(values: readonly string[] | undefined, type: ConditionFieldType): Array<string | number | boolean> {
  const parsed: Array<string | number | boolean> = []
  for (const raw of values ?? []) {
    const typed = coerce(raw, type)
    if (typed !== MISMATCH) parsed.push(typed) // a value that cannot be read as the type can never match
  }
  return parsed
}

/** Typed membership test: `value` read as `type` equals one of `targets`. */
function equalsAny(type: ConditionFieldType, targets: Array<string | number | boolean>): ValuePredicate {
  if (targets.length === 1) {
    const target = targets[0]
    if (type === 'string') {
      // Fast path: a string field compares directly; other scalars go through their text form.
      return (v) => v === target || (typeof v !== 'string' && coerce(v, type) === target)
    }
    return (v) => coerce(v, type) === target
  }
  const set = new Set<Typed>(targets)
  return (v) => {
    const typed = coerce(v, type)
    return typed !== MISMATCH && set.has(typed)
  }
}

function textTest(targets: readonly string[], test: (text: string, target: string) => boolean): ValuePredicate {
  return (v) => {
    const text = textOf(v)
    if (text === undefined) return false
    for (const t of targets) if (test(text, t)) return true
    return false
  }
}

type Comparison = 'greater_than' | 'less_than' | 'greater_than_or_equals' | 'less_than_or_equals'

/** Ordering test against one typed target; one closure per operation so the hot path makes no extra call. */
function compare(type: ConditionFieldType, target: string | number | boolean | undefined, op: Comparison): ValuePredicate {
  if (target === undefined) return () => false
  // Numbers are by far the most common ordered field: read them without going through coerce().
  const read = type === 'number' ? (v: unknown): Typed => (typeof v === 'number' && Number.isFinite(v) ? v : coerce(v, type)) : (v: unknown) => coerce(v, type)
  switch (op) {
    case 'greater_than':
      return (v) => {
        const t = read(v)
        return t !== MISMATCH && t > target
      }
    case 'less_than':
      return (v) => {
        const t = read(v)
        return t !== MISMATCH && t < target
      }
    case 'greater_than_or_equals':
      return (v) => {
        const t = read(v)
        return t !== MISMATCH && t >= target
      }
    case 'less_than_or_equals':
      return (v) => {
        const t = read(v)
        return t !== MISMATCH && t <= target
      }
  }
}

/** Predicate for ONE scalar field value (arrays are handled by the caller). Missing/null/mismatch → false. */
function scalarPredicate(op: ConditionOperation, type: ConditionFieldType, rawValues: readonly string[]): ValuePredicate {
  const typed = parseValues(rawValues, type)
  switch (op) {
    case 'equals':
    case 'any_of':
      return equalsAny(type, typed)
    case 'contains':
      return textTest(rawValues, (text, t) => text.includes(t))
    case 'starts_with':
      return textTest(rawValues, (text, t) => text.startsWith(t))
    case 'ends_with':
      return textTest(rawValues, (text, t) => text.endsWith(t))
    case 'greater_than':
    case 'less_than':
    case 'greater_than_or_equals':
    case 'less_than_or_equals':
      return compare(type, typed[0], op)
    default:
      return () => false
  }
}

/**
 * Predicate for one field value under a POSITIVE operation, arrays included:
 * an array matches when any element matches; `contains` on an array means element membership.
 */
function positivePredicate(condition: ComparisonCondition, op: ConditionOperation): ValuePredicate {
  if (op === 'is_empty') return isEmptyValue
  // Counts look at the value as a whole (an array is counted, not searched).
  if (LENGTH_OPERATIONS.has(op)) return lengthTest(op, condition.values?.[0])
  const type = condition.field_type ?? 'string'
  const values = condition.values ?? []
  const scalar = scalarPredicate(op, type, values)
  const element = op === 'contains' ? equalsAny(type, parseValues(values, type)) : scalar
  const anyElement = (arr: readonly unknown[]): boolean => {
    for (const item of arr) if (element(item)) return true
    return false
  }
  if (condition.is_array_field) {
    // Declared array field: a lone scalar counts as a one-element array.
    return (v) => (Array.isArray(v) ? anyElement(v) : v !== undefined && v !== null && element(v))
  }
  return (v) => (Array.isArray(v) ? anyElement(v) : scalar(v))
}

/** Compiles a condition's test on one field value (positive or negative operation). */
function valuePredicate(condition: ComparisonCondition): ValuePredicate {
  const positive = NEGATION_OF[condition.operation]
  if (positive !== undefined) {
    const p = positivePredicate(condition, positive)
    return (v) => !p(v)
  }
  return positivePredicate(condition, condition.operation)
}

/**
 * Issue #11 stage 1: the contract also allows a condition given only as `jsonata_expression`; the engine does not
 * evaluate that form yet. Validation rejects it (field and operation are required), so this only guards direct calls.
 */
function comparisonForm(condition: WebhookCondition): ComparisonCondition {
  if (condition.field === undefined || condition.operation === undefined) {
    throw new TypeError('Only conditions with field and operation can be compiled; jsonata_expression conditions are not implemented yet')
  }
  return condition as ComparisonCondition
}

/**
 * Compiles one condition. A plain condition reads the exact path once. With `is_array_field` the path may
 * also pass through arrays of items and every value reached is tested as one array.
 * With it, the path fans out over arrays of items and the condition holds when ANY item satisfies it
 * (a path reaching no item is tested once as a missing value).
 * @example
 * compileCondition({ field: 'entity.status', operation: 'equals', values: ['open'] })({ entity: { status: 'open' } }, meta) // true
 */
export function compileCondition(given: WebhookCondition): EventPredicate {
  const condition = comparisonForm(given)
  const test = valuePredicate(condition)
  const target = condition.values?.[0]
  if (
    (condition.operation === 'equals' || condition.operation === 'not_equals') &&
    (condition.field_type ?? 'string') === 'string' &&
    condition.values?.length === 1 &&
    target !== undefined &&
    !condition.is_array_field &&
    !condition.repeatable_item_op
  ) {
    const negate = condition.operation === 'not_equals'
    const positive = negate ? positivePredicate(condition, 'equals') : test
    const fast = compileFastEquals(condition.field, target, positive, negate)
    if (fast) return fast
  }
  if (condition.is_array_field && !condition.repeatable_item_op) {
    // A declared array field may also be gathered through arrays of items
    // (`line_items.product_id` → every product id), then tested as one array.
    const visitAll = compileValuesVisitor(condition.field)
    return (e, m) => {
      let first: unknown
      let gathered: unknown[] | undefined
      let count = 0
      visitAll(e, m, (value) => {
        count++
        if (count === 1) first = value
        else {
          gathered ??= Array.isArray(first) ? [...first] : [first]
          if (Array.isArray(value)) gathered.push(...value)
          else gathered.push(value)
        }
        return false
      })
      return test(count > 1 ? gathered : first)
    }
  }
  if (!condition.repeatable_item_op) {
    const get = compileGetter(condition.field)
    return (e, m) => test(get(e, m))
  }
  const visitAll = compileValuesVisitor(condition.field)
  return (e, m) => {
    let reached = false
    const hit = visitAll(e, m, (item) => {
      reached = true
      return test(item)
    })
    return hit || (!reached && test(undefined))
  }
}

/**
 * Compiles a condition group: AND by default, OR when `logical_operator` is `OR`; an empty group matches.
 * @example
 * const match = compileConditionGroup({ logical_operator: 'OR', conditions: [...] })
 * match(event, metadata)
 */
export function compileConditionGroup(group: WebhookConditionGroup): EventPredicate {
  const predicates = (group.conditions ?? []).map(compileCondition)
  if (predicates.length === 0) return () => true
  if (predicates.length === 1) return predicates[0] as EventPredicate
  if (group.logical_operator === 'OR') {
    return (e, m) => {
      for (const p of predicates) if (p(e, m)) return true
      return false
    }
  }
  return (e, m) => {
    for (const p of predicates) if (!p(e, m)) return false
    return true
  }
}
