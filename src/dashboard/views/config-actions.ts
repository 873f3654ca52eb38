/** The two config actions shown in the list and on a config's log: send a test event, enable/disable. */
import { html } from 'htm/preact'
import type { VNode } from 'preact'
import { configStatus, type DashboardConfig } from '../model'
import { useAction, useServices } from '../services'

export function ConfigActions({ config, onChanged }: { config: DashboardConfig; onChanged(): void }): VNode {
  const { api, notify } = useServices()
  const test = useAction()
  const toggle = useAction()
  const { enabled } = configStatus(config)
  const configId = config.id as string

  async function sendTest(): Promise<void> {
    const result = await test.run(() => api.sendTestEvent(configId))
    if (!result) return
    notify(result.event_id ? `Test event ${result.event_id} sent to ${config.name}.` : `Test event sent to ${config.name}.`)
    onChanged()
  }

  async function setEnabled(): Promise<void> {
    const updated = await toggle.run(() => api.setEnabled(config, !enabled))
    if (!updated) return
    notify(`${config.name} is now ${updated.enabled === false ? 'disabled' : 'enabled'}.`)
    onChanged()
  }

  return html`<div class="actions">
    <button type="button" onClick=${sendTest} disabled=${test.busy} title="Sends the example payload of this config's event (getWebhookExample, then triggerWebhook)">
      ${test.busy ? 'Sending…' : 'Send test event'}
    </button>
    <button type="button" onClick=${setEnabled} disabled=${toggle.busy} aria-pressed=${enabled ? 'true' : 'false'} aria-label=${`${enabled ? 'Disable' : 'Enable'} ${config.name}`}>
      ${enabled ? 'Disable' : 'Enable'}
    </button>
  </div>`
}
