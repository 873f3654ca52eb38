/**
 * Delivery planning: for one event and one config, decide — before anything is recorded — whether it is skipped by
 * the filters, fails in the transform, or is delivered with which payload text.
 */
import type { DeliveryTarget } from '../delivery/target'
import type { EngineEvent, Metadata, WebhookConfig } from '../model'
import type { HttpResponseRecord } from '../store/types'
import { isMultipart, planMultipart } from './multipart'
import { keptEverything, originalInput } from './original'
import { shapePayload } from './shape'

/** What every plan carries besides its outcome. */
interface PlanBase {
  eventName: string
  target: DeliveryTarget
  metadata: Metadata
  /** The event's input before shaping and JSONata (see `StoredEvent.original_payload`); absent for skipped events. */
  original?: string
  /** Set when the plan replays a logged event. */
  replayOf?: string
}

/** What happens to one config for one event. */
export type Plan =
  | (PlanBase & { kind: 'deliver'; payload: string; multipart?: true })
  | (PlanBase & { kind: 'skipped' | 'failed'; response?: HttpResponseRecord })

/** Metadata as sent for one config: the config's id and name filled in unless the caller set them. */
function metadataFor(metadata: Metadata, config: WebhookConfig & { id: string }): Metadata {
  return { ...metadata, webhook_id: metadata.webhook_id ?? config.id, webhook_name: metadata.webhook_name ?? config.name }
}

function stringifyOrUndefined(value: unknown): string | undefined {
  try {
    return JSON.stringify(value)
  } catch {
    return undefined
  }
}

function failed(base: PlanBase, error: unknown, input: object): Plan {
  const e = error as { message?: unknown }
  const original = stringifyOrUndefined(input)
  return { ...base, ...(original !== undefined ? { original } : {}), kind: 'failed', response: { code: 'transform_failed', message: String(e.message ?? error) } }
}

/** Filters, shapes and serialises `event` for one target. Never throws: filter and transform errors become 'failed'. */
export async function planDelivery(eventName: string, target: DeliveryTarget, event: EngineEvent, baseMetadata: Metadata): Promise<Plan> {
  const config = target.stored.config
  const metadata = metadataFor(baseMetadata, config)
  const base: PlanBase = { eventName, target, metadata }
  try {
    const matched = target.compiled.matches(event, metadata)
    if (!(typeof matched === 'boolean' ? matched : await matched)) return { ...base, kind: 'skipped' }
  } catch (error) {
    return { ...base, kind: 'failed', response: { code: 'filter_failed', message: (error as Error).message } }
  }
  const input = originalInput(event, metadata)
  if (isMultipart(config)) {
    try {
      const original = JSON.stringify(input)
      const planned = await planMultipart(config, shapePayload(event, metadata, config.payloadConfiguration))
      if (planned.kind === 'deliver') return { ...base, original, kind: 'deliver', payload: planned.payload, multipart: true }
      return { ...base, original, kind: planned.kind, response: { code: planned.kind === 'skipped' ? 'no_attachment' : 'multipart_failed', message: planned.message } }
    } catch (error) {
      return failed(base, error, input)
    }
  }
  try {
    const value = await target.compiled.buildPayload(event, metadata)
    const payload = JSON.stringify(value)
    // Without a transform and with nothing left out, the payload text is the original: keep one string, not two.
    const same = !config.jsonataExpression?.trim() && typeof value === 'object' && value !== null && keptEverything(value, input)
    return { ...base, original: same ? payload : JSON.stringify(input), kind: 'deliver', payload }
  } catch (error) {
    return failed(base, error, input)
  }
}
