/**
 * JSONata off the event loop: one piscina worker pool per process evaluates every `jsonataExpression`, so a runaway
 * or huge transform costs a worker thread, never the engine's REST API or other deliveries. Each task carries its
 * limits; a task that outlives its time limit by {@link HARD_STOP_EXTRA_MS} (counted from when it was queued) is
 * aborted, which terminates its worker (piscina starts a fresh one).
 */
import { availableParallelism } from 'node:os'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Piscina } from 'piscina'
import type { TransformReply, TransformTask } from './transform-worker'

/** Limits of one evaluation. */
export interface TransformLimits {
  /** JSONata evaluation time limit in ms (JSONata's own guardrail, inside the worker). */
  timeoutMs: number
  /** Largest UTF-8 size of the result as JSON text, in bytes. */
  maxOutputBytes: number
}

/** Why a transform produced no body: the worker's reasons, or `crashed` (out of memory, stopped from outside). */
export type TransformFailure = Extract<TransformReply, { ok: false }>['reason'] | 'crashed'

/** A transform that produced no body, with the reason. */
export class TransformLimitError extends Error {
  constructor(
    readonly reason: TransformFailure,
    message: string,
  ) {
    super(message)
    this.name = 'TransformLimitError'
  }
}

/**
 * Extra time after the evaluation limit before the worker is terminated from outside: covers starting a worker,
 * queueing behind other transforms, and the few steps JSONata's guardrail cannot interrupt (one huge range,
 * serialising the result). The evaluation limit itself is enforced inside the worker, from the evaluation's start.
 */
export const HARD_STOP_EXTRA_MS = 30_000

/** Old-generation heap of a worker: a transform that needs more ends `crashed`, not the process. */
const WORKER_HEAP_MB = 256

function moduleDirectory(): string {
  // The CommonJS build has __dirname (and an empty import.meta); ESM has import.meta.url.
  return typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url))
}

/**
 * The worker file: the built one next to the running module (dist/webhooks/engine/, seen from the entry or from a
 * shared chunk in dist/), or the TypeScript source when running from src/ (tests, tsx), loaded through tsx.
 */
export function findWorkerFile(start: string = moduleDirectory()): { file: string; typescript: boolean } {
  for (const candidate of ['transform-worker.cjs', join('webhooks', 'engine', 'transform-worker.cjs')]) {
    const file = join(start, candidate)
    if (existsSync(file)) return { file, typescript: false }
  }
  return { file: join(start, 'transform-worker.ts'), typescript: true }
}

let shared: Piscina | undefined

/** The process's JSONata pool, started (with one warm worker) on first use. */
export function transformPool(): Piscina {
  if (shared === undefined) {
    const { file, typescript } = findWorkerFile()
    shared = new Piscina({
      filename: file,
      // One worker stays (unreferenced, so it never keeps the process alive): no start-up cost per transform.
      minThreads: 1,
      maxThreads: Math.max(1, Math.min(4, availableParallelism())),
      // Idle workers end after a while (and never keep the process alive meanwhile).
      idleTimeout: 30_000,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      execArgv: typescript ? ['--import', 'tsx'] : [],
    })
  }
  return shared
}

/**
 * Evaluates `expression` on `input` in the worker pool; resolves the result as JSON text, or rejects with
 * {@link TransformLimitError} (reason `error`, `timeout`, `no_value`, `too_large` or `crashed`).
 * @example
 * const json = await runTransform('{ "id": entity._id }', payload, { timeoutMs: 1000, maxOutputBytes: 1 << 20 })
 */
export async function runTransform(expression: string, input: unknown, limits: TransformLimits): Promise<string> {
  const task: TransformTask = { expression, input, timeoutMs: limits.timeoutMs, maxOutputBytes: limits.maxOutputBytes }
  let reply: TransformReply
  try {
    reply = (await transformPool().run(task, { signal: AbortSignal.timeout(limits.timeoutMs + HARD_STOP_EXTRA_MS) })) as TransformReply
  } catch (error) {
    const e = error as { name?: unknown; code?: unknown; message?: unknown }
    if (e?.name === 'AbortError') throw new TransformLimitError('crashed', `did not finish within ${limits.timeoutMs + HARD_STOP_EXTRA_MS} ms and was stopped`)
    if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') throw new TransformLimitError('crashed', `needed more than ${WORKER_HEAP_MB} MB of memory`)
    throw new TransformLimitError('crashed', `the transform worker failed (${String(e?.message ?? error)})`)
  }
  if (!reply.ok) throw new TransformLimitError(reply.reason, reply.message)
  return reply.json
}
