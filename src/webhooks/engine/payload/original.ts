/**
 * The original input of an event for one config (`StoredEvent.original_payload`): what a replay with
 * `reapply_transform` runs the config's current filter, payload configuration and JSONata on again.
 */
import type { EngineEvent, Metadata, WebhookPayload } from '../model'
import { isObject } from '../validation'

/** The event as given plus the metadata as sent, in the key order `shapePayload` uses. */
export function originalInput(event: EngineEvent, metadata: Metadata): WebhookPayload {
  const input: WebhookPayload = { metadata, entity: event.entity }
  if (event.relations !== undefined) input.relations = event.relations
  if (event.activity !== undefined) input.activity = event.activity
  if (event.changed_attributes !== undefined) input.changed_attributes = event.changed_attributes
  if (event.event_attachments !== undefined) input.event_attachments = event.event_attachments
  return input
}

/** True when shaping kept every field of the input (so, without a transform, the payload text IS the original). */
export function keptEverything(shaped: object, input: object): boolean {
  return Object.keys(shaped).length === Object.keys(input).length
}

/** Reads a stored original back into the event and metadata a plan takes; `undefined` when it is not one. */
export function parseOriginal(text: string): { event: EngineEvent; metadata: Metadata } | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isObject(value) || !isObject(value.metadata) || !isObject(value.entity)) return undefined
  const { metadata, ...event } = value as unknown as WebhookPayload
  return { event, metadata }
}
