/**
 * Nesting-depth limits for JSON the engine accepts, so no deep input can overflow a recursive walk later (token
 * redaction, JSON.stringify, JSONata, filters). Checked without recursion.
 */

/** Deepest nesting of objects and arrays accepted in a JSON request body (REST API and inbound webhooks). */
export const MAX_BODY_DEPTH = 100

/**
 * Deepest nesting accepted in an event handed to `emit`/`trigger`: a body at {@link MAX_BODY_DEPTH} plus the few
 * levels of envelope the engine wraps around it (an inbound event's `entity.body`, the payload's `entity`).
 */
export const MAX_EVENT_DEPTH = 128

/**
 * Whether `value` nests objects/arrays more than `max` levels deep (`{}` and `[]` are depth 1, a scalar 0).
 * Iterative, and stops at the first path past the limit.
 * @example
 * exceedsDepth({ a: [{}] }, 2) // true
 */
export function exceedsDepth(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false
  const stack: unknown[] = [value]
  const depths: number[] = [1]
  while (stack.length > 0) {
    const node = stack.pop() as object
    const depth = depths.pop() as number
    if (depth > max) return true
    const children: unknown[] = Array.isArray(node) ? node : Object.values(node)
    for (const child of children) {
      if (child !== null && typeof child === 'object') {
        stack.push(child)
        depths.push(depth + 1)
      }
    }
  }
  return false
}
