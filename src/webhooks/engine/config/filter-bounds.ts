/**
 * Bounds on filter values, checked when a config is saved, so that no filter can take more than a few
 * milliseconds per event (docs/filters.md, "Bounds", has the numbers and the measurements behind them).
 */
import type { WebhookConfig } from '../model'
import type { Issues } from '../validation'

/** The limits; exported so docs and tests use the same numbers. */
export const FILTER_BOUNDS = {
  /** Values of one condition (`equals`/`any_of`/… compare through a Set, so this bounds memory, not time). */
  maxValuesPerCondition: 100,
  /**
   * Values of one text condition (`contains`, `not_contains`, `starts_with`, `ends_with`): each value is a scan of
   * the field's text, ≈ 0.5–1 ms over 1 MiB of text.
   */
  maxTextValuesPerCondition: 10,
  /** Characters of one condition value or legacy `supportedValues` entry. */
  maxValueLength: 256,
  /** Entries of the legacy `filter.supportedValues` (matched through a Set). */
  maxSupportedValues: 1_000,
  /** Characters of a path (`field`, `keyToFilter`). */
  maxPathLength: 256,
  /** Keys of a path (`a.b.c` has 3). */
  maxPathSegments: 16,
} as const

const TEXT_OPERATIONS: ReadonlySet<string> = new Set(['contains', 'not_contains', 'starts_with', 'ends_with'])

function checkValues(c: Issues, values: readonly string[] | undefined, path: string, max: number): void {
  if (values === undefined) return
  if (values.length > max) c.fail(path, `has ${values.length} values; at most ${max} are allowed`)
  values.forEach((value, i) => {
    if (value.length > FILTER_BOUNDS.maxValueLength) c.fail(`${path}[${i}]`, `is ${value.length} characters long; at most ${FILTER_BOUNDS.maxValueLength} are allowed`)
  })
}

function checkPath(c: Issues, path: string | undefined, at: string): void {
  if (path === undefined) return
  if (path.length > FILTER_BOUNDS.maxPathLength) c.fail(at, `is ${path.length} characters long; at most ${FILTER_BOUNDS.maxPathLength} are allowed`)
  else if (path.split('.').length > FILTER_BOUNDS.maxPathSegments) c.fail(at, `has more than ${FILTER_BOUNDS.maxPathSegments} keys`)
}

/**
 * Records every filter value or path over its bound (see {@link FILTER_BOUNDS}) on `c`.
 * Runs on the cleaned config that `validateConfig` builds.
 */
export function checkFilterBounds(c: Issues, config: WebhookConfig): void {
  if (config.filter) {
    checkPath(c, config.filter.keyToFilter, 'filter.keyToFilter')
    checkValues(c, config.filter.supportedValues, 'filter.supportedValues', FILTER_BOUNDS.maxSupportedValues)
  }
  config.filterConditions?.conditions?.forEach((condition, i) => {
    const p = `filterConditions.conditions[${i}]`
    checkPath(c, condition.field, `${p}.field`)
    const text = condition.operation !== undefined && TEXT_OPERATIONS.has(condition.operation)
    checkValues(c, condition.values, `${p}.values`, text ? FILTER_BOUNDS.maxTextValuesPerCondition : FILTER_BOUNDS.maxValuesPerCondition)
  })
}
