/**
 * `@epilot/sdk/webhooks`: the Webhooks API client on its own; importing it pulls in no other service,
 * no engine, no receiver and no CLI.
 *
 * @example
 * ```ts
 * import { getClient, authorize } from '@epilot/sdk/webhooks'
 *
 * const client = getClient()
 * authorize(client, () => '<token>')
 * const { data } = await client.getConfig({ configId: '7hj28a' })
 * ```
 * @module @epilot/sdk/webhooks
 */
import { createApiHandle, type ApiHandle } from '../core/handle'
import type { OpenApiDocument } from '../core/openapi'
import { serviceSpecs } from '../generated/services'
import { createClient, getClient, type Client } from '../generated/webhooks/client'

/**
 * The Webhooks API's full OpenAPI document, loaded on first call (a chunk of its own in bundles that split code; a
 * client that never calls it does not carry it). The same file is importable as `@epilot/sdk/webhooks/openapi.json`.
 *
 * @example
 * ```ts
 * import { openapi } from '@epilot/sdk/webhooks'
 *
 * const spec = await openapi()
 * console.log(spec.info.title)
 * ```
 */
export function openapi(): Promise<OpenApiDocument> {
  return serviceSpecs.webhooks()
}

/**
 * Markdown help for the Webhooks API (every operation with its parameters), built from {@link openapi} on demand.
 *
 * @example
 * ```ts
 * import { help } from '@epilot/sdk/webhooks'
 *
 * console.log(await help())
 * ```
 */
export async function help(): Promise<string> {
  const [{ serviceHelp }, doc] = await Promise.all([import('../core/help'), openapi()])
  return serviceHelp('webhooks', doc)
}

/**
 * The 2.x API handle: every operation forwarded to the shared client of {@link getClient}, plus `getClient()`,
 * `createClient()`, `openapi()` and `help()`.
 *
 * @example
 * ```ts
 * import { webhooks, authorize } from '@epilot/sdk/webhooks'
 *
 * authorize(webhooks, () => '<token>')
 * const { data } = await webhooks.getConfigs()
 * ```
 */
export const webhooks: ApiHandle<Client> = /* @__PURE__ */ createApiHandle<Client>({
  getClient: () => getClient(),
  createClient: () => createClient(),
  openapi,
  help,
})

export { createClient, getClient, type Client }
export type { OperationMethods } from '../generated/webhooks/client'
// Every schema of the spec by name (test/entry-exports.test.ts checks that none is missing after a spec change).
export type {
  ApiKeyConfig,
  Auth,
  AuthType,
  BasicAuthConfig,
  BatchReplayRequest,
  CustomHeader,
  CustomOAuthParameter,
  EndpointHealth,
  ErrorResp,
  EventConfigEntry,
  EventConfigResp,
  EventListResponse,
  ExampleRequest,
  ExampleResponse,
  ExecutionPayload,
  Filter,
  HttpMethod,
  Metadata,
  OAuthConfig,
  PayloadConfiguration,
  PublicKeyResponse,
  ReplayRequest,
  SearchOptions,
  TestOAuthResponse,
  TriggerWebhookResp,
  WebhookCondition,
  WebhookConditionGroup,
  WebhookConfig,
  WebhookEvent,
  WebhookEventAttempt,
} from '../generated/webhooks/types'
export type { components, operations, paths } from '../generated/webhooks/schema'
export { authorize, type ClientOptions, type OperationResponse } from '../core/client'
export { EpilotApiError, EpilotInputError } from '../core/errors'
export type { RetryOptions } from '../core/retry'
export type { TokenSource, TokenSource as TokenArg } from '../core/token'
export type { ApiHandle, ApiHandleMethods } from '../core/handle'
export type { OpenApiDocument } from '../core/openapi'
