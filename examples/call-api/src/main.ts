/**
 * Calls the Webhooks API: creates a webhook config, lists the configs, triggers one test delivery and prints what
 * happened. Set EPILOT_TOKEN (and EPILOT_API_URL for another server than epilot's, e.g. `epilot webhooks serve`).
 *
 *   EPILOT_API_URL=http://127.0.0.1:4010 EPILOT_TOKEN=… npm start
 */
import { epilot, EpilotApiError } from '@epilot/sdk'

// `epilot` reads EPILOT_API_URL and EPILOT_TOKEN when nothing else is set. In an application you would rather
// call epilot.authorize(token): a string, or a function called per request (e.g. one that refreshes the token).

try {
  const { data: config } = await epilot.webhooks.createConfig(null, {
    name: 'CRM sync',
    eventName: 'customer_request_created',
    url: process.env.RECEIVER_URL ?? 'https://crm.example.com/hooks/epilot',
    httpMethod: 'POST',
    enabled: true,
  })
  console.log(`created config ${config.id} (${config.name})`)

  const { data: configs } = await epilot.webhooks.getConfigs({ eventName: 'customer_request_created' })
  console.log(`configs for customer_request_created: ${configs.map((c) => c.name).join(', ')}`)

  // A synchronous test delivery: the answer says how the receiver responded.
  const { data: result } = await epilot.webhooks.triggerWebhook({ configId: config.id!, sync: true }, { metadata: { organization_id: '123' } })
  console.log(`test delivery: ${result.status} (HTTP ${result.status_code ?? '-'})`)
} catch (error) {
  if (!(error instanceof EpilotApiError)) throw error
  // Typed API errors: the operation, the HTTP status and the API's code and message (never the token).
  console.error(`${error.operationId} failed: ${error.status} ${error.code}: ${error.message}`)
  process.exitCode = 1
}
