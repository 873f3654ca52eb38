/**
 * Delivery planning: for one event and one config, decide — before anything is recorded — whether it is skipped by
 * the filters, fails in the transform, or is delivered with which payload text.
 */
import type { DeliveryTarget } from '../delivery/target'
import { PayloadTooLargeError } from '../errors'
import type { EngineEvent, Metadata, WebhookConfig } from '../model'
import type { HttpResponseRecord } from '../store/types'
import { isMultipart, planMultipart } from './multipart'
import { keptEverything, originalInput } from './original'
import { shapePayload } from './shape'
import { DEFAULT_TRANSFORM_LIMITS } from './transform'

/** The engine options planning reads (see `EngineOptions`). */
export interface PayloadLimits {
  /** Time limit of one `jsonataExpression` evaluation (ms). */
  transformTimeoutMs: number
  /** Largest delivery body (UTF-8 bytes); larger events end `failed` with {@link PAYLOAD_TOO_LARGE}. */
  maxDeliveryBodyBytes: number
}

/** `http_response.code` of an event whose body would exceed `maxDeliveryBodyBytes` (in the published code style). */
export const PAYLOAD_TOO_LARGE = 'INTERNAL_PAYLOAD_TOO_LARGE'

const DEFAULT_LIMITS: PayloadLimits = { transformTimeoutMs: DEFAULT_TRANSFORM_LIMITS.timeoutMs, maxDeliveryBodyBytes: DEFAULT_TRANSFORM_LIMITS.maxOutputBytes }

/** Whether a text's UTF-8 encoding is longer than `max` bytes (counts bytes only when the length leaves it open). */
function overLimit(text: string, max: number): boolean {
  if (text.length > max) return true
  return text.length * 3 > max && Buffer.byteLength(text) > max
}

function tooLarge(max: number, detail: string): HttpResponseRecord {
  return { code: PAYLOAD_TOO_LARGE, message: `The delivery body ${detail}, more than maxDeliveryBodyBytes (${max}); nothing was sent.` }
}

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

function filterFailed(eventName: string, target: DeliveryTarget, metadata: Metadata, error: unknown): Plan {
  return { kind: 'failed', eventName, target, metadata, response: { code: 'filter_failed', message: (error as Error).message } }
}

function stringifyOrUndefined(value: unknown): string | undefined {
  try {
    return JSON.stringify(value)
  } catch {
    return undefined
  }
}

function transformFailed(base: PlanBase, error: unknown, input: object): Plan {
  const e = error as { message?: unknown }
  const original = stringifyOrUndefined(input)
  return { ...base, ...(original !== undefined ? { original } : {}), kind: 'failed', response: { code: 'transform_failed', message: String(e.message ?? error) } }
}

/**
 * Shapes and serialises `event` for a target whose filters matched, keeping the original input for replays with
 * `reapply_transform`; `binary_multipart` configs get their multipart envelope. Transform errors become 'failed'.
 */
async function planPayload(eventName: string, target: DeliveryTarget, event: EngineEvent, metadata: Metadata, limits: PayloadLimits): Promise<Plan> {
  const config = target.stored.config
  const max = limits.maxDeliveryBodyBytes
  const base: PlanBase = { eventName, target, metadata }
  const input = originalInput(event, metadata)
  if (isMultipart(config)) {
    try {
      const original = JSON.stringify(input)
      const planned = await planMultipart(config, shapePayload(event, metadata, config.payloadConfiguration))
      if (planned.kind === 'deliver' && overLimit(planned.payload, max)) return { ...base, original, kind: 'failed', response: tooLarge(max, 'with its files is larger') }
      if (planned.kind === 'deliver') return { ...base, original, kind: 'deliver', payload: planned.payload, multipart: true }
      return { ...base, original, kind: planned.kind, response: { code: planned.kind === 'skipped' ? 'no_attachment' : 'multipart_failed', message: planned.message } }
    } catch (error) {
      return transformFailed(base, error, input)
    }
  }
  try {
    const value = await target.compiled.buildPayload(event, metadata, { timeoutMs: limits.transformTimeoutMs, maxOutputBytes: max })
    const payload = JSON.stringify(value)
    if (overLimit(payload, max)) return { ...base, original: JSON.stringify(input), kind: 'failed', response: tooLarge(max, `has ${Buffer.byteLength(payload)} bytes`) }
    // Without a transform and with nothing left out, the payload text is the original: keep one string, not two.
    const same = !config.jsonataExpression?.trim() && typeof value === 'object' && value !== null && keptEverything(value, input)
    return { ...base, original: same ? payload : JSON.stringify(input), kind: 'deliver', payload }
  } catch (error) {
    if (error instanceof PayloadTooLargeError) return { ...base, kind: 'failed', response: tooLarge(max, 'produced by jsonataExpression is larger') }
    return transformFailed(base, error, input)
  }
}

/** Filters, shapes and serialises `event` for one target. Never throws: filter and transform errors become 'failed'. */
export async function planDelivery(eventName: string, target: DeliveryTarget, event: EngineEvent, baseMetadata: Metadata, limits: PayloadLimits = DEFAULT_LIMITS): Promise<Plan> {
  const metadata = metadataFor(baseMetadata, target.stored.config)
  try {
    const matched = target.compiled.matches(event, metadata)
    if (!(typeof matched === 'boolean' ? matched : await matched)) return { kind: 'skipped', eventName, target, metadata }
  } catch (error) {
    return filterFailed(eventName, target, metadata, error)
  }
  return planPayload(eventName, target, event, metadata, limits)
}

/** Plans one config of an emit: synchronous (no promise, no allocation beyond the plan) when its filters do not match. */
export type EmitPlanner = (target: DeliveryTarget) => Plan | Promise<Plan>

/**
 * The planner of one emit, for its configs in turn (call it for one config at a time and await a returned promise
 * before the next call: the filters of every config read one scratch metadata object).
 *
 * A config whose filters do not match costs one filter evaluation and a compact `skipped` plan: its metadata is
 * the emit's metadata (one copy shared by every skipped config of the emit), without `webhook_id`/`webhook_name`,
 * which the event log adds back when it shows the record.
 */
export function planEmit(eventName: string, event: EngineEvent, baseMetadata: Metadata, limits: PayloadLimits = DEFAULT_LIMITS): EmitPlanner {
  // What filters read: the caller's metadata with this config's id and name, rewritten per config.
  const scratch: Metadata = { ...baseMetadata, webhook_id: baseMetadata.webhook_id, webhook_name: baseMetadata.webhook_name }
  let shared: Metadata | undefined
  return (target) => {
    const config = target.stored.config
    scratch.webhook_id = baseMetadata.webhook_id ?? config.id
    scratch.webhook_name = baseMetadata.webhook_name ?? config.name
    let matched: boolean | Promise<boolean>
    try {
      matched = target.compiled.matches(event, scratch)
    } catch (error) {
      return filterFailed(eventName, target, metadataFor(baseMetadata, config), error)
    }
    if (matched === false) return { kind: 'skipped', eventName, target, metadata: (shared ??= { ...baseMetadata }) }
    const metadata = metadataFor(baseMetadata, config)
    if (matched === true) return planPayload(eventName, target, event, metadata, limits)
    return matched.then(
      (ok) => (ok ? planPayload(eventName, target, event, metadata, limits) : { kind: 'skipped', eventName, target, metadata: (shared ??= { ...baseMetadata }) }),
      (error: unknown) => filterFailed(eventName, target, metadata, error),
    )
  }
}
