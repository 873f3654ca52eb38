/** Form-like name → value(s) map; a repeated name collects its values in an array. */
export type Fields = Record<string, string | string[]>

/**
 * Collects name/value pairs. Own properties are defined explicitly so a field named `__proto__`
 * stays an ordinary field instead of changing the object's prototype.
 */
export function collectFields(pairs: Iterable<[string, string]>): Fields {
  const fields: Fields = {}
  for (const [name, value] of pairs) {
    const existing = Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined
    const next = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]
    Object.defineProperty(fields, name, { value: next, enumerable: true, writable: true, configurable: true })
  }
  return fields
}

/** The first value of a field, if any. */
export function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
