import type { Filter } from '../model'
import type { EventPredicate } from './conditions'
import { textOf } from './coerce'
import { compileValuesVisitor } from './path'

/**
 * Compiles the legacy `filter`: the value at `keyToFilter` must be one of `supportedValues`.
 * The path walks through arrays (any element may match), comparison is case-sensitive, and numbers and
 * booleans compare as their text (`42` matches `'42'`). An empty `supportedValues` matches nothing.
 * @example
 * compileLegacyFilter({ keyToFilter: 'customer_request.request_items.product_category', supportedValues: ['solar'] })
 */
export function compileLegacyFilter(filter: Filter): EventPredicate {
  const visitAll = compileValuesVisitor(filter.keyToFilter)
  const supported = new Set(filter.supportedValues)
  const hit = (value: unknown): boolean => {
    const text = textOf(value)
    return text !== undefined && supported.has(text)
  }
  const visit = (value: unknown): boolean => (Array.isArray(value) ? value.some(hit) : hit(value))
  return (e, m) => visitAll(e, m, visit)
}
