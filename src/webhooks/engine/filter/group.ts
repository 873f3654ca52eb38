import type { ComparisonCondition, EngineEvent, Metadata, WebhookCondition, WebhookConditionGroup } from '../model'
import { compileConditionsToCode } from './codegen'
import { compileJsonataCondition, type AsyncEventPredicate } from './jsonata-condition'

/** A compiled `filterConditions`: a boolean, or a promise of one when a JSONata condition has to decide. */
export type FilterMatcher = (event: EngineEvent, metadata: Metadata) => boolean | Promise<boolean>

/** True when the condition is given in its JSONata form. */
export function isJsonataCondition(condition: WebhookCondition): condition is WebhookCondition & { jsonata_expression: string } {
  return typeof condition.jsonata_expression === 'string' && condition.jsonata_expression.trim() !== ''
}

async function all(list: readonly AsyncEventPredicate[], e: EngineEvent, m: Metadata): Promise<boolean> {
  for (const p of list) if (!(await p(e, m))) return false
  return true
}

async function any(list: readonly AsyncEventPredicate[], e: EngineEvent, m: Metadata): Promise<boolean> {
  for (const p of list) if (await p(e, m)) return true
  return false
}

/**
 * Compiles a (validated) condition group once per config revision: the comparison conditions become one generated
 * function (see `codegen.ts`), JSONata conditions are parsed. Comparisons run first, synchronously; the JSONata
 * conditions run (one after another) only when the comparisons did not decide the group. An empty group matches.
 * @example
 * const match = compileFilterConditions({ logical_operator: 'OR', conditions: [...] })
 * const ok = await match(event, metadata)
 */
export function compileFilterConditions(group: WebhookConditionGroup): FilterMatcher {
  const conditions = group.conditions ?? []
  if (conditions.length === 0) return () => true
  const or = group.logical_operator === 'OR'
  const comparisons: ComparisonCondition[] = []
  const expressions: AsyncEventPredicate[] = []
  conditions.forEach((condition, i) => {
    if (isJsonataCondition(condition)) expressions.push(compileJsonataCondition(condition.jsonata_expression, `filterConditions.conditions[${i}]`))
    else comparisons.push(condition as ComparisonCondition)
  })
  const sync = comparisons.length > 0 ? compileConditionsToCode(comparisons, or) : undefined
  if (expressions.length === 0) return sync as FilterMatcher
  if (or) return (e, m) => (sync !== undefined && sync(e, m)) || any(expressions, e, m)
  return (e, m) => (sync !== undefined && !sync(e, m) ? false : all(expressions, e, m))
}
