/** The configured-events registry: which event names a webhook can subscribe to, with their labels. */
import type { EventConfigEntry } from '../api'
import { RequestValidationError } from '../errors'

/** The public epilot events (labels as in the Webhooks guide). */
export const DEFAULT_EVENTS: readonly EventConfigEntry[] = [
  { eventName: 'customer_request_created', eventLabel: 'Customer Request Created' },
  { eventName: 'product_updated', eventLabel: 'Product Updated' },
  { eventName: 'automation_rule_triggered', eventLabel: 'Automation Rule Triggered' },
  { eventName: 'automation_trigger_webhook', eventLabel: 'Automation Trigger Webhook' },
]

/** Insertion-ordered registry; registering a known name replaces its label. */
export class EventsRegistry {
  private readonly entries = new Map<string, EventConfigEntry>()

  constructor(initial: readonly EventConfigEntry[] = []) {
    for (const entry of [...DEFAULT_EVENTS, ...initial]) this.register(entry)
  }

  register(entry: EventConfigEntry): void {
    const name = typeof entry?.eventName === 'string' ? entry.eventName.trim() : ''
    if (!name) throw new RequestValidationError([{ path: 'eventName', message: 'is required, e.g. { eventName: "order_created", eventLabel: "Order Created" }' }])
    const label = typeof entry.eventLabel === 'string' && entry.eventLabel.trim() ? entry.eventLabel : name
    this.entries.set(name, { eventName: name, eventLabel: label })
  }

  list(): EventConfigEntry[] {
    return [...this.entries.values()].map((e) => ({ ...e }))
  }
}
