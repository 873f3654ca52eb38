/**
 * Compile-time checks of the public client types: `npm run typecheck` fails if any `@ts-expect-error`
 * line stops being an error, or if a correct call stops compiling. Never executed.
 */
import { epilot } from '../../src'
import { createClient, type WebhookConfig, type WebhookEvent } from '../../src/webhooks'

export async function typeChecks(): Promise<void> {
  const client = createClient()

  // Correct calls compile, and responses are typed.
  const { data: config } = await client.getConfig({ configId: 'a' })
  const name: string = config.name
  const { data: configs } = await epilot.webhooks.getConfigs({ eventName: 'x' })
  const first: WebhookConfig | undefined = configs[0]
  const { data: page } = await client.getWebhookEventsV2({ configId: 'a' }, { limit: 5 })
  const events: WebhookEvent[] | undefined = page.data
  await client.getConfigs()
  await client.triggerWebhook({ configId: 'a', sync: true }, { metadata: { organization_id: 'o' } })
  void [name, first, events]

  // @ts-expect-error configId is required
  await client.getConfig({})
  // @ts-expect-error configId must be a string
  await client.getConfig({ configId: 1 })
  // @ts-expect-error unknown query parameter
  await client.getConfigs({ eventNam: 'x' })
  // @ts-expect-error the body is required
  await client.createConfig(null)
  // @ts-expect-error name is required in WebhookConfig
  await client.createConfig(null, { eventName: 'x' })
  // @ts-expect-error httpMethod must be one of the enum
  await client.createConfig(null, { name: 'n', eventName: 'x', httpMethod: 'FETCH' })
  // @ts-expect-error metadata.organization_id is required
  await client.triggerWebhook({ configId: 'a' }, { metadata: {} })
  // @ts-expect-error status is an enum
  await client.getWebhookEventsV2({ configId: 'a' }, { status: 'done' })
  // @ts-expect-error no such operation
  await client.getConfigz()
  // @ts-expect-error data is typed: WebhookConfig has no field foo
  void config.foo
}
