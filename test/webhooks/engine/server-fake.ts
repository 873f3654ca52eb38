/**
 * An in-test WebhookEngine: records every call, returns canned values, and throws whatever a test queues
 * with `failNext`. Lets the server tests pin the HTTP mapping without the real engine.
 */
import { createInboundHub } from '../../../src/webhooks/engine/inbound/hub'
import { inboundEngineMethods } from '../../../src/webhooks/engine/inbound/engine-methods'
import type { EventPage, PublicKeyInfo, TriggerResult, WebhookEngine, WebhookEventRecord } from '../../../src/webhooks/engine/api'
import type { WebhookConfig } from '../../../src/webhooks/engine/model'

export interface Call {
  method: keyof WebhookEngine
  args: unknown[]
}

export const CONFIG: WebhookConfig = { id: 'cfg1', name: 'crm', eventName: 'customer_request_created', url: 'https://example.com/hook', httpMethod: 'POST' }
export const EVENT: WebhookEventRecord = {
  event_id: 'e1',
  org_id: 'org-1',
  webhook_config_id: 'cfg1',
  created_at: '2025-01-01T00:00:00.000Z',
  event_name: 'customer_request_created',
  status: 'succeeded',
}
export const PAGE: EventPage = { data: [EVENT], has_more: false }
export const TRIGGERED: TriggerResult = { event_id: 'e9', status: 'succeeded', status_code: '200' }
export const PUBLIC_KEY: PublicKeyInfo = { public_key: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n', algorithm: 'ed25519', issuer: 'epilot' }
export const EXAMPLE = { metadata: { organization_id: 'org-1' }, entity: { _id: 'x' }, relations: [] }

export interface FakeEngine extends WebhookEngine {
  calls: Call[]
  /** The next engine call (any method) throws this. */
  failNext(error: unknown): void
}

export function createFakeEngine(): FakeEngine {
  const calls: Call[] = []
  let failure: { error: unknown } | undefined
  function record(method: keyof WebhookEngine, args: unknown[]): void {
    calls.push({ method, args })
    if (failure) {
      const { error } = failure
      failure = undefined
      throw error
    }
  }
  return {
    calls,
    failNext(error) {
      failure = { error }
    },
    async createConfig(input) {
      record('createConfig', [input])
      return { ...CONFIG, ...(input as object), id: 'cfg-new' }
    },
    async getConfig(configId) {
      record('getConfig', [configId])
      return { ...CONFIG, id: configId }
    },
    async updateConfig(configId, input) {
      record('updateConfig', [configId, input])
      return { ...(input as WebhookConfig), id: configId }
    },
    async deleteConfig(configId) {
      record('deleteConfig', [configId])
    },
    async listConfigs(filter) {
      record('listConfigs', [filter])
      return [CONFIG]
    },
    async getConfiguredEvents() {
      record('getConfiguredEvents', [])
      return [{ eventName: 'customer_request_created', eventLabel: 'Customer Request Created' }]
    },
    registerEvent(entry) {
      record('registerEvent', [entry])
    },
    async emit(eventName, event, metadata) {
      record('emit', [eventName, event, metadata])
      return { deliveries: [] }
    },
    async trigger(configId, body, options) {
      record('trigger', [configId, body, options])
      return TRIGGERED
    },
    async getEvent(configId, eventId) {
      record('getEvent', [configId, eventId])
      return { ...EVENT, webhook_config_id: configId, event_id: eventId }
    },
    async searchEvents(configId, options) {
      record('searchEvents', [configId, options])
      return PAGE
    },
    async listEvents(configId, options) {
      record('listEvents', [configId, options])
      return { data: PAGE.data, cursor: 'next-page' }
    },
    async testOAuth(configId) {
      record('testOAuth', [configId])
      return { success: true, message: 'OAuth token exchange successful', expires_in: 3600, token_type: 'Bearer' }
    },
    async replayEvent(configId, eventId) {
      record('replayEvent', [configId, eventId])
      return { eventId: 'e-replayed' }
    },
    async batchReplay(configId, eventIds) {
      record('batchReplay', [configId, eventIds])
      return { eventIds: eventIds.map((id) => `${id}-replayed`) }
    },
    async getExample(configId, request) {
      record('getExample', [configId, request])
      return EXAMPLE
    },
    getPublicKey(orgId) {
      record('getPublicKey', [orgId])
      return PUBLIC_KEY
    },
    async idle() {},
    async stats() {
      return { queued: 0, inFlight: 0, maxQueueSize: 10_000, endpoints: [] }
    },
    async drain() {},
    async close() {},
    // Inbound webhooks are not faked: a real hub without emit, so the server's inbound routes work.
    ...inboundEngineMethods(createInboundHub()),
  }
}
