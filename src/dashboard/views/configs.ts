/** The configs list: what each webhook sends where, whether it is on, how healthy it is, when it last delivered. */
import { html } from 'htm/preact'
import type { VNode } from 'preact'
import type { DashboardApi } from '../api'
import { authLabel, configStatus, healthView, type DashboardConfig } from '../model'
import { DEFAULT_PAGE_SIZE, routeHash } from '../route'
import { useLive, useServices } from '../services'
import { Chip, CopyButton, EmptyState, LiveStatus, Time } from '../ui'
import { ConfigActions } from './config-actions'

interface ConfigRow {
  config: DashboardConfig
  /** `last_delivery_at` from the server, else the creation time of the config's newest event. */
  lastDelivery: { iso: string; fromNewestEvent: boolean } | undefined
}

/** Engines without `last_delivery_at` get the newest event's time instead; asked for this many configs at most. */
const NEWEST_EVENT_LOOKUPS = 20

async function loadRows(api: DashboardApi): Promise<ConfigRow[]> {
  const configs = await api.listConfigs()
  let lookups = 0
  return Promise.all(
    configs.map(async (config): Promise<ConfigRow> => {
      if (config.last_delivery_at) return { config, lastDelivery: { iso: config.last_delivery_at, fromNewestEvent: false } }
      if (!config.id || lookups++ >= NEWEST_EVENT_LOOKUPS) return { config, lastDelivery: undefined }
      const page = await api.searchEvents(config.id, { limit: 1 })
      const newest = page.events[0]?.created_at
      return { config, lastDelivery: newest ? { iso: newest, fromNewestEvent: true } : undefined }
    }),
  )
}

const CLI_EXAMPLE = `epilot webhooks createConfig -d '{"name":"My receiver","eventName":"customer_request_created","url":"http://127.0.0.1:3000/webhooks","httpMethod":"POST"}'`

function NoConfigs(): VNode {
  return html`<${EmptyState} title="No webhook configs yet">
    <p>A config says which event to send where. Create one with the CLI (or <code>client.createConfig()</code> from the SDK); it shows up here within a few seconds.</p>
    <pre class="snippet"><code>${CLI_EXAMPLE}</code></pre>
    <${CopyButton} text=${CLI_EXAMPLE} label="the createConfig command" />
  <//>`
}

function Row({ row, onChanged }: { row: ConfigRow; onChanged(): void }): VNode {
  const { config, lastDelivery } = row
  const status = configStatus(config)
  const health = healthView(config)
  const configId = config.id as string
  return html`<tr>
    <th scope="row" data-label="Name"><a href=${routeHash({ view: 'events', configId, filters: { limit: DEFAULT_PAGE_SIZE } })}>${config.name}</a></th>
    <td data-label="Event"><code>${config.eventName}</code></td>
    <td class="url" data-label="Receiver"><span title=${config.url}>${config.httpMethod ?? ''} ${config.url ?? html`<span class="muted">no URL</span>`}</span></td>
    <td data-label="Status"><${Chip} tone=${status.tone}>${status.label}<//></td>
    <td data-label="Auth">${authLabel(config)}</td>
    <td class="health" data-label="Health">${health ? html`<${Chip} tone=${health.tone} title=${health.detail}>${health.label}<//>${health.detail ? html`<div class="small muted">${health.detail}</div>` : null}` : html`<span class="muted" title="This engine does not report endpoint health">—</span>`}</td>
    <td data-label="Last delivery">
      ${lastDelivery ? html`<${Time} iso=${lastDelivery.iso} />${lastDelivery.fromNewestEvent ? html`<div class="small muted">newest event</div>` : null}` : html`<span class="muted">never</span>`}
    </td>
    <td data-label="Actions"><${ConfigActions} config=${config} onChanged=${onChanged} /></td>
  </tr>`
}

export function ConfigsView(): VNode {
  const { api } = useServices()
  const live = useLive(() => loadRows(api), 'configs', 3000)
  const rows = live.data
  return html`<main id="main">
    <div class="page-head">
      <h1 tabindex="-1">Webhook configs</h1>
      <${LiveStatus} ...${live} />
    </div>
    ${rows === undefined
      ? null
      : rows.length === 0
        ? html`<${NoConfigs} />`
        : html`<div class="table-wrap"><table class="configs stack">
            <caption class="offscreen">Webhook configs</caption>
            <thead><tr>
              <th scope="col">Name</th><th scope="col">Event</th><th scope="col">Receiver</th><th scope="col">Status</th>
              <th scope="col">Auth</th><th scope="col">Health</th><th scope="col">Last delivery</th><th scope="col">Actions</th>
            </tr></thead>
            <tbody>${rows.map((row) => html`<${Row} key=${row.config.id} row=${row} onChanged=${live.refresh} />`)}</tbody>
          </table></div>`}
  </main>`
}
