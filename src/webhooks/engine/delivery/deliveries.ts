/**
 * Running deliveries: admitting planned events into the log and the queue (one atomic store write), the round of a
 * claimed job (claim → attempt → settle: done, or a retry waiting in the store), and sync attempts for triggers.
 */
import { policyRetries, PUBLISHED_RETRY_SCHEDULE_MS, retryDelay, scheduledRetryDelay } from '../../../core/retry-policy'
import type { EmitResult } from '../api'
import { loadTarget } from '../config/configs'
import type { EngineContext } from '../context'
import { newEvent } from '../log/event-log'
import type { Plan } from '../payload/plan'
import { MAX_ATTEMPT_HISTORY, type DeliveryJob, type EventUpdate, type HttpResponseRecord, type Settlement, type StoredEvent } from '../store/types'
import { attemptDelivery, type AttemptResult } from './attempt'
import type { RunOutcome } from './dispatcher'
import { healthOnEvent, observeHealth } from './health-seam'
import { decideRetry, remainingScheduleMs } from './retry-after'
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
  if (jobs.length > 0) {
    ctx.dispatcher.noteQueued(jobs.length)
    ctx.dispatcher.notify()
  }
  return { deliveries, duplicate: false }
}

/** One attempt, reported to `onAttempt` (ids, number, outcome, duration: no headers, no body). */
async function attempt(ctx: EngineContext, target: DeliveryTarget, event: StoredEvent, timeoutMs: number, n: number): Promise<AttemptResult> {
  const result = await attemptDelivery(target, event, timeoutMs, ctx)
  await observeHealth(ctx, target, result)
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

/** The round ends the event; it keeps its config's health when that was not healthy (isolation). */
function done(ctx: EngineContext, configId: string, status: 'succeeded' | 'failed', update: EventUpdate): Settlement {
  return { kind: 'done', update: { ...update, status, ...healthOnEvent(ctx, configId) } }
}

function failedWithout(ctx: EngineContext, job: DeliveryJob, response: HttpResponseRecord): Settlement {
  return done(ctx, job.configId, 'failed', { attempts: job.attempts, http_response: response })
}

function retryAfter(result: AttemptResult): { retryAfterMs?: number } {
  return result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }
}

/** After a retryable outcome: wait this long, or stop (with the response to record). */
type NextRound = { kind: 'wait'; delayMs: number } | { kind: 'stop'; response: HttpResponseRecord }

/**
 * What follows attempt `n` of a claimed job that asked for a retry. Configs with a `retryPolicy` follow the published
 * schedule; others back off until the deadline, and a Retry-After past it ends the event with a code saying so.
 */
function nextRound(ctx: EngineContext, target: DeliveryTarget, job: DeliveryJob, n: number, result: AttemptResult): NextRound {
  const o = ctx.options
  const policy = target.stored.config.retryPolicy
  if (policy) {
    const delayMs = scheduledRetryDelay(policy, n, { scale: o.retryScheduleScale, ...retryAfter(result) })
    if (delayMs === undefined) return { kind: 'stop', response: result.response }
    // A Retry-After may stretch a wait, never past the schedule's end (its remaining planned waits; the +1 makes the
    // last planned wait itself fit).
    const nowMs = o.now()
    const endMs = nowMs + remainingScheduleMs(PUBLISHED_RETRY_SCHEDULE_MS, n, policyRetries(policy), o.retryScheduleScale) + 1
    return decideRetry({ delayMs, retryAfterMs: result.retryAfterMs, nowMs, endMs, response: result.response, limitName: 'retry schedule' })
  }
  if (n >= o.asyncMaxAttempts) return { kind: 'stop', response: result.response }
  const delayMs = retryDelay({ attempt: n, backoff: o.backoff, random: o.random, ...retryAfter(result) })
  return decideRetry({ delayMs, retryAfterMs: result.retryAfterMs, nowMs: o.now(), endMs: job.deadlineMs, response: result.response, limitName: 'retry schedule' })
}

/** The attempt of a claimed job and how its round ends. Throws only when the store does. */
async function attemptJob(ctx: EngineContext, job: DeliveryJob): Promise<Settlement & { delayMs?: number }> {
  const { store, options: o } = ctx
  const event = await store.getEvent(job.eventId)
  const target = await loadTarget(ctx, job.configId)
  if (!event || !target) {
    return failedWithout(ctx, job, { code: 'config_deleted', message: 'The webhook config was deleted before this event could be delivered.' })
  }
  const disabled = target.stored.config.health?.disabled_reason
  if (disabled !== undefined) {
    return failedWithout(ctx, job, { ...event.http_response, code: 'config_disabled', message: `Not sent: the config was disabled. ${disabled}` })
  }
  const hasPolicy = target.stored.config.retryPolicy !== undefined
  const remaining = hasPolicy ? o.asyncDeadlineMs : job.deadlineMs - o.now()
  if (remaining <= 0) {
    const last = event.http_response
    return failedWithout(ctx, job, { ...last, code: last?.code ?? 'deadline_exceeded', message: last?.message ?? `Not delivered within ${o.asyncDeadlineMs} ms.` })
  }
  const n = job.attempts + 1
  const result = await attempt(ctx, target, event, Math.min(remaining, o.asyncAttemptTimeoutMs), n)
  const update = attemptUpdate(event, result, n)
  if (result.verdict === 'retry') {
    const next = nextRound(ctx, target, job, n, result)
    if (next.kind === 'wait') return { kind: 'retry', update, attempts: n, runAtMs: o.now() + next.delayMs, delayMs: next.delayMs }
    return done(ctx, job.configId, 'failed', { ...update, http_response: next.response })
  }
  return done(ctx, job.configId, result.verdict === 'succeeded' ? 'succeeded' : 'failed', update)
}

/**
 * Runs one claimed job: attempt, then settle it in the store (done, or a retry at its run time). Never rejects.
 * When the store cannot be reached to settle, the lease runs out and a worker claims the job again.
 */
export async function runJob(ctx: EngineContext, job: DeliveryJob): Promise<RunOutcome> {
  let settlement: Settlement & { delayMs?: number }
  try {
    settlement = await attemptJob(ctx, job)
  } catch (error) {
    settlement = failedWithout(ctx, job, { code: 'internal_error', message: (error as Error).message })
  }
  const settled = await ctx.store.settle(ctx.dispatcher.workerId, job.eventId, settlement).catch(() => false)
  if (!settled || settlement.kind !== 'retry') return undefined
  return { retryAtMs: settlement.runAtMs, delayMs: settlement.delayMs ?? 0 }
}

/**
 * Sync delivery: up to 1 + syncRetries attempts, each aborted after syncTimeoutMs, all within syncBudgetMs. A wait
 * that would end past the budget ends the series at once (with `retry_after_exceeds_budget` when a Retry-After
 * asked for it): the caller never waits past the budget.
 */
export async function deliverNow(ctx: EngineContext, target: DeliveryTarget, row: StoredEvent): Promise<{ result: AttemptResult; update: EventUpdate }> {
  const o = ctx.options
  const endMs = o.now() + o.syncBudgetMs
  let event = row
  for (let n = 1; ; n++) {
    const result = await attempt(ctx, target, event, Math.max(0, Math.min(o.syncTimeoutMs, endMs - o.now())), n)
    const update = attemptUpdate(event, result, n)
    if (result.verdict !== 'retry' || n > o.syncRetries) return { result, update }
    const delayMs = retryDelay({ attempt: n, backoff: o.backoff, random: o.random, ...retryAfter(result) })
    const next = decideRetry({ delayMs, retryAfterMs: result.retryAfterMs, nowMs: o.now(), endMs, response: result.response, limitName: 'sync budget' })
    if (next.kind === 'stop') return { result: { ...result, response: next.response }, update: { ...update, http_response: next.response } }
    await ctx.store.updateEvent(row.event_id, update)
    event = { ...event, ...update }
    await o.sleep(next.delayMs)
  }
}
