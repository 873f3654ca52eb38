/** `trigger`: one config, now — queued like an emit, or (sync) delivered while the caller waits. */
import type { TriggerResult, WebhookEngine } from '../api'
import { requireTarget } from '../config/configs'
import type { EngineContext } from '../context'
import { admit, beginSyncEvent, deliverNow, type IdempotencyScope } from './deliveries'
import { healthOnEvent } from './health-seam'
import { BadRequestError, EngineError } from '../errors'
import { parseTriggerInput } from '../payload/event-input'
import { planDelivery } from '../payload/plan'
import type { HttpResponseRecord } from '../store/types'

function toTriggerResult(eventId: string, startMs: number, endMs: number, response: HttpResponseRecord | undefined, status?: 'succeeded' | 'failed'): TriggerResult {
  const out: TriggerResult = { event_id: eventId, start_date: new Date(startMs).toISOString(), end_date: new Date(endMs).toISOString() }
  if (status) out.status = status
  if (response?.status_code !== undefined) out.status_code = String(response.status_code)
  if (response?.message !== undefined) out.message = response.message
  if (response?.body !== undefined) out.body = response.body
  if (response?.code !== undefined) out.code = response.code
  return out
}

const SKIPPED = { code: 'skipped', message: 'No filter condition matched; nothing was sent.' } as const

/** The answer to a repeated trigger (same idempotency key): the first call's event as it is now. */
async function repeated(ctx: EngineContext, eventId: string): Promise<TriggerResult> {
  const event = await ctx.store.getEvent(eventId)
  if (!event) throw new EngineError('internal_error', 'The event recorded under this idempotency key is gone (pruned).')
  const startMs = event.createdMs
  if (event.status === 'skipped') return { ...toTriggerResult(eventId, startMs, startMs, undefined), ...SKIPPED }
  if (event.status === 'in_progress') return { event_id: eventId, start_date: new Date(startMs).toISOString() }
  const last = event.attempt_history?.[event.attempt_history.length - 1]
  const endMs = last ? last.startedMs + last.durationMs : startMs
  return toTriggerResult(eventId, startMs, endMs, event.http_response, event.status)
}

/** Delivers to one active config; see {@link WebhookEngine.trigger}. */
export async function trigger(ctx: EngineContext, configId: string, body: unknown, sync: boolean, idempotencyKey?: string): Promise<TriggerResult> {
  const now = ctx.options.now
  const { metadata, event } = parseTriggerInput(body)
  const target = await requireTarget(ctx, configId)
  const config = target.stored.config
  if (config.status === 'incomplete') throw new BadRequestError('The config is incomplete (url, httpMethod or auth secret missing); complete it before triggering.')
  if (config.status === 'inactive') throw new BadRequestError('The config is disabled; enable it before triggering.')
  const scope: IdempotencyScope | undefined = idempotencyKey === undefined ? undefined : { key: `trigger:${config.id}:${idempotencyKey}` }
  const p = await planDelivery(config.eventName, target, event, metadata)
  const startMs = now()
  if (p.kind !== 'deliver' || !sync) {
    const { deliveries, duplicate } = await admit(ctx, [p], scope)
    const d = deliveries[0]
    if (!d) throw new EngineError('internal_error', 'The event could not be recorded.')
    if (duplicate) return repeated(ctx, d.eventId)
    if (p.kind === 'skipped') return { ...toTriggerResult(d.eventId, startMs, now(), undefined), ...SKIPPED }
    if (p.kind === 'failed') return toTriggerResult(d.eventId, startMs, now(), p.response, 'failed')
    return { event_id: d.eventId, start_date: new Date(startMs).toISOString() }
  }
  const begun = await beginSyncEvent(ctx, p, scope)
  if ('duplicateOf' in begun) return repeated(ctx, begun.duplicateOf)
  const row = begun.row
  try {
    const { result, update } = await deliverNow(ctx, target, row)
    const status = result.verdict === 'succeeded' ? 'succeeded' : 'failed'
    await ctx.store.updateEvent(row.event_id, { ...update, status, ...healthOnEvent(ctx, configId) })
    return toTriggerResult(row.event_id, startMs, now(), result.response, status)
  } finally {
    ctx.work.end()
  }
}
