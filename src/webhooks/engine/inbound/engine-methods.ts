import type { WebhookEngine } from '../api'
import type { InboundHub } from './types'

/** The inbound-webhook part of the engine's API. */
export type InboundEngineMethods = Pick<
  WebhookEngine,
  'inbound' | 'createInboundWebhook' | 'getInboundWebhook' | 'listInboundWebhooks' | 'updateInboundWebhook' | 'deleteInboundWebhook' | 'on' | 'once' | 'off'
>

/** The engine's inbound-webhook methods, each delegating to the hub (shared by the engine and its test doubles). */
export function inboundEngineMethods(hub: InboundHub): InboundEngineMethods {
  return {
    inbound: hub,
    createInboundWebhook: async (input) => hub.create(input),
    getInboundWebhook: async (id) => hub.get(id),
    listInboundWebhooks: async () => hub.list(),
    updateInboundWebhook: async (id, input) => hub.update(id, input),
    deleteInboundWebhook: async (id) => hub.delete(id),
    on: (eventKey, handler) => hub.on(eventKey, handler),
    once: (eventKey, handler) => hub.once(eventKey, handler),
    off: (eventKey, handler) => hub.off(eventKey, handler),
  }
}
