import { describe, expect, it } from 'vitest'
import { attemptsView, configStatus, headerRows, healthView, outcomeLabel, prettyPayload, withEnabled, type DashboardConfig, type DashboardEvent } from '../../src/dashboard/model'

const event = (extra: Partial<DashboardEvent>): DashboardEvent => ({ event_id: 'e1', org_id: 'o', webhook_config_id: 'c', ...extra })

describe('attempts of an event', () => {
  it('lists each recorded attempt with its outcome when the engine sends attempt_history', () => {
    const view = attemptsView(
      event({
        attempts: 2,
        attempt_history: [
          { attempt: 1, started_at: '2025-01-01T00:00:00.000Z', duration_ms: 120, status_code: 503, message: 'busy' },
          { attempt: 2, started_at: '2025-01-01T00:00:05.000Z', duration_ms: 80, status_code: 204 },
        ],
      }),
    )
    expect(view).toEqual({
      kind: 'history',
      earlier: 0,
      rows: [
        { attempt: 1, startedAt: '2025-01-01T00:00:00.000Z', durationMs: 120, outcome: { ok: false, statusCode: 503, message: 'busy' } },
        { attempt: 2, startedAt: '2025-01-01T00:00:05.000Z', durationMs: 80, outcome: { ok: true, statusCode: 204 } },
      ],
    })
  })

  it('counts the earlier attempts the engine no longer keeps', () => {
    const history = Array.from({ length: 20 }, (_, i) => ({ attempt: i + 6, started_at: '2025-01-01T00:00:00.000Z', duration_ms: 1, code: 'timeout' }))
    const view = attemptsView(event({ attempts: 25, attempt_history: history }))
    expect(view.kind === 'history' && view.earlier).toBe(5)
  })

  it('falls back to the attempt count and the last response without a history', () => {
    expect(attemptsView(event({ attempts: 3, http_response: { status_code: 500, message: 'boom' } }))).toEqual({
      kind: 'summary',
      count: 3,
      last: { ok: false, statusCode: 500, message: 'boom' },
    })
    expect(attemptsView(event({}))).toEqual({ kind: 'summary', count: undefined, last: undefined })
  })

  it('labels outcomes by status code, else by error code', () => {
    expect(outcomeLabel({ ok: true, statusCode: 200 })).toBe('200')
    expect(outcomeLabel({ ok: false, statusCode: 429, code: 'rate_limited' })).toBe('429 · rate_limited')
    expect(outcomeLabel({ ok: false, code: 'timeout', message: 'slow' })).toBe('timeout')
    expect(outcomeLabel(undefined)).toBe('—')
  })
})

describe('request headers', () => {
  it('sorts them by name and flags masked secrets', () => {
    expect(headerRows(event({ request_headers: { 'x-api-key': '***', 'content-type': 'application/json', 'webhook-signature': 'v1,abc' } }))).toEqual([
      { name: 'content-type', value: 'application/json', masked: false },
      { name: 'webhook-signature', value: 'v1,abc', masked: false },
      { name: 'x-api-key', value: '***', masked: true },
    ])
  })

  it('are unknown (not empty) when the engine does not record them', () => {
    expect(headerRows(event({}))).toBeUndefined()
  })
})

describe('configs', () => {
  it('describes endpoint health with its failure ratio and last error', () => {
    const config: DashboardConfig = { name: 'n', eventName: 'e', health: { state: 'open', failure_ratio: 0.256, window_attempts: 40, last_error: 'HTTP 500' } }
    expect(healthView(config)).toEqual({ label: 'open', tone: 'bad', detail: '26 % failed of 40 attempts; last error: HTTP 500' })
    expect(healthView({ name: 'n', eventName: 'e', health: { state: 'disabled', disabled_reason: 'failing for 5 days', last_error: 'x' } })?.detail).toBe('failing for 5 days')
    expect(healthView({ name: 'n', eventName: 'e', health: { state: 'half_open' } })).toEqual({ label: 'half-open', tone: 'warn', detail: '' })
    expect(healthView({ name: 'n', eventName: 'e' })).toBeUndefined()
  })

  it('derives the status from enabled when the server sends none', () => {
    expect(configStatus({ name: 'n', eventName: 'e', enabled: false })).toEqual({ label: 'inactive', tone: 'muted', enabled: false })
    expect(configStatus({ name: 'n', eventName: 'e', status: 'incomplete' })).toEqual({ label: 'incomplete', tone: 'warn', enabled: true })
  })

  it('puts back the config as read with only enabled changed, without the read-only extensions', () => {
    const config: DashboardConfig = {
      id: 'c1',
      name: 'n',
      eventName: 'e',
      enabled: true,
      signingSecret: '*****',
      auth: { authType: 'BASIC', basicAuthConfig: { username: 'u', password: '*****' } },
      health: { state: 'healthy' },
      last_delivery_at: '2025-01-01T00:00:00.000Z',
    }
    expect(withEnabled(config, false)).toEqual({
      id: 'c1',
      name: 'n',
      eventName: 'e',
      enabled: false,
      signingSecret: '*****',
      auth: { authType: 'BASIC', basicAuthConfig: { username: 'u', password: '*****' } },
    })
  })
})

describe('payloads', () => {
  it('are indented when they are JSON and shown as sent otherwise', () => {
    expect(prettyPayload('{"a":[1]}')).toBe('{\n  "a": [\n    1\n  ]\n}')
    expect(prettyPayload('a=1&b=2')).toBe('a=1&b=2')
    expect(prettyPayload(undefined)).toBeUndefined()
  })
})
