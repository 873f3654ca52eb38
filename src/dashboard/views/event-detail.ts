/**
 * One event: the request as sent (body, headers minus secrets), the receiver's answer, every attempt, and a
 * replay button. Refreshes while open, so retries and replays show up as they happen.
 */
import { html } from 'htm/preact'
import type { VNode } from 'preact'
import { useEffect } from 'preact/hooks'
import { formatDuration } from '../format'
import { attemptsView, eventTone, headerRows, lastOutcome, outcomeLabel, prettyPayload, prettyValue, type AttemptsView, type DashboardEvent } from '../model'
import { DEFAULT_PAGE_SIZE, routeHash } from '../route'
import { useAction, useLive, useServices } from '../services'
import { Chip, CopyButton, LiveStatus, Time } from '../ui'

function Attempts({ view }: { view: AttemptsView }): VNode {
  if (view.kind === 'summary') {
    return html`<p>
        ${view.count === undefined ? 'Attempts: not reported.' : `${view.count} attempt${view.count === 1 ? '' : 's'}.`}
        ${view.last ? html` Last outcome: <${Chip} tone=${view.last.ok ? 'ok' : 'bad'}>${outcomeLabel(view.last)}<//>` : null}
      </p>
      <p class="small muted">This engine keeps only the latest response of each event, not a row per attempt.</p>`
  }
  return html`<div class="table-wrap"><table class="attempts">
      <caption class="offscreen">Attempts, oldest first</caption>
      <thead><tr><th scope="col">#</th><th scope="col">Started</th><th scope="col">Duration</th><th scope="col">Outcome</th><th scope="col">Message</th></tr></thead>
      <tbody>
        ${view.rows.map(
          (row) => html`<tr>
            <td class="num">${row.attempt}</td>
            <td><${Time} iso=${row.startedAt} /></td>
            <td class="num">${formatDuration(row.durationMs)}</td>
            <td><${Chip} tone=${row.outcome.ok ? 'ok' : 'bad'}>${outcomeLabel(row.outcome)}<//></td>
            <td>${row.outcome.message ?? ''}</td>
          </tr>`,
        )}
      </tbody>
    </table></div>
    ${view.earlier > 0 ? html`<p class="small muted">${view.earlier} earlier attempt${view.earlier === 1 ? '' : 's'} not kept (the engine keeps the last 20).</p>` : null}`
}

function Headers({ event }: { event: DashboardEvent }): VNode {
  const rows = headerRows(event)
  if (!rows) return html`<p class="muted">This engine does not record the request headers it sent.</p>`
  return html`<div class="table-wrap"><table class="headers">
    <caption class="offscreen">Request headers as sent; secret values are masked</caption>
    <tbody>
      ${rows.map(
        (h) => html`<tr>
          <th scope="row"><code>${h.name}</code></th>
          <td>${h.masked ? html`<span class="masked" title="Secret: not shown">*** (hidden)</span>` : html`<code class="wrap">${h.value}</code>`}</td>
        </tr>`,
      )}
    </tbody>
  </table></div>`
}

function Response({ event }: { event: DashboardEvent }): VNode {
  const response = event.http_response
  const outcome = lastOutcome(event)
  if (!outcome && response?.body === undefined) {
    return html`<p class="muted">${event.status === 'in_progress' ? 'Waiting for the receiver…' : 'No response recorded.'}</p>`
  }
  return html`<dl class="facts">
      <dt>Status</dt><dd>${outcome ? html`<${Chip} tone=${outcome.ok ? 'ok' : 'bad'}>${outcomeLabel(outcome)}<//>` : '—'}</dd>
      ${outcome?.message ? html`<dt>Message</dt><dd>${outcome.message}</dd>` : null}
    </dl>
    ${response?.body !== undefined
      ? html`<div class="section-tools"><${CopyButton} text=${prettyValue(response.body)} label="response body" /></div>
          <pre class="code" tabindex="0" aria-label="Response body"><code>${prettyValue(response.body)}</code></pre>`
      : null}`
}

function Body({ event }: { event: DashboardEvent }): VNode {
  const pretty = prettyPayload(event.payload)
  if (event.payload === undefined || pretty === undefined) return html`<p class="muted">Nothing was sent (the event was ${event.status ?? 'not delivered'}).</p>`
  return html`<div class="section-tools"><${CopyButton} text=${event.payload} label="request body as sent" /></div>
    <pre class="code" tabindex="0" aria-label="Request body"><code>${pretty}</code></pre>`
}

export function EventDetailView({ configId, eventId }: { configId: string; eventId: string }): VNode {
  const { api, notify } = useServices()
  const live = useLive(() => api.getEvent(configId, eventId), `${configId}|${eventId}`, 2000)
  const replay = useAction()
  const logHash = routeHash({ view: 'events', configId, filters: { limit: DEFAULT_PAGE_SIZE } })

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && !(event.target as HTMLElement).closest('input, textarea, select')) location.hash = logHash
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [logHash])

  async function replayThis(): Promise<void> {
    const newId = await replay.run(() => api.replay(configId, eventId))
    if (newId === undefined) return
    notify(`Replay of ${eventId} queued as ${newId}.`)
    location.hash = routeHash({ view: 'event', configId, eventId: newId })
  }

  const event = live.data
  return html`<main id="main">
    <div class="page-head">
      <div>
        <div class="title-row"><h1 tabindex="-1">Event <code>${eventId}</code></h1><${CopyButton} text=${eventId} label="event id" /></div>
        <p class="subtitle"><a href=${logHash}>← Event log</a> <span class="small muted">(Esc)</span></p>
      </div>
      <div class="actions">
        <button type="button" class="primary" onClick=${replayThis} disabled=${replay.busy || !event || event.payload === undefined}
          title=${event && event.payload === undefined ? 'Never sent: nothing to replay' : 'Send the same body again to the config as it is now'}>
          ${replay.busy ? 'Replaying…' : 'Replay'}
        </button>
      </div>
    </div>
    <${LiveStatus} ...${live} />
    ${event
      ? html`<section aria-labelledby="summary-h">
            <h2 id="summary-h" class="offscreen">Summary</h2>
            <dl class="facts">
              <dt>Status</dt><dd><${Chip} tone=${eventTone(event.status)}>${event.status ?? 'unknown'}<//></dd>
              <dt>Event</dt><dd><code>${event.event_name ?? '—'}</code></dd>
              <dt>Created</dt><dd><${Time} iso=${event.created_at} /></dd>
              <dt>Receiver</dt><dd>${event.http_method ?? ''} <span class="url">${event.url ?? '—'}</span></dd>
              <dt>Attempts</dt><dd>${event.attempts ?? '—'}</dd>
              <dt>Config</dt><dd><a href=${logHash}><code>${event.webhook_config_id}</code></a></dd>
              ${event.replay_of
                ? html`<dt>Replay of</dt><dd><a href=${routeHash({ view: 'event', configId, eventId: event.replay_of })}><code>${event.replay_of}</code></a></dd>`
                : null}
            </dl>
          </section>
          <section aria-labelledby="attempts-h"><h2 id="attempts-h">Attempts</h2><${Attempts} view=${attemptsView(event)} /></section>
          <section aria-labelledby="response-h"><h2 id="response-h">Receiver's response</h2><${Response} event=${event} /></section>
          <section aria-labelledby="headers-h"><h2 id="headers-h">Request headers</h2><${Headers} event=${event} /></section>
          <section aria-labelledby="body-h"><h2 id="body-h">Request body</h2><${Body} event=${event} /></section>`
      : null}
  </main>`
}
