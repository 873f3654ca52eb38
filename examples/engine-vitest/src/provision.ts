import type { Client } from '@epilot/sdk/webhooks'

/**
 * The code under test: makes sure our endpoint is subscribed to an event, creating the webhook config only when
 * none points there yet (safe to run on every deploy).
 */
export async function ensureWebhook(client: Client, endpoint: { eventName: string; url: string }): Promise<string> {
  const { data: configs } = await client.getConfigs({ eventName: endpoint.eventName })
  const existing = configs.find((config) => config.url === endpoint.url)
  if (existing?.id) return existing.id
  const { data: created } = await client.createConfig(null, {
    name: `deliveries to ${new URL(endpoint.url).host}`,
    eventName: endpoint.eventName,
    url: endpoint.url,
    httpMethod: 'POST',
    enabled: true,
  })
  return created.id!
}
