/**
 * Running deliveries: admitting planned events into the log (record) and the queue, async attempts with retries until
 * the deadline, and sync attempts for triggers.
 */
import { retryDelay } from '../../../core/retry-policy'
import type { EmitResult } from '../api'
import { loadTarget } from '../config/configs'
import type { EngineContext } from '../context'
import { newEvent } from '../log/event-log'
import type { Plan } from '../payload/plan'
import type { DeliveryJob, HttpResponseRecord, StoredEvent } from '../store/types'
import { attemptDelivery, type AttemptResult } from './attempt'
import { healthOnEvent, observeHealth } from './health-seam'
import { decideRetry } from './retry-after'
import type { DeliveryTarget } from './target'

/** Logs a sync trigger's event as in_progress and counts it as outstanding; call `work.end()` when it is done. */
export async function beginSyncEvent(ctx: EngineContext, p: Plan & { kind: 'deliver' }): Promise<StoredEvent> {
  const createdMs = ctx.createdAt()
  const row = newEvent(p, ctx.nextEventId(createdMs), createdMs)
  await ctx.store.insertEvent(row)
  ctx.work.begin()
  return row
}

/** One attempt, reported to `onAttempt` (ids, number, outcome, duration: no headers, no body). */
async function attempt(ctx: EngineContext, target: DeliveryTarget, event: StoredEvent, timeoutMs: number, n: number): Promise<AttemptResult> {
  const startMs = ctx.options.now()
  const result = await attemptDelivery(target, event, timeoutMs, ctx)
  await observeHealth(ctx, target, result)
  const { status_code: statusCode, code } = result.response
  try {
    ctx.options.onAttempt?.({ configId: event.webhook_config_id, eventId: event.event_id, attempt: n, outcome: result.verdict, ...(statusCode !== undefined ? { statusCode } : {}), ...(code !== undefined ? { code } : {}), durationMs: ctx.options.now() - startMs })
  } catch {
    // An observer's mistake must not change the delivery.
  }
  return result
}

/** How an event ends. */
interface Ending {
  status: 'succeeded' | 'failed'
  attempts: number
  response: HttpResponseRecord
}

function internalError(attempts: number, error: unknown): Ending {
  return { status: 'failed', attempts, response: { code: 'internal_error', message: (error as Error).message } }
}

/** Marks an event terminal and counts it done, even when the store update fails. */
async function finish(ctx: EngineContext, eventId: string, ending: Ending, configId?: string): Promise<void> {
  try {
    await ctx.store.updateEvent(eventId, { status: ending.status, attempts: ending.attempts, http_response: ending.response, ...healthOnEvent(ctx, configId) })
  } finally {
    ctx.work.end()
  }
}

/**
 * Records plans (one created_at for all) and queues their deliveries. Queue room for every 'deliver' is reserved
 * first, all or nothing: a QueueFullError records nothing.
 */
export async function admit(ctx: EngineContext, plans: readonly Plan[]): Promise<EmitResult['deliveries']> {
  const { store, dispatcher } = ctx
  let reserved = 0
  for (const p of plans) if (p.kind === 'deliver') reserved++
  dispatcher.reserve(reserved)
  const createdMs = ctx.createdAt()
  const out: EmitResult['deliveries'] = []
  try {
    for (const p of plans) {
      const row = newEvent(p, ctx.nextEventId(createdMs), createdMs)
      const status = row.status // as recorded: the row object may be updated by its delivery before this returns
      await store.insertEvent(row)
      if (p.kind === 'deliver') {
        ctx.work.begin()
        reserved--
        try {
          await dispatcher.push({ eventId: row.event_id, configId: row.webhook_config_id, attempts: 0, deadlineMs: createdMs + ctx.options.asyncDeadlineMs, runAtMs: createdMs })
        } catch (error) {
          // The queue refused the job: end the event now rather than leave it in_progress forever.
          dispatcher.release(1)
          await finish(ctx, row.event_id, { status: 'failed', attempts: 0, response: { code: 'internal_error', message: `Could not queue the delivery: ${(error as Error).message}` } })
          throw error
        }
      }
      out.push({ configId: row.webhook_config_id, eventId: row.event_id, status })
    }
  } finally {
    dispatcher.release(reserved)
  }
  return out
}

/**
 * One attempt of a claimed job. Returns how the event ends, or undefined when a retry was scheduled.
 * Throws only when the store does.
 */
async function attemptJob(ctx: EngineContext, job: DeliveryJob): Promise<Ending | undefined> {
  const { store, options: o } = ctx
  const event = await store.getEvent(job.eventId)
  const target = await loadTarget(ctx, job.configId)
  if (!event || !target) {
    return {
      status: 'failed',
      attempts: job.attempts,
      response: { code: 'config_deleted', message: 'The webhook config was deleted before this event could be delivered.' },
    }
  }
  const disabled = target.stored.config.health?.disabled_reason
  if (disabled !== undefined) {
    return { status: 'failed', attempts: job.attempts, response: { ...event.http_response, code: 'config_disabled', message: `Not sent: the config was disabled. ${disabled}` } }
  }
  const remaining = job.deadlineMs - o.now()
  if (remaining <= 0) {
    const last = event.http_response
    return {
      status: 'failed',
      attempts: job.attempts,
      response: { ...last, code: last?.code ?? 'deadline_exceeded', message: last?.message ?? `Not delivered within ${o.asyncDeadlineMs} ms.` },
    }
  }
  const attempts = job.attempts + 1
  const result = await attempt(ctx, target, event, Math.min(remaining, o.asyncAttemptTimeoutMs), attempts)
  if (result.verdict === 'retry' && attempts < o.asyncMaxAttempts) {
    const delayMs = retryDelay({ attempt: attempts, backoff: o.backoff, random: o.random, ...retryAfter(result) })
    // The retry schedule ends at the deadline: a Retry-After past it ends the event now, with a code saying so.
    const next = decideRetry({ delayMs, retryAfterMs: result.retryAfterMs, nowMs: o.now(), endMs: job.deadlineMs, response: result.response, limitName: 'retry schedule' })
    if (next.kind === 'wait') {
      await store.updateEvent(job.eventId, { attempts, http_response: result.response })
      void retryLater(ctx, { ...job, attempts, runAtMs: o.now() + next.delayMs }, next.delayMs)
      return undefined
    }
    return { status: 'failed', attempts, response: next.response }
  }
  return { status: result.verdict === 'succeeded' ? 'succeeded' : 'failed', attempts, response: result.response }
}

/** Runs one claimed job: one attempt, then a retry later or the terminal status. Never rejects. */
export async function runJob(ctx: EngineContext, job: DeliveryJob): Promise<void> {
  let ending: Ending | undefined
  try {
    ending = await attemptJob(ctx, job)
  } catch (error) {
    // A store failure must still end the event: mark it failed (best effort) and let idle() resolve.
    ending = internalError(job.attempts, error)
  }
  if (ending) await finish(ctx, job.eventId, ending, job.configId).catch(() => undefined)
}

async function retryLater(ctx: EngineContext, job: DeliveryJob, delay: number): Promise<void> {
  try {
    await ctx.options.sleep(delay)
    await ctx.dispatcher.requeue(job)
  } catch (error) {
    await finish(ctx, job.eventId, internalError(job.attempts, error)).catch(() => undefined)
  }
}

function retryAfter(result: AttemptResult): { retryAfterMs?: number } {
  return result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }
}

/**
 * Sync delivery: up to 1 + syncRetries attempts, each aborted after syncTimeoutMs, all within syncBudgetMs. A wait
 * that would end past the budget ends the series at once (with `retry_after_exceeds_budget` when a Retry-After
 * asked for it): the caller never waits past the budget.
 */
export async function deliverNow(ctx: EngineContext, target: DeliveryTarget, row: StoredEvent): Promise<{ result: AttemptResult; attempts: number }> {
  const o = ctx.options
  const endMs = o.now() + o.syncBudgetMs
  let attempts = 0
  for (;;) {
    attempts++
    const result = await attempt(ctx, target, row, Math.max(0, Math.min(o.syncTimeoutMs, endMs - o.now())), attempts)
    if (result.verdict !== 'retry' || attempts > o.syncRetries) return { result, attempts }
    const delayMs = retryDelay({ attempt: attempts, backoff: o.backoff, random: o.random, ...retryAfter(result) })
    const next = decideRetry({ delayMs, retryAfterMs: result.retryAfterMs, nowMs: o.now(), endMs, response: result.response, limitName: 'sync budget' })
    if (next.kind === 'stop') return { result: { ...result, response: next.response }, attempts }
    await ctx.store.updateEvent(row.event_id, { attempts, http_response: result.response })
    await o.sleep(next.delayMs)
  }
}
