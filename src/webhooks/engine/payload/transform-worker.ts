/**
 * The JSONata worker (run by the piscina pool of `transform-pool.ts`, one task per evaluation): evaluates an
 * expression with JSONata's own guardrails (time limit, stack depth) and serialises the result here, refusing output
 * over the size limit — so neither a runaway expression nor a huge result ever reaches the engine's event loop.
 * Imports nothing of the engine: it is built as its own file (tsup entry `webhooks/engine/transform-worker`).
 */
import jsonata from 'jsonata'

/** One evaluation. */
export interface TransformTask {
  expression: string
  input: unknown
  /** JSONata's evaluation time limit (ms), counted from the start of the evaluation. */
  timeoutMs: number
  /** Largest UTF-8 size of the serialised result. */
  maxOutputBytes: number
}

/** What the main thread gets back: the result as JSON text, or why there is none. */
export type TransformReply =
  | { ok: true; json: string }
  | { ok: false; reason: 'error' | 'timeout' | 'no_value' | 'too_large'; message: string }

/** Deepest evaluation stack JSONata may build (runaway recursion ends here). */
const MAX_STACK = 500
/**
 * Longest sequence JSONata may build, ranges included (`[1..10000000]` ends here at once instead of filling the
 * worker's heap). A body within the output limit cannot hold more items anyway.
 */
export const MAX_SEQUENCE = 1_000_000
/** Compiled expressions kept per worker. */
const CACHE_SIZE = 64

const cache = new Map<string, jsonata.Expression>()

function compiled(expression: string, timeoutMs: number): jsonata.Expression {
  const key = `${timeoutMs}\u0000${expression}`
  let expr = cache.get(key)
  if (expr === undefined) {
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string)
    expr = jsonata(expression, { timeout: timeoutMs, stack: MAX_STACK, sequence: MAX_SEQUENCE } as jsonata.JsonataOptions)
    cache.set(key, expr)
  }
  return expr
}

function messageOf(error: unknown): { code?: unknown; message: string } {
  const e = error as { code?: unknown; message?: unknown } | null
  return { code: e?.code, message: typeof e?.message === 'string' ? e.message : String(error) }
}

/** Evaluates one task; never throws (every failure is a reply). */
export default async function evaluateTransform(task: TransformTask): Promise<TransformReply> {
  let result: unknown
  try {
    result = await compiled(task.expression, task.timeoutMs).evaluate(task.input)
  } catch (error) {
    const { code, message } = messageOf(error)
    if (code === 'D1012') return { ok: false, reason: 'timeout', message: `ran longer than ${task.timeoutMs} ms` }
    if (code === 'D1011') return { ok: false, reason: 'error', message: `recursed deeper than ${MAX_STACK} levels` }
    if (code === 'D2014' || code === 'D2015') return { ok: false, reason: 'error', message: `built a sequence of more than ${MAX_SEQUENCE} items` }
    return { ok: false, reason: 'error', message }
  }
  if (result === undefined) return { ok: false, reason: 'no_value', message: 'produced no value' }
  let json: string
  try {
    json = JSON.stringify(result) ?? 'null'
  } catch (error) {
    return { ok: false, reason: 'error', message: `result is not JSON: ${messageOf(error).message}` }
  }
  // Characters first (cheap): a string of n UTF-16 units has at least n UTF-8 bytes.
  if (json.length > task.maxOutputBytes || Buffer.byteLength(json) > task.maxOutputBytes) {
    return { ok: false, reason: 'too_large', message: `produced ${Buffer.byteLength(json)} bytes, more than the limit of ${task.maxOutputBytes}` }
  }
  return { ok: true, json }
}
