/**
 * The engine's one validator style, used for configs, method arguments and HTTP request inputs, and inbound webhook
 * input alike: readers that collect every problem with its path and return the clean value (or undefined), then one
 * typed error listing them all. What a validator returns is trusted inside the engine.
 */
import type { ValidationIssue } from './errors'

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>

/** True for a plain object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** `path.key`, or `key` at the root. */
export function joinPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key
}

/** Collects issues with their paths; each reader returns the clean value, or undefined after recording a problem. */
export class Issues {
  readonly list: ValidationIssue[] = []

  /** Records a problem; returns undefined so readers can `return this.fail(…)`. */
  fail(path: string, message: string): undefined {
    this.list.push({ path, message })
    return undefined
  }

  /** Records problems found elsewhere (e.g. by another validator). */
  add(issues: readonly ValidationIssue[]): void {
    this.list.push(...issues)
  }

  get empty(): boolean {
    return this.list.length === 0
  }

  /** Throws `toError(issues)` when any problem was recorded. */
  throwIfAny(toError: (issues: ValidationIssue[]) => Error): void {
    if (this.list.length > 0) throw toError(this.list)
  }

  object(value: unknown, path: string, message = 'must be an object'): JsonObject | undefined {
    return isObject(value) ? value : this.fail(path, message)
  }

  string(obj: JsonObject, key: string, path: string, opts: { required?: boolean; nonEmpty?: boolean } = {}): string | undefined {
    const value = obj[key]
    if (typeof value === 'string' && !((opts.required || opts.nonEmpty) && value.trim() === '')) return value
    if (value === undefined || value === null) return opts.required ? this.fail(joinPath(path, key), 'is required') : undefined
    return this.fail(joinPath(path, key), typeof value !== 'string' ? 'must be a string' : 'must not be empty')
  }

  boolean(obj: JsonObject, key: string, path: string): boolean | undefined {
    const value = obj[key]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'boolean') return this.fail(joinPath(path, key), 'must be true or false')
    return value
  }

  oneOf<T extends string>(obj: JsonObject, key: string, path: string, allowed: readonly T[], required = false): T | undefined {
    const value = obj[key]
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T
    if (value === undefined || value === null) return required ? this.fail(joinPath(path, key), `is required (one of ${allowed.join(', ')})`) : undefined
    return this.fail(joinPath(path, key), `must be one of ${allowed.join(', ')}`)
  }

  url(obj: JsonObject, key: string, path: string, required = false): string | undefined {
    const value = this.string(obj, key, path, { required, nonEmpty: true })
    if (value === undefined) return undefined
    if (!URL.canParse(value)) return this.fail(joinPath(path, key), 'must be an absolute URL, e.g. https://example.com/hook')
    return value
  }

  stringArray(obj: JsonObject, key: string, path: string, required = false): string[] | undefined {
    const value = obj[key]
    const at = joinPath(path, key)
    if (value === undefined || value === null) return required ? this.fail(at, 'is required (a list of strings)') : undefined
    if (!Array.isArray(value)) return this.fail(at, 'must be a list of strings')
    let ok = true
    value.forEach((item, i) => {
      if (typeof item !== 'string') ok = this.fail(`${at}[${i}]`, 'must be a string') ?? false
    })
    return ok ? [...(value as string[])] : undefined
  }

  /** An ISO 8601 date-time, returned as epoch ms. */
  dateTime(obj: JsonObject, key: string, path: string): number | undefined {
    const value = obj[key]
    if (value === undefined) return undefined
    const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN
    if (Number.isNaN(ms)) return this.fail(joinPath(path, key), 'must be an ISO 8601 date-time, e.g. 2025-10-31T12:34:56Z')
    return ms
  }

  integer(obj: JsonObject, key: string, path: string, range: { min: number; max: number }): number | undefined {
    const value = obj[key]
    if (value === undefined) return undefined
    if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
      return this.fail(joinPath(path, key), `must be an integer from ${range.min} to ${range.max}`)
    }
    return value
  }
}

/** Spreads `{ [key]: value }` only when value is defined, so a clean copy has no `undefined` keys. */
export function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}
