/**
 * `@epilot/sdk`: one object with a lazily created, fully typed client per epilot service.
 *
 * @example
 * ```ts
 * import { epilot } from '@epilot/sdk'
 *
 * epilot.authorize(() => process.env.EPILOT_TOKEN)
 * const { data: configs } = await epilot.webhooks.getConfigs({ eventName: 'customer_request_created' })
 * ```
 * @packageDocumentation
 */
import { createEpilot, type Epilot } from './core/epilot'
import { serviceClients } from './generated/services'

/** The SDK's services, each a client created on first use. */
export type EpilotSdk = Epilot<typeof serviceClients>

/** The default SDK object; `epilot.authorize(token)` reaches every service client. */
export const epilot: EpilotSdk = createEpilot(serviceClients)

/**
 * Creates another SDK object, e.g. for a second organization's token or another base URL.
 *
 * @example
 * ```ts
 * const staging = createEpilotSdk({ baseURL: 'https://staging.example' })
 * ```
 */
export function createEpilotSdk(options: Parameters<typeof createEpilot>[1] = {}): EpilotSdk {
  return createEpilot(serviceClients, options)
}

export { EpilotApiError, EpilotInputError } from './core/errors'
export type { ClientOptions, OperationResponse, ServiceClient } from './core/client'
export type { RetryOptions } from './core/retry'
export type { TokenSource } from './core/token'
