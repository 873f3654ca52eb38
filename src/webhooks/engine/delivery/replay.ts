/**
 * Replays, to the config as it is now: the stored payload as sent (the same string, not re-serialised), or — with
 * `reapply_transform` — the stored original input run through the config's current filter, payload configuration
 * and JSONata again. Each replay is recorded as a new event whose `replay_of` names the event it replays.
 */
import type { ReplayOptions } from '../api'
import { requireTarget } from '../config/configs'
import type { EngineContext } from '../context'
import { admit } from './deliveries'
import { BadRequestError, EngineError, RequestValidationError } from '../errors'
import { requireEvent } from '../log/event-log'
import { parseOriginal } from '../payload/original'
import { planDelivery, type Plan } from '../payload/plan'
import type { StoredEvent } from '../store/types'
import type { DeliveryTarget } from './target'
import { Issues, type JsonObject } from '../validation'

/** Most ids one batch replay takes (`BatchReplayRequest.eventIds` maxItems). */
export const MAX_BATCH_REPLAY_IDS = 100

function readReapply(c: Issues, body: JsonObject): boolean {
  return c.boolean(body, 'reapply_transform', '') ?? false
}

/** A `ReplayRequest` body (optional): `{ reapply_transform?: boolean }`; throws RequestValidationError. */
export function parseReplayRequest(body: unknown): { reapply: boolean } {
  const c = new Issues()
  const obj = body === undefined || body === null ? {} : c.object(body, '', 'must be a JSON object like { "reapply_transform": true }')
  const reapply = obj ? readReapply(c, obj) : false
  c.throwIfAny((issues) => new RequestValidationError(issues))
  return { reapply }
}

/** `BatchReplayRequest.eventIds`: 1–100 non-empty ids; records every problem in `c`. */
function readEventIds(c: Issues, value: unknown): string[] {
  if (!Array.isArray(value)) return c.fail('eventIds', value === undefined || value === null ? 'is required' : 'must be an array of event ids') ?? []
  if (value.length === 0) c.fail('eventIds', 'must list at least one event id')
  if (value.length > MAX_BATCH_REPLAY_IDS) c.fail('eventIds', `must list at most ${MAX_BATCH_REPLAY_IDS} event ids (got ${value.length}); split the batch`)
  value.forEach((id, i) => (typeof id === 'string' && id.trim() !== '' ? undefined : c.fail(`eventIds[${i}]`, 'must be a non-empty string')))
  return value as string[]
}

/** `BatchReplayRequest.eventIds` alone; throws RequestValidationError listing every problem. */
export function parseEventIds(value: unknown): string[] {
  const c = new Issues()
  const ids = readEventIds(c, value)
  c.throwIfAny((issues) => new RequestValidationError(issues))
  return ids
}

/** A whole `BatchReplayRequest` body: `{ eventIds, reapply_transform? }`; throws RequestValidationError listing every problem. */
export function parseBatchReplayRequest(body: unknown): { eventIds: string[]; reapply: boolean } {
  const c = new Issues()
  const obj = c.object(body, '', 'must be a JSON object like { "eventIds": ["…"] }')
  if (!obj) throw new RequestValidationError(c.list)
  const eventIds = readEventIds(c, obj.eventIds)
  const reapply = readReapply(c, obj)
  c.throwIfAny((issues) => new RequestValidationError(issues))
  return { eventIds, reapply }
}

/** The plan that resends an event's stored payload unchanged. */
function resendPlan(target: DeliveryTarget, event: StoredEvent): Plan {
  if (event.payload === undefined) {
    throw new BadRequestError(`Event ${event.event_id} was never sent (skipped or failed before sending); there is no payload to replay. Replay it with reapply_transform to run the config on its original input.`)
  }
  return {
    kind: 'deliver',
    eventName: event.event_name,
    target,
    metadata: event.metadata ?? { organization_id: event.org_id },
    payload: event.payload,
    ...(event.multipart ? { multipart: true as const } : {}),
    ...(event.original_payload !== undefined ? { original: event.original_payload } : {}),
    replayOf: event.event_id,
  }
}

/** The plan of the config's current pipeline run on an event's stored original input. */
async function reapplyPlan(target: DeliveryTarget, event: StoredEvent): Promise<Plan> {
  const original = event.original_payload === undefined ? undefined : parseOriginal(event.original_payload)
  if (!original) {
    throw new EngineError('no_original_source', `Event ${event.event_id} has no stored original input to run the transform on again (skipped events keep none); replay it without reapply_transform.`)
  }
  return { ...(await planDelivery(event.event_name, target, original.event, original.metadata)), replayOf: event.event_id }
}

/**
 * Checks every id first (all or nothing), then records and queues one new event per id; returns their ids in order.
 * With `reapply`, an event filtered out by the current config is recorded as skipped, a failing transform as failed.
 */
export async function replay(ctx: EngineContext, configId: string, eventIds: readonly string[], options: ReplayOptions = {}): Promise<string[]> {
  const target = await requireTarget(ctx, configId)
  if (!target.stored.config.url || target.stored.config.status === 'incomplete') {
    throw new BadRequestError('The config is incomplete (url, httpMethod or auth secret missing); complete it before replaying.')
  }
  const plans: Plan[] = []
  for (const id of eventIds) {
    const event = await requireEvent(ctx.store, configId, id)
    plans.push(options.reapply_transform ? await reapplyPlan(target, event) : resendPlan(target, event))
  }
  ctx.work.assertOpen()
  return (await admit(ctx, plans)).deliveries.map((d) => d.eventId)
}
