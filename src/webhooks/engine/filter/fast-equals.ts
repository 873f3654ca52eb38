import type { EngineEvent, Metadata } from '../model'
import { splitPath } from './path'

type Bag = Record<string, unknown>

/**
 * Fused getter + test for the most common conditions: `equals` / `not_equals` one string under `entity`
 * (paths of 1–3 keys). With `negate` the result is the complement (`not_equals`).
 * Composing a getter closure and a test closure costs two calls through call sites shared by every
 * condition (so V8 cannot inline them); this reads the path and compares in one closure, and only calls
 * `otherwise` (the positive `equals` test) for values that are neither the target nor a string
 * (numbers, arrays, missing values).
 * Returns undefined for other paths, which then take the general route.
 */
export function compileFastEquals(
  path: string,
  target: string,
  otherwise: (value: unknown) => boolean,
  negate: boolean,
): ((event: EngineEvent, metadata: Metadata) => boolean) | undefined {
  const { rootKey, rest } = splitPath(path)
  if (rootKey !== 'entity') return undefined
  const [a, b, c] = rest as [string, string, string]
  switch (rest.length) {
    case 1:
      return (e) => {
        const v = e.entity[a]
        return negate !== (v === target || (typeof v !== 'string' && otherwise(v)))
      }
    case 2:
      return (e) => {
        const o = e.entity[a]
        const v = o !== null && typeof o === 'object' ? (o as Bag)[b] : undefined
        return negate !== (v === target || (typeof v !== 'string' && otherwise(v)))
      }
    case 3:
      return (e) => {
        let o = e.entity[a]
        if (o === null || typeof o !== 'object') return negate !== otherwise(undefined)
        o = (o as Bag)[b]
        const v = o !== null && typeof o === 'object' ? (o as Bag)[c] : undefined
        return negate !== (v === target || (typeof v !== 'string' && otherwise(v)))
      }
    default:
      return undefined
  }
}
