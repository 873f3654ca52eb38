import jsonata from 'jsonata'
import { PayloadTooLargeError, TransformError } from '../errors'
import { runTransform, TransformLimitError, transformPool, type TransformLimits } from './transform-pool'

export type { TransformLimits } from './transform-pool'

/** Limits of the syntax check (evaluations get theirs from {@link TransformLimits}). */
const TRANSFORM_LIMITS = { timeout: 1000, stack: 500 } as const

/** Defaults of {@link TransformLimits}: 1 s of evaluation, 1 MiB of output (the engine passes its own options). */
export const DEFAULT_TRANSFORM_LIMITS: TransformLimits = { timeoutMs: 1000, maxOutputBytes: 1024 * 1024 }

/** A compiled JSONata transform. */
export type Transform = (payload: unknown, limits?: TransformLimits) => Promise<unknown>

/** Parses a JSONata expression; throws the jsonata syntax error (with `message` and `position`). */
export function parseJsonata(expression: string): jsonata.Expression {
  return jsonata(expression, { ...TRANSFORM_LIMITS })
}

/**
 * Compiles `jsonataExpression` once (its syntax is checked here); the returned function evaluates it per payload on
 * the engine's JSONata worker pool, off the event loop. A runtime error, the time limit, a worker crash or an
 * expression that yields nothing throws {@link TransformError} (code `transform_failed`); a result larger than
 * `maxOutputBytes` as JSON throws {@link PayloadTooLargeError}.
 * @example
 * const t = compileTransform('{ "id": entity._id }')
 * await t({ entity: { _id: '1' } }) // { id: '1' }
 */
export function compileTransform(expression: string): Transform {
  parseJsonata(expression)
  transformPool() // start the worker now, not at the first event
  return async (payload, limits = DEFAULT_TRANSFORM_LIMITS) => {
    let json: string
    try {
      json = await runTransform(expression, payload, limits)
    } catch (error) {
      if (!(error instanceof TransformLimitError)) throw error
      if (error.reason === 'too_large') {
        throw new PayloadTooLargeError(`jsonataExpression ${error.message}; make it produce a smaller body or raise maxDeliveryBodyBytes.`)
      }
      if (error.reason === 'no_value') {
        throw new TransformError('jsonataExpression produced no value for this event; make it always yield a value (use filterConditions to skip events).')
      }
      throw new TransformError(`jsonataExpression failed: ${error.message}. Fix the expression or test it against getWebhookExample.`, { cause: error })
    }
    return JSON.parse(json) as unknown
  }
}
