/**
 * Every call the dashboard makes, through the generated `@epilot/sdk/webhooks` client (the build bundles the
 * package's built browser entry): the same REST API users call, nothing else.
 */
import { createClient, EpilotApiError } from '../webhooks/index'
import type { EventListResponse, SearchOptions, TriggerWebhookResp } from '../webhooks/index'
import { withEnabled, type DashboardConfig, type DashboardEvent } from './model'

/** A page of a config's events. */
export interface EventPage {
  events: DashboardEvent[]
  hasMore: boolean
  nextCursor: SearchOptions['cursor'] | undefined
}

/** What the views need from the engine. */
export interface DashboardApi {
  /** Fails (401) when the token is refused. */
  checkToken(): Promise<void>
  listConfigs(): Promise<DashboardConfig[]>
  getConfig(configId: string): Promise<DashboardConfig>
  setEnabled(config: DashboardConfig, enabled: boolean): Promise<DashboardConfig>
  searchEvents(configId: string, options: SearchOptions): Promise<EventPage>
  getEvent(configId: string, eventId: string): Promise<DashboardEvent>
  /** Replays one event; resolves to the new event's id when the server says it (`Location`). */
  replay(configId: string, eventId: string): Promise<string | undefined>
  replayBatch(configId: string, eventIds: string[]): Promise<void>
  /** Triggers the config with its example payload (queued). */
  sendTestEvent(configId: string): Promise<TriggerWebhookResp>
}

/** Creates the API over the engine at `baseURL`, sending the token `token()` returns with every call. */
export function createDashboardApi(baseURL: string, token: () => string | undefined): DashboardApi {
  // Polling does its own backoff; a failed refresh should show at once rather than retry behind the scenes.
  const client = createClient({ baseURL, token, retries: false, timeout: 30_000 })
  return {
    async checkToken() {
      await client.getConfigs()
    },
    async listConfigs() {
      const { data } = await client.getConfigs()
      return data as DashboardConfig[]
    },
    async getConfig(configId) {
      const { data } = await client.getConfig({ configId })
      return data as DashboardConfig
    },
    async setEnabled(config, enabled) {
      const configId = config.id as string
      const { data } = await client.updateConfig({ configId }, withEnabled(config, enabled))
      return data as DashboardConfig
    },
    async searchEvents(configId, options) {
      const { data } = await client.getWebhookEventsV2({ configId }, options)
      const page = data as EventListResponse
      return { events: (page.data ?? []) as DashboardEvent[], hasMore: page.has_more === true, nextCursor: page.next_cursor ?? undefined }
    },
    async getEvent(configId, eventId) {
      const { data } = await client.getEventById({ configId, eventId })
      return data as DashboardEvent
    },
    async replay(configId, eventId) {
      const response = await client.replayEvent({ configId, eventId })
      const location: unknown = response.headers['location']
      if (typeof location !== 'string') return undefined
      const last = location.split('/').pop()
      return last ? decodeURIComponent(last) : undefined
    },
    async replayBatch(configId, eventIds) {
      await client.batchReplayEvents({ configId }, { eventIds })
    },
    async sendTestEvent(configId) {
      const { data: example } = await client.getWebhookExample({ configId }, {})
      const { data } = await client.triggerWebhook({ configId }, example as Parameters<typeof client.triggerWebhook>[1])
      return data
    },
  }
}

/** True when the server refused the token. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof EpilotApiError && error.status === 401
}

/** A one-line message for the UI: the server's own message when it sent one, else what went wrong. */
export function errorMessage(error: unknown): string {
  if (error instanceof EpilotApiError) {
    const data = error.data as { message?: unknown } | undefined
    if (data && typeof data.message === 'string') return data.message
    if (error.code === 'network_error') return 'The engine did not answer; is `epilot webhooks serve` still running?'
    if (error.code === 'timeout') return 'The engine took too long to answer.'
    return error.message
  }
  return error instanceof Error ? error.message : String(error)
}
