/** Replays: the stored payload as sent (the same string, not re-serialised), to the config as it is now. */
import { requireTarget } from '../config/configs'
import type { EngineContext } from '../context'
import { admit } from './deliveries'
import { BadRequestError, RequestValidationError } from '../errors'
import { requireEvent } from '../log/event-log'
import type { Plan } from '../payload/plan'
import { Issues } from '../validation'

/** `BatchReplayRequest.eventIds`: a non-empty list of non-empty ids; throws RequestValidationError listing every problem. */
export function parseEventIds(value: unknown): string[] {
  const c = new Issues()
  if (!Array.isArray(value)) c.fail('eventIds', value === undefined ? 'is required' : 'must be an array of event ids')
  else if (value.length === 0) c.fail('eventIds', 'must list at least one event id')
  else value.forEach((id, i) => typeof id === 'string' && id.trim() !== '' ? undefined : c.fail(`eventIds[${i}]`, 'must be a non-empty string'))
  c.throwIfAny((issues) => new RequestValidationError(issues))
  return value as string[]
}

/**
 * Checks every id first (all or nothing), then records and queues one new event per id; returns their ids in order.
 */
export async function replay(ctx: EngineContext, configId: string, eventIds: readonly string[]): Promise<string[]> {
  const target = await requireTarget(ctx, configId)
  if (!target.stored.config.url || target.stored.config.status === 'incomplete') {
    throw new BadRequestError('The config is incomplete (url, httpMethod or auth secret missing); complete it before replaying.')
  }
  const plans: Plan[] = []
  for (const id of eventIds) {
    const event = await requireEvent(ctx.store, configId, id)
    if (event.payload === undefined) {
      throw new BadRequestError(`Event ${id} was never sent (skipped or failed before sending); there is no payload to replay.`)
    }
    plans.push({ kind: 'deliver', eventName: event.event_name, target, metadata: event.metadata ?? { organization_id: event.org_id }, payload: event.payload })
  }
  ctx.work.assertOpen()
  return (await admit(ctx, plans)).deliveries.map((d) => d.eventId)
}
