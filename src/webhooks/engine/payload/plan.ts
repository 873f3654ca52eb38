/**
 * Delivery planning: for one event and one config, decide — before anything is recorded — whether it is skipped by
 * the filters, fails in the transform, or is delivered with which payload text.
 */
import type { DeliveryTarget } from '../delivery/target'
import type { EngineEvent, Metadata, WebhookConfig } from '../model'
import type { HttpResponseRecord } from '../store/types'

/** What happens to one config for one event. */
export type Plan =
  | { kind: 'deliver'; eventName: string; target: DeliveryTarget; metadata: Metadata; payload: string }
  | { kind: 'skipped' | 'failed'; eventName: string; target: DeliveryTarget; metadata: Metadata; response?: HttpResponseRecord }

/** Metadata as sent for one config: the config's id and name filled in unless the caller set them. */
function metadataFor(metadata: Metadata, config: WebhookConfig & { id: string }): Metadata {
  return { ...metadata, webhook_id: metadata.webhook_id ?? config.id, webhook_name: metadata.webhook_name ?? config.name }
}

/** Filters, shapes and serialises `event` for one target. Never throws: filter and transform errors become 'failed'. */
export async function planDelivery(eventName: string, target: DeliveryTarget, event: EngineEvent, baseMetadata: Metadata): Promise<Plan> {
  const metadata = metadataFor(baseMetadata, target.stored.config)
  try {
    const matched = target.compiled.matches(event, metadata)
    if (!(typeof matched === 'boolean' ? matched : await matched)) return { kind: 'skipped', eventName, target, metadata }
  } catch (error) {
    return { kind: 'failed', eventName, target, metadata, response: { code: 'filter_failed', message: (error as Error).message } }
  }
  try {
    const payload = JSON.stringify(await target.compiled.buildPayload(event, metadata))
    return { kind: 'deliver', eventName, target, metadata, payload }
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown }
    return { kind: 'failed', eventName, target, metadata, response: { code: 'transform_failed', message: String(e.message ?? error) } }
  }
}
