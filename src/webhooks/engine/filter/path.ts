import type { EngineEvent, Metadata } from '../model'

/** Reads one value for a compiled dot path from an event and its metadata. */
export type ValueGetter = (event: EngineEvent, metadata: Metadata) => unknown

/**
 * Visits every value a dot path reaches, fanning out over arrays met along the way, and stops at the
 * first value for which `visit` returns true (the result is then true). Allocates nothing per call.
 */
export type ValuesVisitor = (event: EngineEvent, metadata: Metadata, visit: (value: unknown) => boolean) => boolean

/** First path keys that address the filter scope; any other first key is read from `entity`. */
const SCOPE_KEYS = ['metadata', 'entity', 'relations', 'activity', 'changed_attributes'] as const

/** The first path keys that address a part of the filter scope. */
export type ScopeKey = (typeof SCOPE_KEYS)[number]
type RootGetter = (event: EngineEvent, metadata: Metadata) => unknown

const rootGetters: Record<ScopeKey, RootGetter> = {
  metadata: (_e, m) => m,
  entity: (e) => e.entity,
  relations: (e) => e.relations,
  activity: (e) => e.activity,
  changed_attributes: (e) => e.changed_attributes,
}

/** `a[1].b` → `a.1.b`: the contract accepts array indices in either spelling. */
export function normalizePath(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1')
}

/**
 * Splits `a.b.c` once and picks the root: one of the scope keys, else `entity` (the whole path is then read from it).
 * Bracketed indices (`items[0].id`) read as dot segments (`items.0.id`).
 */
export function splitPath(path: string): { rootKey: ScopeKey; rest: string[] } {
  const segments = normalizePath(path).split('.')
  const first = segments[0] as string
  if ((SCOPE_KEYS as readonly string[]).includes(first)) return { rootKey: first as ScopeKey, rest: segments.slice(1) }
  return { rootKey: 'entity', rest: segments }
}

type Bag = Record<string, unknown>

function step(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Bag)[key] : undefined
}

/**
 * Compiles a dot path to a getter that reads exactly that path (arrays are not walked; a numeric segment indexes them).
 * Paths under `entity` of up to three keys are unrolled into plain property reads, close to hand-written
 * optional chaining.
 */
export function compileGetter(path: string): ValueGetter {
  const { rootKey, rest } = splitPath(path)
  const [a, b, c] = rest as [string, string, string]
  if (rootKey === 'entity') {
    // `event.entity` is always an object (EngineEvent contract), so the first read needs no guard.
    switch (rest.length) {
      case 0:
        return (e) => e.entity
      case 1:
        return (e) => e.entity[a]
      case 2:
        return (e) => {
          const o = e.entity[a]
          return o !== null && typeof o === 'object' ? (o as Bag)[b] : undefined
        }
      case 3:
        return (e) => {
          let o = e.entity[a]
          if (o === null || typeof o !== 'object') return undefined
          o = (o as Bag)[b]
          return o !== null && typeof o === 'object' ? (o as Bag)[c] : undefined
        }
    }
  }
  const root = rootGetters[rootKey]
  if (rest.length === 0) return root
  if (rest.length === 1) return (e, m) => step(root(e, m), a)
  return (e, m) => {
    let o = root(e, m)
    for (let i = 0; i < rest.length && o !== undefined; i++) o = step(o, rest[i] as string)
    return o
  }
}

/**
 * Compiles a dot path to a visitor that fans out over arrays found in the middle of the path
 * (`entity.line_items.product_id` visits `product_id` of every line item). A value at the END of the path is
 * visited as is, arrays included; missing values are not visited. A numeric segment indexes an array.
 */
export function compileValuesVisitor(path: string): ValuesVisitor {
  const { rootKey, rest } = splitPath(path)
  const root = rootGetters[rootKey]
  const isIndex = rest.map((key) => /^\d+$/.test(key))
  const walk = (value: unknown, index: number, visit: (value: unknown) => boolean): boolean => {
    if (index === rest.length) return value !== undefined && visit(value)
    if (Array.isArray(value)) {
      if (isIndex[index]) return walk(value[Number(rest[index])], index + 1, visit)
      for (const item of value) if (walk(item, index, visit)) return true
      return false
    }
    if (value === null || typeof value !== 'object') return false
    return walk((value as Bag)[rest[index] as string], index + 1, visit)
  }
  return (e, m, visit) => walk(root(e, m), 0, visit)
}
