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
 * @packageDocumentation
 */
export { createClient, getClient, type Client, type OperationMethods } from '../generated/webhooks/client'
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
export type { TokenSource } from '../core/token'
