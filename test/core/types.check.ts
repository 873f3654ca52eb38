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

  // The published 2.x contract: new fields and operations compile, their enums and shapes are checked.
  await client.createConfig(null, {
    name: 'n',
    eventName: 'x',
    eventVersion: null,
    retryPolicy: { enabled: true, maxAttempts: 3 },
    deliveryMode: 'binary_multipart',
    multipartConfig: { fileFieldStrategy: 'multi', extraFields: { kind: "'invoice'" } },
    payloadConfiguration: { apply_changesets: true },
    auth: { authType: 'API_KEY', apiKeyConfig: { keyName: 'x-key', keyValue: null } },
    filterConditions: { conditions: [{ jsonata_expression: '$count(entity.items) > 1' }, { field: 'entity.items', operation: 'length_greater_than', values: ['1'] }] },
  })
  const { data: oauth } = await client.testOAuth({ configId: 'a' })
  const succeeded: boolean = oauth.success
  const { data: replayed } = await client.batchReplayEvents({ configId: 'a' }, { eventIds: ['e'], reapply_transform: true })
  const replayedIds: string[] | undefined = replayed.replayed_event_ids
  await client.replayEvent({ configId: 'a', eventId: 'e' }, { reapply_transform: false })
  await client.triggerWebhook({ configId: 'a' }, { metadata: { organization_id: 'o' }, entity: { _id: '1' }, anything: 1 })
  const { data: page2 } = await client.getWebhookEventsV2({ configId: 'a' })
  const next: { created_at?: string; event_id?: string } | null | undefined = page2.next_cursor
  const retries: number | undefined = page2.data?.[0]?.retry_attempt
  void [succeeded, replayedIds, next, retries]
  // @ts-expect-error deliveryMode is an enum
  await client.createConfig(null, { name: 'n', eventName: 'x', deliveryMode: 'zip' })
  // @ts-expect-error retryPolicy needs enabled
  await client.createConfig(null, { name: 'n', eventName: 'x', retryPolicy: { maxAttempts: 2 } })
  // @ts-expect-error length_between is no operation
  await client.createConfig(null, { name: 'n', eventName: 'x', filterConditions: { conditions: [{ field: 'f', operation: 'length_between' }] } })
  // @ts-expect-error the deprecated v1 event list takes only succeeded, failed or in_progress
  await client.getWehookEvents({ configId: 'a', status: 'skipped' })
}
