import jsonata from 'jsonata'
import { TransformError } from '../errors'

/** Limits applied to every evaluation so one bad expression cannot stall the engine. */
const TRANSFORM_LIMITS = { timeout: 1000, stack: 500 } as const

/** A compiled JSONata transform. */
export type Transform = (payload: unknown) => Promise<unknown>

/** Parses a JSONata expression; throws the jsonata syntax error (with `message` and `position`). */
export function parseJsonata(expression: string): jsonata.Expression {
  return jsonata(expression, { ...TRANSFORM_LIMITS })
}

/**
 * Compiles `jsonataExpression` once; the returned function evaluates it per payload.
 * A runtime error, a timeout (1 s) or an expression that yields nothing throws {@link TransformError}
 * (code `transform_failed`).
 * @example
 * const t = compileTransform('{ "id": entity._id }')
 * await t({ entity: { _id: '1' } }) // { id: '1' }
 */
export function compileTransform(expression: string): Transform {
  const compiled = parseJsonata(expression)
  return async (payload) => {
    let result: unknown
    try {
      result = await compiled.evaluate(payload)
    } catch (error) {
      const detail = error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)
        ? String((error as { message: unknown }).message)
        : String(error)
      throw new TransformError(`jsonataExpression failed: ${detail}. Fix the expression or test it against getWebhookExample.`, { cause: error })
    }
    if (result === undefined) {
      throw new TransformError(
        'jsonataExpression produced no value for this event; make it always yield a value (use filterConditions to skip events).',
      )
    }
    return result
  }
}
