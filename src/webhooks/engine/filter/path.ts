import type { EngineEvent, Metadata } from '../model'

/** Reads one value for a compiled dot path from an event and its metadata. */
export type ValueGetter = (event: EngineEvent, metadata: Metadata) => unknown

/** Reads every value a dot path reaches, fanning out over arrays met along the way. */
export type ValuesGetter = (event: EngineEvent, metadata: Metadata) => unknown[]

/** First path keys that address the filter scope; any other first key is read from `entity`. */
export const SCOPE_KEYS = ['metadata', 'entity', 'relations', 'activity', 'changed_attributes'] as const

type RootGetter = (event: EngineEvent, metadata: Metadata) => unknown

interface SplitPath {
  root: RootGetter
  rest: string[]
}

const rootGetters: Record<(typeof SCOPE_KEYS)[number], RootGetter> = {
  metadata: (_e, m) => m,
  entity: (e) => e.entity,
  relations: (e) => e.relations,
  activity: (e) => e.activity,
  changed_attributes: (e) => e.changed_attributes,
}

/** Splits `a.b.c` once and picks the root: one of the scope keys, else `entity` (the whole path is then read from it). */
export function splitPath(path: string): SplitPath {
  const segments = path.split('.')
  const first = segments[0] as string
  if (Object.prototype.hasOwnProperty.call(rootGetters, first)) {
    return { root: rootGetters[first as keyof typeof rootGetters], rest: segments.slice(1) }
  }
  return { root: rootGetters.entity, rest: segments }
}

function step(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined
}

/**
 * Compiles a dot path to a getter that reads exactly that path (arrays are not walked; a numeric segment indexes them).
 * Short paths are unrolled so the hot path is a few property reads, close to hand-written optional chaining.
 */
export function compileGetter(path: string): ValueGetter {
  const { root, rest } = splitPath(path)
  const [a, b, c, d] = rest as [string, string, string, string]
  switch (rest.length) {
    case 0:
      return root
    case 1:
      return (e, m) => step(root(e, m), a)
    case 2:
      return (e, m) => {
        const o = root(e, m)
        if (o === null || typeof o !== 'object') return undefined
        return step((o as Record<string, unknown>)[a], b)
      }
    case 3:
      return (e, m) => {
        let o = root(e, m)
        if (o === null || typeof o !== 'object') return undefined
        o = (o as Record<string, unknown>)[a]
        if (o === null || typeof o !== 'object') return undefined
        return step((o as Record<string, unknown>)[b], c)
      }
    case 4:
      return (e, m) => step(step(step(step(root(e, m), a), b), c), d)
    default:
      return (e, m) => {
        let o = root(e, m)
        for (let i = 0; i < rest.length && o !== undefined; i++) o = step(o, rest[i] as string)
        return o
      }
  }
}

/**
 * Compiles a dot path to a getter that fans out over arrays found in the middle of the path
 * (`entity.line_items.product_id` reads `product_id` of every line item). A value at the END of the path is
 * returned as is, arrays included. A path that reaches nothing yields `[]`.
 */
export function compileValuesGetter(path: string): ValuesGetter {
  const { root, rest } = splitPath(path)
  const isIndex = rest.map((key) => /^\d+$/.test(key))
  const walk = (value: unknown, index: number, out: unknown[]): void => {
    if (index === rest.length) {
      if (value !== undefined) out.push(value)
      return
    }
    if (Array.isArray(value)) {
      const key = rest[index] as string
      // A numeric segment indexes the array; any other key fans out over its elements.
      if (isIndex[index]) walk(value[Number(key)], index + 1, out)
      else for (const item of value) walk(item, index, out)
      return
    }
    if (value === null || typeof value !== 'object') return
    walk((value as Record<string, unknown>)[rest[index] as string], index + 1, out)
  }
  return (e, m) => {
    const out: unknown[] = []
    walk(root(e, m), 0, out)
    return out
  }
}
