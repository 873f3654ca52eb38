/** `trigger`: one config, now — queued like an emit, or (sync) delivered while the caller waits. */
import type { TriggerResult, WebhookEngine } from '../api'
import { requireTarget } from '../config/configs'
import type { EngineContext } from '../context'
import { admit, beginSyncEvent, deliverNow } from './deliveries'
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

/** Delivers to one active config; see {@link WebhookEngine.trigger}. */
export async function trigger(ctx: EngineContext, configId: string, body: unknown, sync: boolean): Promise<TriggerResult> {
  const now = ctx.options.now
  const { metadata, event } = parseTriggerInput(body)
  const target = await requireTarget(ctx, configId)
  const config = target.stored.config
  if (config.status === 'incomplete') throw new BadRequestError('The config is incomplete (url, httpMethod or auth secret missing); complete it before triggering.')
  if (config.status === 'inactive') throw new BadRequestError('The config is disabled; enable it before triggering.')
  const p = await planDelivery(config.eventName, target, event, metadata, ctx.options)
  const startMs = now()
  if (p.kind !== 'deliver' || !sync) {
    const [d] = await admit(ctx, [p])
    if (!d) throw new EngineError('internal_error', 'The event could not be recorded.')
    if (p.kind === 'skipped') return { ...toTriggerResult(d.eventId, startMs, now(), undefined), code: 'skipped', message: 'No filter condition matched; nothing was sent.' }
    if (p.kind === 'failed') return toTriggerResult(d.eventId, startMs, now(), p.response, 'failed')
    return { event_id: d.eventId, start_date: new Date(startMs).toISOString() }
  }
  const row = await beginSyncEvent(ctx, p)
  try {
    const { result, attempts } = await deliverNow(ctx, target, row)
    const status = result.verdict === 'succeeded' ? 'succeeded' : 'failed'
    await ctx.store.updateEvent(row.event_id, { status, attempts, http_response: result.response, ...healthOnEvent(ctx, configId) })
    return toTriggerResult(row.event_id, startMs, now(), result.response, status)
  } finally {
    ctx.work.end()
  }
}
