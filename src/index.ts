/**
 * `@epilot/sdk`: one object with a lazily created, fully typed client per epilot service, in the form of the
 * published `@epilot/sdk` 2.x (`epilot`, `authorize`, `createSDK`, `epilot.headers/retry/interceptors/help/openapi`).
 *
 * @example
 * ```ts
 * import { epilot } from '@epilot/sdk'
 *
 * epilot.authorize(() => process.env.EPILOT_TOKEN)
 * const { data: configs } = await epilot.webhooks.getConfigs({ eventName: 'customer_request_created' })
 * ```
 * @module @epilot/sdk
 */
import type { AxiosInstance } from 'axios'
import { setClientRetry, type ClientOptions } from './core/client'
import { retryPolicy } from './core/retry'
import { createSdk, type RetryConfig, type Sdk } from './core/sdk'
import type { OpenApiDocument } from './core/openapi'
import { serviceClients, serviceSpecs } from './generated/services'

/** The SDK's services, each behind an API handle whose client is created on first use. */
export type EpilotSdk = Sdk<typeof serviceClients>
/** The 2.x name of {@link EpilotSdk}. */
export type EpilotSDK = EpilotSdk

/**
 * The default SDK object. Its settings, lowest precedence first: the spec's server URL and no token; the
 * `EPILOT_API_URL` and `EPILOT_TOKEN` environment variables (read when the first client is made and before each
 * request, and only where `process.env` exists); `epilot.authorize(...)` and the other methods.
 *
 * @example
 * ```ts
 * import { epilot } from '@epilot/sdk'
 *
 * epilot.authorize(() => process.env.EPILOT_TOKEN)
 * epilot.headers({ 'x-epilot-org-id': '123' })
 * const { data } = await epilot.webhooks.getConfig({ configId: '7hj28a' })
 * ```
 */
export const epilot: EpilotSdk = /* @__PURE__ */ createSdk({ factories: serviceClients, specs: serviceSpecs, options: {}, fromEnvironment: true })

/**
 * Creates another SDK object like the default `epilot` (it reads `EPILOT_API_URL` and `EPILOT_TOKEN` too), e.g. one
 * per organization. The 2.x factory; {@link createEpilotSdk} takes options.
 *
 * @example
 * ```ts
 * import { createSDK } from '@epilot/sdk'
 *
 * const org1 = createSDK()
 * org1.authorize(() => '<token-for-org-1>')
 * org1.headers({ 'x-epilot-org-id': 'org-1' })
 * ```
 */
export function createSDK(): EpilotSdk {
  return createSdk({ factories: serviceClients, specs: serviceSpecs, options: {}, fromEnvironment: true })
}

/**
 * Creates an SDK object with explicit options (base URL, timeout, retries, headers...). It ignores `EPILOT_API_URL`
 * and `EPILOT_TOKEN`: what you pass is what it uses.
 *
 * @example
 * ```ts
 * import { createEpilotSdk } from '@epilot/sdk'
 *
 * const local = createEpilotSdk({ baseURL: 'http://127.0.0.1:4000' })
 * local.authorize('<token printed by epilot webhooks serve>')
 * const { data } = await local.webhooks.getConfigs()
 * ```
 */
export function createEpilotSdk(options: Omit<ClientOptions, 'token'> = {}): EpilotSdk {
  return createSdk({ factories: serviceClients, specs: serviceSpecs, options, fromEnvironment: false })
}

/**
 * Markdown help: the SDK's overview, or one service's operations and parameters, built from its OpenAPI document
 * (loaded on demand, never part of a client bundle).
 *
 * @example
 * ```ts
 * import { help } from '@epilot/sdk'
 *
 * console.log(await help('webhooks'))
 * ```
 */
export function help(apiName?: string): Promise<string> {
  return epilot.help(apiName)
}

/**
 * A service's full OpenAPI document, loaded on demand. The same document is importable as
 * `@epilot/sdk/webhooks/openapi.json`.
 *
 * @example
 * ```ts
 * import { openapi } from '@epilot/sdk'
 *
 * const spec = await openapi('webhooks')
 * console.log(Object.keys(spec.paths))
 * ```
 */
export function openapi(apiName: string): Promise<OpenApiDocument> {
  return epilot.openapi(apiName)
}

/**
 * Sets the retry settings of a client from `@epilot/sdk/webhooks` (the 2.x helper; the `epilot` object's clients
 * follow `epilot.retry()`). Only clients made by this SDK are accepted.
 *
 * @example
 * ```ts
 * import { applyRetryInterceptor } from '@epilot/sdk'
 * import { getClient } from '@epilot/sdk/webhooks'
 *
 * applyRetryInterceptor({ client: getClient(), config: { maxRetries: 3 } })
 * ```
 */
export function applyRetryInterceptor(params: { client: AxiosInstance; config: RetryConfig }): void {
  const { maxRetries, defaultDelayMs, maxDelayMs } = params.config
  setClientRetry(
    params.client,
    retryPolicy({
      ...(maxRetries === undefined ? {} : { retries: maxRetries }),
      ...(defaultDelayMs === undefined ? {} : { minDelayMs: defaultDelayMs }),
      ...(maxDelayMs === undefined ? {} : { maxDelayMs }),
    }),
  )
}

export { authorize, type ClientOptions, type OperationResponse, type ServiceClient } from './core/client'
export { EpilotApiError, EpilotInputError } from './core/errors'
export { applyLargeResponseInterceptor, type LargeResponseConfig } from './core/large-response'
export type { ApiHandle, ApiHandleMethods } from './core/handle'
export type { OpenApiDocument } from './core/openapi'
export type { HeadersConfig, InterceptorUse, RequestInterceptor, ResponseInterceptor, RetryConfig, SdkControls } from './core/sdk'
export type { RetryOptions } from './core/retry'
export type { TokenSource, TokenSource as TokenArg } from './core/token'
