import type { EngineEvent, Metadata, PayloadConfiguration, WebhookPayload } from '../model'

/**
 * Builds the payload sent to the receiver (before `jsonataExpression`): `metadata` and `entity` always;
 * `relations`, `activity` and `changed_attributes` only when their `include_*` flag is true AND the event
 * carries them; `event_attachments` whenever the event carries them. With no `payloadConfiguration` all three are left out. The entity and relations are passed
 * through exactly as the event gives them (the engine looks nothing up; `hydrate_entity` has no effect here).
 * @example
 * shapePayload({ entity: { _id: '1' }, relations: [] }, { organization_id: '42' }, { include_relations: true })
 * // → { metadata: { organization_id: '42' }, entity: { _id: '1' }, relations: [] }
 */
export function shapePayload(event: EngineEvent, metadata: Metadata, options: PayloadConfiguration | undefined): WebhookPayload {
  const payload: WebhookPayload = { metadata, entity: event.entity }
  if (options?.include_relations && event.relations !== undefined) payload.relations = event.relations
  if (options?.include_activity && event.activity !== undefined) payload.activity = event.activity
  if (options?.include_changed_attributes && event.changed_attributes !== undefined) {
    payload.changed_attributes = event.changed_attributes
  }
  // Files are part of a file event whatever the flags: binary_multipart picks them from here, json_base64 sends them.
  if (event.event_attachments !== undefined) payload.event_attachments = event.event_attachments
  return payload
}
