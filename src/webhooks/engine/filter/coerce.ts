import type { ConditionFieldType } from '../model'

/** Marks a value that cannot be read as the condition's field type. */
export const MISMATCH: unique symbol = Symbol('type mismatch')

/** A field value read as a field type: string, number (also days and epoch ms), boolean, or MISMATCH. */
export type Typed = string | number | boolean | typeof MISMATCH

/** Milliseconds per day: `date` values compare as `Math.floor(ms / DAY_MS)`. */
export const DAY_MS = 86_400_000

/** An ISO date/timestamp (or epoch ms, or a Date) as epoch ms; NaN when it is none. */
export function toEpochMs(value: unknown): number {
  if (typeof value === 'string') return value.trim() === '' ? NaN : Date.parse(value)
  if (typeof value === 'number') return value
  if (value instanceof Date) return value.getTime()
  return NaN
}

/**
 * Reads a field value (or a condition value, which is always a string) as `type`.
 * - string: strings as is; numbers, booleans and bigints as their text.
 * - number: finite numbers; numeric text (`'42'`, `' 4.2e1 '`).
 * - boolean: booleans; the text `'true'` / `'false'`.
 * - date: an ISO date or timestamp (or epoch ms) reduced to its UTC calendar day.
 * - datetime: an ISO timestamp (or epoch ms) as an instant in epoch ms.
 * Anything else is MISMATCH.
 */
export function coerce(value: unknown, type: ConditionFieldType): Typed {
  switch (type) {
    case 'string':
      if (typeof value === 'string') return value
      if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
      return MISMATCH
    case 'number': {
      if (typeof value === 'number') return Number.isFinite(value) ? value : MISMATCH
      if (typeof value === 'string' && value.trim() !== '') {
        const n = Number(value)
        return Number.isFinite(n) ? n : MISMATCH
      }
      return MISMATCH
    }
    case 'boolean':
      if (typeof value === 'boolean') return value
      if (value === 'true') return true
      if (value === 'false') return false
      return MISMATCH
    case 'date': {
      const ms = toEpochMs(value)
      return Number.isFinite(ms) ? Math.floor(ms / DAY_MS) : MISMATCH
    }
    case 'datetime': {
      const ms = toEpochMs(value)
      return Number.isFinite(ms) ? ms : MISMATCH
    }
  }
}

/** Text form used by the text operations (contains on a scalar, starts_with, ends_with); undefined when there is none. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  return undefined
}

/** Missing, null, `''`, `[]` or `{}` (a plain object with no own keys). Whitespace is not empty. */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true
  if (Array.isArray(value)) return value.length === 0
  if (typeof value === 'object') {
    for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) return false
    return true
  }
  return false
}
