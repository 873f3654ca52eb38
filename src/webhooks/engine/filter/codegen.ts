/**
 * Filter conditions compiled to ONE JavaScript function per config revision (`new Function`), shaped like a
 * hand-written `&&` / `||` chain: each condition reads its path with plain property reads, coerces and compares
 * inline, and the group returns at the first condition that decides it.
 *
 * Safety: the generated source is built only from this module's own templates. User text never becomes code:
 * strings (values, path keys) enter as `JSON.stringify` literals, numbers as checked finite literals, sets and
 * value lists as entries of a constants array; operations and field types select templates through `switch`
 * statements and are never written into the source.
 *
 * The interpreter in `conditions.ts` is the reference; `test/webhooks/engine/filter-codegen.test.ts` checks that
 * both agree on random conditions and events.
 */
import type { ComparisonCondition, ConditionFieldType, ConditionOperation } from '../model'
import { coerce, DAY_MS, isEmptyValue, MISMATCH, textOf, toEpochMs } from './coerce'
import { lengthOf, LENGTH_OPERATIONS, NEGATION_OF, type EventPredicate } from './conditions'
import { splitPath, type ScopeKey } from './path'

/** Up to this many values are compared by an inline `||` chain; more go through a Set or a list helper. */
const INLINE_VALUES = 8

type Typed = string | number | boolean

/** The few shared helpers the generated code calls (no closure is created per evaluation). */
const helpers = {
  text: textOf,
  /** Non-number input read as a finite number, else NaN (numbers are read inline). */
  num(x: unknown): number {
    if (typeof x !== 'string' || x.trim() === '') return NaN
    const n = Number(x)
    return n - n === 0 ? n : NaN
  },
  day(x: unknown): number {
    const ms = toEpochMs(x)
    return Number.isFinite(ms) ? Math.floor(ms / DAY_MS) : NaN
  },
  ms(x: unknown): number {
    const ms = toEpochMs(x)
    return Number.isFinite(ms) ? ms : NaN
  },
  isEmpty: isEmptyValue,
  len: lengthOf,
  includesAny(t: string, list: readonly string[]): boolean {
    for (let i = 0; i < list.length; i++) if (t.includes(list[i] as string)) return true
    return false
  },
  startsAny(t: string, list: readonly string[]): boolean {
    for (let i = 0; i < list.length; i++) if (t.startsWith(list[i] as string)) return true
    return false
  },
  endsAny(t: string, list: readonly string[]): boolean {
    for (let i = 0; i < list.length; i++) if (t.endsWith(list[i] as string)) return true
    return false
  },
}

const ROOTS: Record<ScopeKey, string> = {
  entity: 'e.entity',
  metadata: 'm',
  relations: 'e.relations',
  activity: 'e.activity',
  changed_attributes: 'e.changed_attributes',
}

/** A JS literal for a typed constant: strings via JSON.stringify, numbers as their canonical text. */
function lit(value: Typed): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (Number.isNaN(value)) return 'NaN'
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '(-Infinity)' // only a huge length_* count
  if (value === 0) return '0'
  return value < 0 ? `(${String(value)})` : String(value)
}

/** Condition values read as the field type; values that cannot be read can never match and are dropped. */
function typedValues(values: readonly string[], type: ConditionFieldType): Typed[] {
  const out: Typed[] = []
  for (const raw of values) {
    const t = coerce(raw, type)
    if (t !== MISMATCH && !out.includes(t)) out.push(t)
  }
  return out
}

/** Collects the constants (Sets, value lists) the generated source refers to as `k[i]`. */
class Constants {
  readonly list: unknown[] = []
  ref(value: unknown): string {
    this.list.push(value)
    return `k[${this.list.length - 1}]`
  }
}

/**
 * Expression reading `x` (a variable name) as `type`: a string/boolean or undefined, a number or NaN.
 * Same results as `coerce`, with undefined/NaN standing for MISMATCH.
 */
function readAs(type: ConditionFieldType, x: string): string {
  switch (type) {
    case 'string':
      return `(typeof ${x} === "string" ? ${x} : text(${x}))`
    case 'number':
      return `(typeof ${x} === "number" ? (${x} - ${x} === 0 ? ${x} : NaN) : num(${x}))`
    case 'boolean':
      return `(${x} === true || ${x} === "true" ? true : ${x} === false || ${x} === "false" ? false : undefined)`
    // Date.parse gives NaN for '' and blank text, as coerce's check for them does.
    case 'date':
      return `(typeof ${x} === "string" ? ((d = Date.parse(${x})) - d === 0 ? Math.floor(d / ${DAY_MS}) : NaN) : day(${x}))`
    case 'datetime':
      return `(typeof ${x} === "string" ? Date.parse(${x}) : ms(${x}))`
  }
}

/** `x` read as `type` equals one of `targets`. */
function equalsExpr(type: ConditionFieldType, targets: readonly Typed[], x: string, k: Constants): string {
  if (targets.length === 0) return 'false'
  if (targets.length === 1) {
    const target = targets[0] as Typed
    if (type === 'string') return `(${x} === ${lit(target)} || (typeof ${x} !== "string" && text(${x}) === ${lit(target)}))`
    if (type === 'boolean') return target ? `(${x} === true || ${x} === "true")` : `(${x} === false || ${x} === "false")`
    return `(${readAs(type, x)} === ${lit(target)})`
  }
  if (targets.length <= INLINE_VALUES) return `((t = ${readAs(type, x)}) === ${targets.map(lit).join(' || t === ')})`
  return `${k.ref(new Set(targets))}.has(${readAs(type, x)})`
}

/** The text form of `x` tested with a string method against any of the raw values. */
function textExpr(method: 'includes' | 'startsWith' | 'endsWith', values: readonly string[], x: string, k: Constants): string {
  if (values.length === 0) return 'false'
  const read = `(t = (typeof ${x} === "string" ? ${x} : text(${x}))) !== undefined`
  if (values.length <= INLINE_VALUES) return `(${read} && (${values.map((v) => `t.${method}(${lit(v)})`).join(' || ')}))`
  const helper = method === 'includes' ? 'includesAny' : method === 'startsWith' ? 'startsAny' : 'endsAny'
  return `(${read} && ${helper}(t, ${k.ref(Object.freeze([...values]))}))`
}

type Ordering = 'greater_than' | 'less_than' | 'greater_than_or_equals' | 'less_than_or_equals'
const ORDER_OPERATORS: Record<Ordering, string> = { greater_than: '>', less_than: '<', greater_than_or_equals: '>=', less_than_or_equals: '<=' }

/** `x` read as `type`, ordered against one target (false on a mismatch). */
function compareExpr(type: ConditionFieldType, target: Typed | undefined, op: Ordering, x: string): string {
  if (target === undefined) return 'false'
  const operator = ORDER_OPERATORS[op]
  // NaN (number/date/datetime mismatch) compares false by itself; undefined must be excluded explicitly.
  if (type === 'number' || type === 'date' || type === 'datetime') return `(${readAs(type, x)} ${operator} ${lit(target)})`
  return `((t = ${readAs(type, x)}) !== undefined && t ${operator} ${lit(target)})`
}

/** Test of ONE scalar value under a positive operation (arrays are handled by the caller). */
function scalarExpr(op: ConditionOperation, type: ConditionFieldType, raw: readonly string[], typed: readonly Typed[], x: string, k: Constants): string {
  switch (op) {
    case 'equals':
    case 'any_of':
      return equalsExpr(type, typed, x, k)
    case 'contains':
      return textExpr('includes', raw, x, k)
    case 'starts_with':
      return textExpr('startsWith', raw, x, k)
    case 'ends_with':
      return textExpr('endsWith', raw, x, k)
    case 'greater_than':
    case 'less_than':
    case 'greater_than_or_equals':
    case 'less_than_or_equals':
      return compareExpr(type, typed[0], op, x)
    default:
      return 'false'
  }
}

const LENGTH_OPERATORS: Partial<Record<ConditionOperation, string>> = {
  length_equals: '===',
  length_greater_than: '>',
  length_less_than: '<',
  length_greater_than_or_equals: '>=',
  length_less_than_or_equals: '<=',
}

/** A condition prepared for code generation: its positive operation and the pieces of its tests. */
interface Prepared {
  condition: ComparisonCondition
  positive: ConditionOperation
  negate: boolean
  /** Test of one array element (or of a value counted as a one-element array). */
  elem: (x: string) => string
  /** Test of one scalar value. */
  scalar: (x: string) => string
  /** For is_empty / length_*: a test of the whole value; undefined for the others. */
  whole?: (x: string) => string
  /** For is_empty / length_*: the same test on the gathered count (`c`), first value (`f`) and total (`n`). */
  gathered?: (c: string, f: string, n: string) => string
}

function prepare(condition: ComparisonCondition, k: Constants): Prepared {
  const partner = NEGATION_OF[condition.operation]
  const positive = partner ?? condition.operation
  const type = condition.field_type ?? 'string'
  const raw = condition.values ?? []
  const typed = typedValues(raw, type)
  const p: Prepared = {
    condition,
    positive,
    negate: partner !== undefined,
    scalar: (x) => scalarExpr(positive, type, raw, typed, x, k),
    elem: (x) => (positive === 'contains' ? equalsExpr(type, typed, x, k) : scalarExpr(positive, type, raw, typed, x, k)),
  }
  if (positive === 'is_empty') {
    p.whole = (x) => `(${x} === undefined || ${x} === null || ${x} === "" || (typeof ${x} === "object" && isEmpty(${x})))`
    p.gathered = (c, f, n) => `(${c} === 0 || (${c} === 1 ? isEmpty(${f}) : ${n} === 0))`
  } else if (LENGTH_OPERATIONS.has(positive)) {
    const first = raw[0]
    const target = lit(first !== undefined && /^\d+$/.test(first) ? Number(first) : NaN)
    const operator = LENGTH_OPERATORS[positive] ?? '==='
    p.whole = (x) => `((isArray(${x}) ? ${x}.length : ${x} === undefined || ${x} === null ? 0 : 1) ${operator} ${target})`
    p.gathered = (c, f, n) => `((${c} === 0 ? 0 : ${c} === 1 ? len(${f}) : ${n}) ${operator} ${target})`
  }
  return p
}

/**
 * Statements setting `ok` to the positive test of the value in variable `v` (temps `t`, `x`, `i` in scope).
 * `arrayField`: a lone scalar counts as a one-element array (is_array_field).
 */
function positiveStatements(p: Prepared, v: string, arrayField: boolean): string {
  if (p.whole) return `ok = ${p.whole(v)};`
  const other = arrayField ? `${v} !== undefined && ${v} !== null && ${p.elem(v)}` : p.scalar(v)
  return `if (isArray(${v})) { ok = false; for (i = 0; i < ${v}.length; i++) { x = ${v}[i]; if (${p.elem('x')}) { ok = true; break; } } } else ok = ${other};`
}

/** Which parent object the local `o` holds (its path as a key), so conditions on sibling fields read it once. */
interface ReadState {
  parent?: string
}

/** Statements reading a path exactly (no array walk) into `v`, its parent object into `o` (unless `o` holds it). */
function readPath(rootKey: ScopeKey, rest: readonly string[], state: ReadState): string {
  if (rest.length === 0) return `v = ${ROOTS[rootKey]};`
  const parentKeys = rest.slice(0, -1)
  const last = rest[rest.length - 1] as string
  const parent = JSON.stringify([rootKey, ...parentKeys])
  let code = ''
  if (state.parent !== parent) {
    code = `o = ${ROOTS[rootKey]};`
    for (const key of parentKeys) code += ` o = o !== null && typeof o === "object" ? o[${lit(key)}] : undefined;`
    state.parent = parent
  }
  // `event.entity` is always an object (EngineEvent contract); other roots and parents may be missing.
  if (rootKey === 'entity' && parentKeys.length === 0) return `${code} v = o[${lit(last)}];`
  return `${code} v = o !== null && typeof o === "object" ? o[${lit(last)}] : undefined;`
}

/**
 * Statements reading a path with plain property reads into `v` while no array is met on the way; `s` is set when
 * one is (the walkers then take over from the root). A walk that meets no array reaches one value or none, and
 * that value is `v` (undefined for none).
 */
function fastRead(label: string, rootKey: ScopeKey, rest: readonly string[]): string {
  let code = `s = false; ${label}: { v = ${ROOTS[rootKey]};`
  for (const key of rest) code += ` if (isArray(v)) { s = true; break ${label}; } v = v !== null && typeof v === "object" ? v[${lit(key)}] : undefined;`
  return `${code} }`
}

/**
 * Walker functions for a path that fans out over arrays: `name_0(root)` visits every value the path reaches and
 * returns true at the first visit that returns true. `visit` is the body of the end function, given `v`.
 */
function walkers(name: string, rest: readonly string[], visit: string): string {
  let code = ''
  rest.forEach((key, level) => {
    const next = `${name}_${level + 1}`
    const inArray = /^\d+$/.test(key)
      ? `return ${next}(o[${Number(key)}]);`
      : `for (let j = 0; j < o.length; j++) if (${name}_${level}(o[j])) return true; return false;`
    code += `function ${name}_${level}(o) { if (isArray(o)) { ${inArray} } if (o === null || typeof o !== "object") return false; return ${next}(o[${lit(key)}]); }\n`
  })
  code += `function ${name}_${rest.length}(v) { if (v === undefined) return false; ${visit} }\n`
  return code
}

/** Factory-scope code (walkers, state) and main-body statements setting `ok` for one condition. */
function conditionCode(condition: ComparisonCondition, index: number, k: Constants, state: ReadState): { scope: string; body: string } {
  const p = prepare(condition, k)
  const { rootKey, rest } = splitPath(condition.field)
  const root = ROOTS[rootKey]
  const not = p.negate ? 'ok = !ok;' : ''
  const w = `w${index}`
  if (condition.repeatable_item_op) {
    // Any item satisfying the whole condition (negation included); no item reached: the test of a missing value.
    const test = `function t${index}(v) { let t, d, x, i, ok; ${positiveStatements(p, 'v', Boolean(condition.is_array_field))} ${not} return ok; }\n`
    const scope = `let r${index} = false;\n${test}${walkers(w, rest, `r${index} = true; return t${index}(v);`)}`
    // One value or none reached (no array on the way): the test of that value, missing or not.
    const slow = `r${index} = false; ok = ${w}_0(${root}) || (!r${index} && t${index}(undefined));`
    return { scope, body: `${fastRead(`g${index}`, rootKey, rest)} if (s) { ${slow} } else ok = t${index}(v);` }
  }
  if (condition.is_array_field) {
    if (p.gathered) {
      // Count the gathered values instead of building the array.
      const [c, f, n] = [`c${index}`, `f${index}`, `n${index}`]
      const visit = `${c}++; if (${c} === 1) ${f} = v; ${n} += isArray(v) ? v.length : 1; return false;`
      const scope = `let ${c} = 0, ${f}, ${n} = 0;\n${walkers(w, rest, visit)}`
      const slow = `${c} = 0; ${n} = 0; ${w}_0(${root}); ok = ${p.gathered(c, f, n)}; ${f} = undefined;`
      return { scope, body: `${fastRead(`g${index}`, rootKey, rest)} if (s) { ${slow} } else { ${positiveStatements(p, 'v', true)} } ${not}` }
    }
    // Any element of any reached value (a reached scalar is a one-element array; null never matches).
    const visit = `if (isArray(v)) { for (let j = 0; j < v.length; j++) { const x = v[j]; let t, d; if (${p.elem('x')}) return true; } return false; } let t, d; return ${p.elem('v')};`
    return { scope: walkers(w, rest, visit), body: `${fastRead(`g${index}`, rootKey, rest)} if (s) ok = ${w}_0(${root}); else { ${positiveStatements(p, 'v', true)} } ${not}` }
  }
  return { scope: '', body: `${readPath(rootKey, rest, state)} ${positiveStatements(p, 'v', false)} ${not}` }
}

/** Generated source of a group: the factory body taking `k` (constants) and `h` (helpers). */
function groupSource(conditions: readonly ComparisonCondition[], or: boolean, k: Constants): string {
  let scope = ''
  let body = ''
  const state: ReadState = {}
  conditions.forEach((condition, index) => {
    const code = conditionCode(condition, index, k, state)
    scope += code.scope
    body += `  ${code.body}\n  if (${or ? 'ok' : '!ok'}) return ${or ? 'true' : 'false'};\n`
  })
  return [
    '"use strict";',
    'const { text, num, day, ms, isEmpty, len, includesAny, startsAny, endsAny } = h;',
    'const isArray = Array.isArray;',
    scope,
    'return function compiledFilter(e, m) {',
    '  let o, v, t, d, x, i, ok, s;',
    body + `  return ${or ? 'false' : 'true'};`,
    '};',
  ].join('\n')
}

/**
 * Compiles comparison conditions (validated) to one generated function: AND by default, OR with `or`.
 * An empty list matches (AND) / does not match (OR) — callers handle empty groups before calling.
 * @example
 * const match = compileConditionsToCode([{ field: 'entity.status', operation: 'equals', values: ['open'] }], false)
 * match({ entity: { status: 'open' } }, { organization_id: '1' }) // true
 */
export function compileConditionsToCode(conditions: readonly ComparisonCondition[], or: boolean): EventPredicate {
  const k = new Constants()
  const source = groupSource(conditions, or, k)
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- source built from templates only (see the module comment)
  const factory = new Function('k', 'h', source) as (k: readonly unknown[], h: typeof helpers) => EventPredicate
  return factory(Object.freeze(k.list), helpers)
}

/** The generated source for `conditions` (for tests and debugging; never evaluated from here). */
export function conditionsSource(conditions: readonly ComparisonCondition[], or: boolean): string {
  return groupSource(conditions, or, new Constants())
}
