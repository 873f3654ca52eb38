/**
 * What the dashboard shows, derived from what the API returns. Engines that record more (per-attempt history,
 * request headers, endpoint health: the reference engine's extensions) get the full view; engines that do not
 * get an honest summary of what they do return (attempt count, last response, payload).
 */
import type { WebhookConfig, WebhookEvent } from '../webhooks/index'

/** One request of a delivery (reference engine extension `attempt_history`). */
export interface EventAttempt {
  /** 1-based. */
  attempt: number
  started_at: string
  duration_ms: number
  status_code?: number
  code?: string
  message?: string
}

/** Endpoint health of a config (reference engine extension `health`). */
export interface EndpointHealth {
  state: 'healthy' | 'open' | 'half_open' | 'disabled'
  failure_ratio?: number
  window_attempts?: number
  last_error?: string
  last_failure_at?: string
  disabled_reason?: string
  disabled_at?: string
}

/** An event as the dashboard reads it: the published shape plus the optional extensions. */
export type DashboardEvent = WebhookEvent & {
  attempts?: number
  retry_attempt?: number
  attempt_history?: EventAttempt[]
  request_headers?: Record<string, string>
  replay_of?: string
}

/** A config as the dashboard reads it: the published shape plus the optional read-only extensions. */
export type DashboardConfig = WebhookConfig & {
  health?: EndpointHealth
  last_delivery_at?: string
}

/** The receiver's answer (or the failure) of one request, for display. */
export interface Outcome {
  statusCode?: number
  code?: string
  message?: string
  /** Whether the receiver accepted it (2xx). */
  ok: boolean
}

/** The attempts section: a row per recorded attempt, or a summary when the engine keeps no history. */
export type AttemptsView =
  | { kind: 'history'; rows: Array<{ attempt: number; startedAt: string; durationMs: number; outcome: Outcome }>; earlier: number }
  | { kind: 'summary'; count: number | undefined; last: Outcome | undefined }

/** Colour family of a status chip. */
export type Tone = 'ok' | 'bad' | 'pending' | 'muted' | 'warn'

const SECRET_VALUE = '***'

function outcome(statusCode: number | undefined, code: string | undefined, message: string | undefined): Outcome {
  const result: Outcome = { ok: statusCode !== undefined && statusCode >= 200 && statusCode < 300 }
  if (statusCode !== undefined) result.statusCode = statusCode
  if (code !== undefined) result.code = code
  if (message !== undefined) result.message = message
  return result
}

/** The last response the event log holds, if any. */
export function lastOutcome(event: DashboardEvent): Outcome | undefined {
  const response = event.http_response
  if (!response || (response.status_code === undefined && response.code === undefined && response.message === undefined)) return undefined
  return outcome(response.status_code, response.code, response.message)
}

/** Attempt rows from `attempt_history` when the engine sends it, else the count and last response. */
export function attemptsView(event: DashboardEvent): AttemptsView {
  const history = Array.isArray(event.attempt_history) ? event.attempt_history : []
  if (history.length > 0) {
    const rows = history.map((a) => ({
      attempt: a.attempt,
      startedAt: a.started_at,
      durationMs: a.duration_ms,
      outcome: outcome(a.status_code, a.code, a.message),
    }))
    // The engine keeps the last 20 attempts; say how many earlier ones were dropped.
    const earlier = typeof event.attempts === 'number' ? Math.max(0, event.attempts - history.length) : 0
    return { kind: 'history', rows, earlier }
  }
  return { kind: 'summary', count: typeof event.attempts === 'number' ? event.attempts : undefined, last: lastOutcome(event) }
}

/** Request headers as sent, sorted by name, secret values flagged; undefined when the engine does not record them. */
export function headerRows(event: DashboardEvent): Array<{ name: string; value: string; masked: boolean }> | undefined {
  const headers = event.request_headers
  if (!headers || typeof headers !== 'object') return undefined
  return Object.entries(headers)
    .map(([name, value]) => ({ name, value: String(value), masked: value === SECRET_VALUE }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

/** The payload pretty-printed when it is JSON, else as sent. */
export function prettyPayload(payload: string | undefined): string | undefined {
  if (payload === undefined) return undefined
  try {
    return JSON.stringify(JSON.parse(payload), null, 2)
  } catch {
    return payload
  }
}

/** Any JSON-ish value as indented text (strings as they are). */
export function prettyValue(value: unknown): string {
  if (typeof value === 'string') return prettyPayload(value) ?? value
  return JSON.stringify(value, null, 2) ?? String(value)
}

/** Short text for an outcome: `200`, `503 Service Unavailable`, `timeout`. */
export function outcomeLabel(o: Outcome | undefined): string {
  if (!o) return '—'
  if (o.statusCode !== undefined) return o.code ? `${o.statusCode} · ${o.code}` : String(o.statusCode)
  return o.code ?? o.message ?? '—'
}

/** Colour of an event status. */
export function eventTone(status: DashboardEvent['status']): Tone {
  switch (status) {
    case 'succeeded':
      return 'ok'
    case 'failed':
      return 'bad'
    case 'in_progress':
      return 'pending'
    default:
      return 'muted'
  }
}

/** Label and colour of a config's lifecycle status (derived from `enabled` when the server sends no status). */
export function configStatus(config: DashboardConfig): { label: string; tone: Tone; enabled: boolean } {
  const enabled = config.enabled !== false
  const status = config.status ?? (enabled ? 'active' : 'inactive')
  const tone: Tone = status === 'active' ? 'ok' : status === 'incomplete' ? 'warn' : 'muted'
  return { label: status, tone, enabled }
}

/** Label, colour and one-line detail of endpoint health; undefined when the engine reports none. */
export function healthView(config: DashboardConfig): { label: string; tone: Tone; detail: string } | undefined {
  const h = config.health
  if (!h || typeof h.state !== 'string') return undefined
  const parts: string[] = []
  if (typeof h.failure_ratio === 'number') {
    const window = typeof h.window_attempts === 'number' ? ` of ${h.window_attempts} attempts` : ''
    parts.push(`${Math.round(h.failure_ratio * 100)} % failed${window}`)
  }
  if (h.state === 'disabled' && h.disabled_reason) parts.push(h.disabled_reason)
  else if (h.last_error) parts.push(`last error: ${h.last_error}`)
  const tone: Tone = h.state === 'healthy' ? 'ok' : h.state === 'half_open' ? 'warn' : 'bad'
  const label = h.state === 'half_open' ? 'half-open' : h.state
  return { label, tone, detail: parts.join('; ') }
}

/** Auth type for display. */
export function authLabel(config: DashboardConfig): string {
  switch (config.auth?.authType) {
    case 'BASIC':
      return 'Basic'
    case 'OAUTH_CLIENT_CREDENTIALS':
      return 'OAuth client credentials'
    case 'API_KEY':
      return 'API key'
    default:
      return 'None'
  }
}

/**
 * The body to PUT back when only `enabled` changes: the config as read (masked secrets included, which the engine
 * keeps), without the read-only fields the server sets itself.
 */
export function withEnabled(config: DashboardConfig, enabled: boolean): WebhookConfig {
  const { health: _health, last_delivery_at: _last, ...rest } = config
  return { ...rest, enabled }
}
