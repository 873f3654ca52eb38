/**
 * Running deliveries: admitting planned events into the log and the queue (one atomic store write), the round of a
 * claimed job (claim → attempt → settle: done, or a retry waiting in the store), and sync attempts for triggers.
 */
import { retryDelay, scheduledRetryDelay } from '../../../core/retry-policy'
import type { EmitResult } from '../api'
import { loadTarget } from '../config/configs'
import type { EngineContext } from '../context'
import { newEvent } from '../log/event-log'
import type { Plan } from '../payload/plan'
import { MAX_ATTEMPT_HISTORY, type DeliveryJob, type EventUpdate, type HttpResponseRecord, type Settlement, type StoredEvent } from '../store/types'
import { attemptDelivery, type AttemptResult } from './attempt'
import type { DeliveryTarget } from './target'

/** An idempotency key as the store keeps it: scoped (`emit:…`, `trigger:<config>:…`), with its lifetime. */
export interface IdempotencyScope {
  key: string
}

/** What `admit` did: the deliveries, and whether they were recorded now or by an earlier call with the same key. */
export interface Admitted {
  deliveries: EmitResult['deliveries']
  duplicate: boolean
}

function idempotency(ctx: EngineContext, scope: IdempotencyScope | undefined, result: unknown): { idempotency?: { key: string; result: unknown; expiresMs: number; nowMs: number } } {
  if (!scope) return {}
  const nowMs = ctx.options.now()
  return { idempotency: { key: scope.key, result, expiresMs: nowMs + ctx.options.idempotencyTtlMs, nowMs } }
}

/** Logs a sync trigger's event as in_progress and counts it as outstanding; call `work.end()` when it is done. */
export async function beginSyncEvent(ctx: EngineContext, p: Plan & { kind: 'deliver' }, scope?: IdempotencyScope): Promise<{ row: StoredEvent } | { duplicateOf: string }> {
  const createdMs = ctx.createdAt()
  const row = newEvent(p, ctx.nextEventId(createdMs), createdMs)
  const outcome = await ctx.store.record({ events: [row], jobs: [], ...idempotency(ctx, scope, [{ configId: row.webhook_config_id, eventId: row.event_id, status: row.status }]) })
  if (!outcome.recorded) return { duplicateOf: (outcome.result as EmitResult['deliveries'])[0]?.eventId as string }
  ctx.work.begin()
  return { row }
}

/**
 * Records plans (one created_at for all) and queues their deliveries in one store write: all or nothing, so a
 * QueueFullError (more than `maxQueueSize` waiting) records nothing. With an idempotency key seen before, nothing
 * is recorded and the earlier deliveries are returned.
 */
export async function admit(ctx: EngineContext, plans: readonly Plan[], scope?: IdempotencyScope): Promise<Admitted> {
  const createdMs = ctx.createdAt()
  const events: StoredEvent[] = []
  const jobs: DeliveryJob[] = []
  const deliveries: EmitResult['deliveries'] = []
  for (const p of plans) {
    const row = newEvent(p, ctx.nextEventId(createdMs), createdMs)
    events.push(row)
    deliveries.push({ configId: row.webhook_config_id, eventId: row.event_id, status: row.status })
    if (p.kind === 'deliver') {
      jobs.push({ eventId: row.event_id, configId: row.webhook_config_id, attempts: 0, deadlineMs: createdMs + ctx.options.asyncDeadlineMs, runAtMs: createdMs })
    }
  }
  const outcome = await ctx.store.record({ events, jobs, maxQueued: ctx.options.maxQueueSize, ...idempotency(ctx, scope, deliveries) })
  if (!outcome.recorded) return { deliveries: outcome.result as EmitResult['deliveries'], duplicate: true }
  if (jobs.length > 0) ctx.dispatcher.notify()
  return { deliveries, duplicate: false }
}

/** One attempt, reported to `onAttempt` (ids, number, outcome, duration: no headers, no body). */
async function attempt(ctx: EngineContext, target: DeliveryTarget, event: StoredEvent, timeoutMs: number, n: number): Promise<AttemptResult> {
  const result = await attemptDelivery(target, event, timeoutMs, ctx)
  const { status_code: statusCode, code } = result.response
  try {
    ctx.options.onAttempt?.({ configId: event.webhook_config_id, eventId: event.event_id, attempt: n, outcome: result.verdict, ...(statusCode !== undefined ? { statusCode } : {}), ...(code !== undefined ? { code } : {}), durationMs: result.durationMs })
  } catch {
    // An observer's mistake must not change the delivery.
  }
  return result
}

/** The log fields an attempt changes: attempts, retries so far, the response, the history, the headers sent. */
function attemptUpdate(event: StoredEvent, result: AttemptResult, n: number): EventUpdate {
  const r = result.response
  const entry: NonNullable<StoredEvent['attempt_history']>[number] = { attempt: n, startedMs: result.startedMs, durationMs: result.durationMs }
  if (r.status_code !== undefined) entry.status_code = r.status_code
  if (r.code !== undefined) entry.code = r.code
  if (r.message !== undefined) entry.message = r.message
  const history = event.attempt_history ? [...event.attempt_history, entry] : [entry]
  const update: EventUpdate = {
    attempts: n,
    retry_attempt: n - 1,
    http_response: r,
    attempt_history: history.length > MAX_ATTEMPT_HISTORY ? history.slice(-MAX_ATTEMPT_HISTORY) : history,
  }
  if (result.requestHeaders) update.request_headers = result.requestHeaders
  return update
}

function done(status: 'succeeded' | 'failed', update: EventUpdate): Settlement {
  return { kind: 'done', update: { ...update, status } }
}

function failedWithout(attempts: number, response: HttpResponseRecord): Settlement {
  return done('failed', { attempts, http_response: response })
}

function retryAfter(result: AttemptResult): { retryAfterMs?: number } {
  return result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }
}

/**
 * The wait before the next attempt of a claimed job whose attempt `n` asked for a retry, or undefined when no retry
 * is left. Configs with a `retryPolicy` follow the published schedule; others back off until the deadline.
 */
function nextRetryDelay(ctx: EngineContext, target: DeliveryTarget, job: DeliveryJob, n: number, result: AttemptResult): number | undefined {
  const o = ctx.options
  const policy = target.stored.config.retryPolicy
  if (policy) return scheduledRetryDelay(policy, n, { scale: o.retryScheduleScale, ...retryAfter(result) })
  if (n >= o.asyncMaxAttempts) return undefined
  const delay = retryDelay({ attempt: n, backoff: o.backoff, random: o.random, ...retryAfter(result) })
  return o.now() + delay < job.deadlineMs ? delay : undefined
}

/** The attempt of a claimed job and how its round ends. Throws only when the store does. */
async function attemptJob(ctx: EngineContext, job: DeliveryJob): Promise<Settlement> {
  const { store, options: o } = ctx
  const event = await store.getEvent(job.eventId)
  const target = await loadTarget(ctx, job.configId)
  if (!event || !target) {
    return failedWithout(job.attempts, { code: 'config_deleted', message: 'The webhook config was deleted before this event could be delivered.' })
  }
  const hasPolicy = target.stored.config.retryPolicy !== undefined
  const remaining = hasPolicy ? o.asyncDeadlineMs : job.deadlineMs - o.now()
  if (remaining <= 0) {
    const last = event.http_response
    return failedWithout(job.attempts, { ...last, code: last?.code ?? 'deadline_exceeded', message: last?.message ?? `Not delivered within ${o.asyncDeadlineMs} ms.` })
  }
  const n = job.attempts + 1
  const result = await attempt(ctx, target, event, Math.min(remaining, o.asyncAttemptTimeoutMs), n)
  const update = attemptUpdate(event, result, n)
  if (result.verdict === 'retry') {
    const delay = nextRetryDelay(ctx, target, job, n, result)
    if (delay !== undefined) return { kind: 'retry', update, attempts: n, runAtMs: o.now() + delay }
  }
  return done(result.verdict === 'succeeded' ? 'succeeded' : 'failed', update)
}

/**
 * Runs one claimed job: attempt, then settle it in the store (done, or a retry at its run time). Never rejects.
 * When the store cannot be reached to settle, the lease runs out and a worker claims the job again.
 */
export async function runJob(ctx: EngineContext, job: DeliveryJob): Promise<void> {
  let settlement: Settlement
  try {
    settlement = await attemptJob(ctx, job)
  } catch (error) {
    settlement = failedWithout(job.attempts, { code: 'internal_error', message: (error as Error).message })
  }
  await ctx.store.settle(ctx.dispatcher.workerId, job.eventId, settlement).catch(() => undefined)
}

/** Sync delivery: up to 1 + syncRetries attempts, each aborted after syncTimeoutMs. */
export async function deliverNow(ctx: EngineContext, target: DeliveryTarget, row: StoredEvent): Promise<{ result: AttemptResult; update: EventUpdate }> {
  const o = ctx.options
  let event = row
  for (let n = 1; ; n++) {
    const result = await attempt(ctx, target, event, o.syncTimeoutMs, n)
    const update = attemptUpdate(event, result, n)
    if (result.verdict !== 'retry' || n > o.syncRetries) return { result, update }
    await ctx.store.updateEvent(row.event_id, update)
    event = { ...event, ...update }
    // A Retry-After longer than one attempt's timeout is not worth blocking the caller for.
    await o.sleep(retryDelay({ attempt: n, backoff: o.backoff, random: o.random, ...retryAfter(result), capMs: o.syncTimeoutMs }))
  }
}
