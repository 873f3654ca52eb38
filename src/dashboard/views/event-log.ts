/**
 * A config's event log: newest first, filtered by status, time range and event id, paged with the API's cursor,
 * refreshed live; events can be selected and replayed together.
 */
import { html } from 'htm/preact'
import type { VNode } from 'preact'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import type { SearchOptions } from '../../webhooks/index'
import type { EventPage } from '../api'
import { formatTime, fromLocalInput, toLocalInput } from '../format'
import { configStatus, eventTone, healthView, lastOutcome, outcomeLabel, type DashboardConfig, type DashboardEvent } from '../model'
import { isFiltered, PAGE_SIZES, routeHash, STATUS_FILTERS, type LogFilters, type StatusFilter } from '../route'
import { useAction, useLive, useServices } from '../services'
import { Chip, CopyableId, EmptyState, LiveStatus, Time } from '../ui'
import { ConfigActions } from './config-actions'

function go(configId: string, filters: LogFilters): void {
  location.hash = routeHash({ view: 'events', configId, filters })
}

function searchOptions(filters: LogFilters, cursor: SearchOptions['cursor']): SearchOptions {
  const options: SearchOptions = { limit: filters.limit }
  if (filters.status) options.status = filters.status
  if (filters.eventId) options.event_id = filters.eventId
  if (filters.from || filters.to) options.timestamp = { ...(filters.from ? { from: filters.from } : {}), ...(filters.to ? { to: filters.to } : {}) }
  if (cursor) options.cursor = cursor
  return options
}

/** Focus moves between rows with ↑/↓ (or j/k); each row's focus target is its event link. */
function onRowKeys(event: KeyboardEvent): void {
  const keys: Record<string, number> = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1 }
  const step = keys[event.key]
  const target = event.target as HTMLElement
  if (step === undefined || target.tagName === 'INPUT') return
  const row = target.closest('tr')
  const next = (step > 0 ? row?.nextElementSibling : row?.previousElementSibling) as HTMLElement | null
  const link = next?.querySelector<HTMLElement>('a.event-link')
  if (!link) return
  event.preventDefault()
  link.focus()
}

function ConfigHeader({ config, onChanged }: { config: DashboardConfig | undefined; onChanged(): void }): VNode {
  if (!config) return html`<div class="page-head"><h1 tabindex="-1">Event log</h1></div>`
  const status = configStatus(config)
  const health = healthView(config)
  return html`<div class="page-head">
    <div>
      <h1 tabindex="-1">${config.name}</h1>
      <p class="subtitle">
        <code>${config.eventName}</code> → ${config.httpMethod ?? ''} <span class="url">${config.url ?? 'no URL'}</span>
        <${Chip} tone=${status.tone}>${status.label}<//>
        ${health ? html`<${Chip} tone=${health.tone} title=${health.detail}>health: ${health.label}<//>` : null}
      </p>
      <p class="subtitle small muted">Config id <${CopyableId} id=${config.id ?? ''} label="config id" /></p>
    </div>
    <${ConfigActions} config=${config} onChanged=${onChanged} />
  </div>`
}

function Filters({ configId, filters }: { configId: string; filters: LogFilters }): VNode {
  const search = useRef<HTMLInputElement>(null)
  useEffect(() => {
    // "/" jumps to the event id search, as in most consoles.
    const onKey = (event: KeyboardEvent): void => {
      const typing = (event.target as HTMLElement).closest('input, textarea, select')
      if (event.key === '/' && !typing) {
        event.preventDefault()
        search.current?.focus()
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])
  const set = (change: Partial<LogFilters>): void => go(configId, { ...filters, ...change })
  const statusButton = (value: StatusFilter | undefined, label: string): VNode =>
    html`<button type="button" class="seg" aria-pressed=${filters.status === value ? 'true' : 'false'} onClick=${() => set({ status: value })}>${label}</button>`
  const submitSearch = (event: Event): void => {
    event.preventDefault()
    set({ eventId: search.current?.value.trim() || undefined })
  }
  return html`<form class="filters" role="search" onSubmit=${submitSearch} aria-label="Filter events">
    <div class="segmented" role="group" aria-label="Status">
      ${statusButton(undefined, 'All')}${STATUS_FILTERS.map((s) => statusButton(s, s[0]?.toUpperCase() + s.slice(1)))}
    </div>
    <label>From <input type="datetime-local" value=${toLocalInput(filters.from)} onChange=${(e: Event) => set({ from: fromLocalInput((e.target as HTMLInputElement).value) })} /></label>
    <label>To <input type="datetime-local" value=${toLocalInput(filters.to)} onChange=${(e: Event) => set({ to: fromLocalInput((e.target as HTMLInputElement).value) })} /></label>
    <label class="grow">Event id <input ref=${search} type="search" name="event" placeholder="exact id  (press /)" value=${filters.eventId ?? ''} /></label>
    <button type="submit">Search</button>
    <label>Per page
      <select value=${String(filters.limit)} onChange=${(e: Event) => set({ limit: Number((e.target as HTMLSelectElement).value) })}>
        ${PAGE_SIZES.map((n) => html`<option value=${String(n)}>${n}</option>`)}
      </select>
    </label>
    ${isFiltered(filters) ? html`<button type="button" class="link" onClick=${() => go(configId, { limit: filters.limit })}>Clear filters</button>` : null}
  </form>`
}

function EventRow({ configId, event, selected, fresh, onSelect }: { configId: string; event: DashboardEvent; selected: boolean; fresh: boolean; onSelect(id: string, on: boolean): void }): VNode {
  const sent = event.payload !== undefined
  const outcome = lastOutcome(event)
  const rowClass = [fresh ? 'fresh' : '', selected ? 'selected' : ''].join(' ').trim()
  return html`<tr class=${rowClass || undefined}>
    <td class="check" data-label="Select">
      <input type="checkbox" checked=${selected} disabled=${!sent} aria-label=${`Select event ${event.event_id}`}
        title=${sent ? undefined : 'Never sent: nothing to replay'}
        onChange=${(e: Event) => onSelect(event.event_id, (e.target as HTMLInputElement).checked)} />
    </td>
    <td data-label="Status"><${Chip} tone=${eventTone(event.status)}>${event.status ?? 'unknown'}<//></td>
    <td data-label="Event id">
      <a class="event-link" href=${routeHash({ view: 'event', configId, eventId: event.event_id })}><code>${event.event_id}</code></a>
      ${event.replay_of ? html`<span class="small muted"> ↻ replay</span>` : null}
    </td>
    <td class="opt" data-label="Event"><code>${event.event_name ?? ''}</code></td>
    <td data-label="Created"><${Time} iso=${event.created_at} /></td>
    <td class="num opt" data-label="Attempts">${event.attempts ?? '—'}</td>
    <td data-label="Response" title=${outcome?.message}>${outcomeLabel(outcome)}</td>
  </tr>`
}

function NoEvents({ config, filters, configId }: { config: DashboardConfig | undefined; filters: LogFilters; configId: string }): VNode {
  if (isFiltered(filters)) {
    return html`<${EmptyState} title="No events match these filters">
      <p>Widen the time range, pick another status, or <button type="button" class="link" onClick=${() => go(configId, { limit: filters.limit })}>clear the filters</button>.</p>
    <//>`
  }
  const eventName = config?.eventName ?? 'its event'
  return html`<${EmptyState} title="No events yet">
    <p>
      Press <strong>Send test event</strong> above to deliver the example payload to this receiver, or emit <code>${eventName}</code> from your
      app (<code>engine.emit(…)</code>). New events appear here within seconds.
    </p>
  <//>`
}

export function EventLogView({ configId, filters }: { configId: string; filters: LogFilters }): VNode {
  const { api, notify } = useServices()
  const filterKey = `${configId}|${JSON.stringify(filters)}`
  // Older pages: the cursors that led to them (the API pages forward only; "newer" pops).
  // Both belong to one filter setting: a new setting starts on page 1 with nothing selected.
  const [paging, setPaging] = useState<{ key: string; cursors: Array<SearchOptions['cursor']> }>({ key: filterKey, cursors: [] })
  const [selection, setSelection] = useState<{ key: string; ids: ReadonlySet<string> }>({ key: filterKey, ids: new Set() })
  const cursors = paging.key === filterKey ? paging.cursors : []
  const selected = selection.key === filterKey ? selection.ids : new Set<string>()
  const setCursors = (next: Array<SearchOptions['cursor']>): void => setPaging({ key: filterKey, cursors: next })
  const setSelected = (ids: ReadonlySet<string>): void => setSelection({ key: filterKey, ids })
  const cursor = cursors[cursors.length - 1]
  const pageKey = `${filterKey}|${JSON.stringify(cursor ?? null)}`

  const config = useLive(() => api.getConfig(configId), `config|${configId}`, 5000)
  const page = useLive<EventPage>(() => api.searchEvents(configId, searchOptions(filters, cursor)), pageKey, 2000)
  const replay = useAction()

  // Rows that arrived after the first load of this page are marked (and announced) as new.
  const seen = useRef<{ key: string; ids: Set<string> | undefined }>({ key: '', ids: undefined })
  const fresh = useMemo(() => {
    const events = page.data?.events
    if (!events) return new Set<string>()
    if (seen.current.key !== pageKey || !seen.current.ids) {
      seen.current = { key: pageKey, ids: new Set(events.map((e) => e.event_id)) }
      return new Set<string>()
    }
    const known = seen.current.ids
    const added = new Set(events.filter((e) => !known.has(e.event_id)).map((e) => e.event_id))
    for (const id of added) known.add(id)
    return added
  }, [page.data, pageKey])
  useEffect(() => {
    if (fresh.size > 0) notify(`${fresh.size} new event${fresh.size === 1 ? '' : 's'}`)
  }, [fresh])

  const events = page.data?.events
  const selectable = (events ?? []).filter((e) => e.payload !== undefined).map((e) => e.event_id)
  const allSelected = selectable.length > 0 && selectable.every((id) => selected.has(id))
  const select = (id: string, on: boolean): void => {
    const next = new Set(selected)
    if (on) next.add(id)
    else next.delete(id)
    setSelected(next)
  }
  const refreshAll = (): void => {
    config.refresh()
    page.refresh()
  }
  async function replaySelected(): Promise<void> {
    const ids = [...selected]
    const done = await replay.run(async () => {
      await api.replayBatch(configId, ids)
      return true
    })
    if (!done) return
    notify(`Replaying ${ids.length} event${ids.length === 1 ? '' : 's'}; the new deliveries appear at the top.`)
    setSelected(new Set())
    if (cursors.length > 0) setCursors([])
    else page.refresh()
  }

  return html`<main id="main">
    <${ConfigHeader} config=${config.data} onChanged=${refreshAll} />
    <${Filters} configId=${configId} filters=${filters} />
    <div class="toolbar">
      <${LiveStatus} ...${page} />
      ${selected.size > 0
        ? html`<div class="batch" role="group" aria-label="Selected events">
            <span>${selected.size} selected</span>
            <button type="button" class="primary" disabled=${replay.busy} onClick=${replaySelected}>Replay ${selected.size} selected</button>
            <button type="button" class="link" onClick=${() => setSelected(new Set())}>Clear selection</button>
          </div>`
        : null}
    </div>
    ${events === undefined
      ? null
      : events.length === 0 && cursors.length === 0
        ? html`<${NoEvents} config=${config.data} filters=${filters} configId=${configId} />`
        : html`<div class="table-wrap"><table class="events stack">
            <caption class="offscreen">Events of this config, newest first${cursors.length > 0 ? `, page ${cursors.length + 1}` : ''}</caption>
            <thead><tr>
              <th scope="col" class="check"><input type="checkbox" aria-label="Select all replayable events on this page" checked=${allSelected} disabled=${selectable.length === 0}
                onChange=${(e: Event) => setSelected((e.target as HTMLInputElement).checked ? new Set(selectable) : new Set())} /></th>
              <th scope="col">Status</th><th scope="col">Event id</th><th scope="col" class="opt">Event</th><th scope="col">Created</th>
              <th scope="col" class="num opt">Attempts</th><th scope="col">Response</th>
            </tr></thead>
            <tbody onKeyDown=${onRowKeys}>
              ${events.map((e) => html`<${EventRow} key=${e.event_id} configId=${configId} event=${e} selected=${selected.has(e.event_id)} fresh=${fresh.has(e.event_id)} onSelect=${select} />`)}
            </tbody>
          </table></div>`}
    ${events !== undefined && events.length === 0 && cursors.length === 0
      ? null
      : html`<nav class="pager" aria-label="Pages">
      <button type="button" disabled=${cursors.length === 0} onClick=${() => setCursors(cursors.slice(0, -1))}>← Newer</button>
      <span>Page ${cursors.length + 1}${events && events.length > 0 ? ` · ${formatTime(events[0]?.created_at)} – ${formatTime(events[events.length - 1]?.created_at)}` : ''}</span>
      <button type="button" disabled=${!page.data?.hasMore || !page.data.nextCursor} onClick=${() => page.data?.nextCursor && setCursors([...cursors, page.data.nextCursor])}>Older →</button>
    </nav>`}
  </main>`
}
