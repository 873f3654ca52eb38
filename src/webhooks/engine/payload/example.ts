import { RequestValidationError } from '../errors'
import type { Metadata, WebhookConfig } from '../model'
import { Issues } from '../validation'

/** A sample payload as returned by `getWebhookExample`. */
export interface ExamplePayload {
  metadata: Metadata
  entity: Record<string, unknown>
  relations: Record<string, unknown>[]
}

/** Inputs that make the example deterministic. */
export interface ExampleOptions {
  /** Timestamp written into the sample (default: now). */
  now?: Date
  /** Organization id for `metadata.organization_id` (default `'123'`). */
  organizationId?: string
}

type EntityFactory = (iso: string) => { entity: Record<string, unknown>; relations: Record<string, unknown>[] }

const contact = (iso: string): Record<string, unknown> => ({
  _id: 'c1f8a8b2-3d4e-4f60-9a7b-0c1d2e3f4a5b',
  _schema: 'contact',
  _title: 'Erika Mustermann',
  _created_at: iso,
  first_name: 'Erika',
  last_name: 'Mustermann',
  email: [{ email: 'erika@example.com' }],
})

const product = (iso: string): Record<string, unknown> => ({
  _id: '2324245',
  _schema: 'product',
  _title: 'Solar Panel 400W',
  _created_at: iso,
  _updated_at: iso,
  name: 'Solar Panel 400W',
  code: 'SP-400',
  type: 'product',
  product_category: 'solar',
  active: true,
})

const opportunity = (iso: string): Record<string, unknown> => ({
  _id: '8b7e1d2c-6a5f-4e3d-9c2b-1a0f9e8d7c6b',
  _schema: 'opportunity',
  _title: 'OPP-1024',
  _created_at: iso,
  _updated_at: iso,
  opportunity_number: 'OPP-1024',
  status: 'open',
})

const EXAMPLES: Record<string, EntityFactory> = {
  customer_request_created: (iso) => ({
    entity: {
      _id: 'a3c9e0f1-7b2d-4c5e-8f90-1a2b3c4d5e6f',
      _schema: 'submission',
      _title: 'Customer request',
      _created_at: iso,
      customer_request: {
        productId: '2324245',
        request_items: [{ product_id: '2324245', product_category: 'solar', quantity: 1 }],
        customer: { first_name: 'Erika', last_name: 'Mustermann', email: 'erika@example.com' },
      },
    },
    relations: [contact(iso), product(iso)],
  }),
  product_updated: (iso) => ({ entity: product(iso), relations: [] }),
  automation_rule_triggered: (iso) => ({ entity: opportunity(iso), relations: [contact(iso)] }),
  automation_trigger_webhook: (iso) => ({ entity: opportunity(iso), relations: [contact(iso)] }),
}

/**
 * Builds a realistic sample `{ metadata, entity, relations }` for a config and event name, for
 * `getWebhookExample`. Known events (`customer_request_created`, `product_updated`,
 * `automation_rule_triggered`, `automation_trigger_webhook`) get a matching entity; any other name gets a
 * generic entity whose `_schema` is derived from the event name. Pass `{ entity, relations }` to
 * `CompiledConfig.buildPayload` to preview what the receiver gets.
 * @example
 * buildExamplePayload(config, 'customer_request_created', { now: new Date('2024-01-01T00:00:00Z') })
 */
export function buildExamplePayload(config: WebhookConfig, eventName: string, options: ExampleOptions = {}): ExamplePayload {
  const iso = (options.now ?? new Date()).toISOString()
  const factory = EXAMPLES[eventName]
  const { entity, relations } = factory
    ? factory(iso)
    : {
        entity: {
          _id: '00000000-0000-4000-8000-000000000001',
          _schema: eventName.replace(/_(created|updated|deleted)$/i, '').toLowerCase() || 'entity',
          _title: 'Example entity',
          _created_at: iso,
          _updated_at: iso,
        },
        relations: [],
      }
  const metadata: Metadata = {
    action: 'Example generated for webhook configuration',
    origin: 'webhooks-engine',
    creation_timestamp: iso,
    organization_id: options.organizationId ?? '123',
    ...(config.id !== undefined ? { webhook_id: config.id } : {}),
    webhook_name: config.name,
  }
  return { metadata, entity, relations }
}

/** `ExampleRequest`: nothing, or `{ automation_id?: string }`; throws RequestValidationError otherwise. */
export function parseExampleRequest(body: unknown): { automation_id?: string } | undefined {
  if (body === undefined || body === null) return undefined
  const c = new Issues()
  const obj = c.object(body, '', 'must be a JSON object')
  const automationId = obj && c.string(obj, 'automation_id', '')
  c.throwIfAny((issues) => new RequestValidationError(issues))
  return automationId === undefined ? {} : { automation_id: automationId as string }
}
