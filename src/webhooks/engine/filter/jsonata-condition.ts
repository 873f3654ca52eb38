/**
 * Conditions given as `jsonata_expression`: parsed once per config revision, evaluated per event against the filter
 * scope `{ metadata, entity, relations, activity, changed_attributes }`; the condition holds when the result is
 * truthy by JSONata's `$boolean` rules (no result is false).
 */
import jsonata from 'jsonata'
import type { EngineEvent, Metadata } from '../model'

/**
 * Bounds of one condition evaluation (JSONata's own guards): wall time in ms, evaluation depth, and the length of
 * any sequence it builds. An expression that exceeds one fails the event with `filter_failed`.
 */
export const JSONATA_CONDITION_LIMITS = { timeout: 50, stack: 100, sequence: 10_000 } as const

/** Longest `jsonata_expression` accepted (the published contract's maxLength). */
export const MAX_JSONATA_CONDITION_LENGTH = 15_000

/** A compiled JSONata condition. */
export type AsyncEventPredicate = (event: EngineEvent, metadata: Metadata) => Promise<boolean>

/** Parses a condition expression with the condition limits; throws JSONata's syntax error (`message`, `position`). */
export function parseJsonataCondition(expression: string): jsonata.Expression {
  return jsonata(expression, { ...JSONATA_CONDITION_LIMITS })
}

function isJsonataFunction(value: object): boolean {
  return '_jsonata_lambda' in value || '_jsonata_function' in value
}

/** JSONata's `$boolean` (effective boolean value), with no result read as false. */
export function jsonataTruthy(value: unknown): boolean {
  if (value === undefined || value === null) return false
  if (Array.isArray(value)) {
    if (value.length === 1) return jsonataTruthy(value[0])
    for (const item of value) if (jsonataTruthy(item)) return true
    return false
  }
  switch (typeof value) {
    case 'string':
      return value.length > 0
    case 'number':
      return !Number.isNaN(value) && value !== 0
    case 'boolean':
      return value
    case 'object':
      return !isJsonataFunction(value) && Object.keys(value).length > 0
    default:
      return false
  }
}

/**
 * Compiles one JSONata condition. A runtime error or an exceeded limit rejects with an Error naming the condition.
 * @example
 * const holds = compileJsonataCondition('entity.amount > 100', 'filterConditions.conditions[0]')
 * await holds({ entity: { amount: 150 } }, { organization_id: '1' }) // true
 */
export function compileJsonataCondition(expression: string, where: string): AsyncEventPredicate {
  const compiled = parseJsonataCondition(expression)
  return async (event, metadata) => {
    const scope = {
      metadata,
      entity: event.entity,
      relations: event.relations,
      activity: event.activity,
      changed_attributes: event.changed_attributes,
    }
    try {
      return jsonataTruthy(await compiled.evaluate(scope))
    } catch (error) {
      const e = error as { message?: unknown }
      const detail = typeof e === 'object' && e !== null && e.message !== undefined ? String(e.message) : String(error)
      throw new Error(`${where}.jsonata_expression failed: ${detail}`, { cause: error })
    }
  }
}
