/**
 * A recorded config and event carrying every field the reference engine adds beyond the published contract
 * (health, last_delivery_at, attempt_history, request_headers, replay_of), served by a fake engine behind the
 * real HTTP server, so the dashboard's rendering of them is checked before the engine sends them.
 */
import type { EventPage, WebhookEngine, WebhookEventRecord } from '../../src/webhooks/engine/api'
import type { DashboardConfig, DashboardEvent } from '../../src/dashboard/model'
import { createFakeEngine } from '../webhooks/engine/server-fake'

export const RECORDED_CONFIG: DashboardConfig = {
  id: 'cfg-rec',
  name: 'Billing sync',
  eventName: 'customer_request_created',
  url: 'https://billing.example.com/hooks/epilot',
  httpMethod: 'POST',
  enabled: true,
  status: 'active',
  auth: { authType: 'API_KEY', apiKeyConfig: { keyName: 'x-api-key', keyValue: '*****' } },
  health: { state: 'open', failure_ratio: 0.7, window_attempts: 20, last_error: 'HTTP 503', last_failure_at: '2025-11-05T12:01:10.000Z' },
  last_delivery_at: '2025-11-05T12:01:13.000Z',
}

export const RECORDED_EVENT: DashboardEvent = {
  event_id: 'evt_recorded_2',
  org_id: 'org-1',
  webhook_config_id: 'cfg-rec',
  created_at: '2025-11-05T12:01:00.000Z',
  event_name: 'customer_request_created',
  status: 'succeeded',
  url: 'https://billing.example.com/hooks/epilot',
  http_method: 'POST',
  attempts: 3,
  retry_attempt: 2,
  replay_of: 'evt_original_1',
  // The published type of `body` is an empty object type; receivers answer anything.
  http_response: { status_code: 200, message: 'OK', body: { received: true } as unknown as Record<string, never> },
  payload: '{"metadata":{"organization_id":"org-1"},"entity":{"_id":"req-42","_title":"Solar request"}}',
  request_headers: {
    'content-type': 'application/json',
    'x-api-key': '***',
    'webhook-id': 'msg_2Xg',
    'webhook-signature': 'v1a,ZmFrZS1zaWduYXR1cmU=',
  },
  attempt_history: [
    { attempt: 1, started_at: '2025-11-05T12:01:00.000Z', duration_ms: 1234, status_code: 503, message: 'Service Unavailable' },
    { attempt: 2, started_at: '2025-11-05T12:01:06.000Z', duration_ms: 30000, code: 'timeout', message: 'No answer within 30 s' },
    { attempt: 3, started_at: '2025-11-05T12:01:13.000Z', duration_ms: 850, status_code: 200, message: 'OK' },
  ],
}

/** A WebhookEngine that serves the recorded config and event (and nothing else). */
export function recordedEngine(): WebhookEngine {
  const base = createFakeEngine()
  // The engine's record type does not list the extensions yet; on the wire they are plain extra fields.
  const event = RECORDED_EVENT as WebhookEventRecord
  const page: EventPage = { data: [event], has_more: false }
  return {
    ...base,
    listConfigs: async () => [RECORDED_CONFIG],
    getConfig: async () => RECORDED_CONFIG,
    searchEvents: async () => page,
    getEvent: async () => event,
  }
}
