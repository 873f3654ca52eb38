/**
 * The engine's domain model. API shapes are the codegen output (`src/generated/webhooks/types.ts`, from
 * openapi.json), aliased here under the engine's names so the spec stays the one source of truth; only
 * engine-internal shapes (events before payload shaping) and the runtime lists of enum values are written here.
 */
import type * as api from '../../generated/webhooks/types'

/** HTTP methods a webhook (or an OAuth token endpoint) may be called with. */
export type HttpMethod = api.HttpMethod

/** Every {@link HttpMethod}, for validation and UIs. */
export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']

/** How the engine authenticates against the receiver. */
export type AuthType = api.AuthType

/** Every {@link AuthType}. */
export const AUTH_TYPES: readonly AuthType[] = ['BASIC', 'OAUTH_CLIENT_CREDENTIALS', 'API_KEY', 'NONE']

/** Basic auth credentials; sent only when `authType` is `BASIC`. With `passwordIsEnvVar`, `password` is the NAME of the env var. */
export type BasicAuthConfig = api.BasicAuthConfig

/** A custom key/value pair added to the OAuth token request. */
export type CustomOAuthParameter = api.CustomOAuthParameter

/** Where a custom OAuth parameter goes in the token request. */
export type CustomOAuthParameterType = CustomOAuthParameter['type']

/** OAuth 2 client-credentials settings; sent only when `authType` is `OAUTH_CLIENT_CREDENTIALS`. With `clientSecretIsEnvVar`, `clientSecret` is the NAME of the env var. */
export type OAuthConfig = api.OAuthConfig

/** API key settings (`keyName` is the header); sent only when `authType` is `API_KEY`. With `keyValueIsEnvVar`, `keyValue` is the NAME of the env var. */
export type ApiKeyConfig = api.ApiKeyConfig

/** Receiver authentication settings. */
export type Auth = api.Auth

/** Legacy filter: deliver only when the value at `keyToFilter` is one of `supportedValues` (case-sensitive). */
export type Filter = api.Filter

/** A condition that must be met for the webhook to fire. See docs/filters.md for the exact semantics. */
export type WebhookCondition = api.WebhookCondition

/** The condition operations of the contract (the 14 comparisons and the six `length_*` counts). */
export type ConditionOperation = NonNullable<WebhookCondition['operation']>

/** A condition in its comparison form (`field` + `operation` + `values`). */
export type ComparisonCondition = WebhookCondition & { field: string; operation: ConditionOperation }

/** A condition in its JSONata form: the condition holds when the expression's result is truthy (`$boolean`). */
export type JsonataCondition = WebhookCondition & { jsonata_expression: string }

/** Every {@link ConditionOperation} of the contract: 14 comparisons and the six `length_*` counts. */
export const CONDITION_OPERATIONS: readonly ConditionOperation[] = [
  'equals',
  'not_equals',
  'any_of',
  'none_of',
  'contains',
  'not_contains',
  'starts_with',
  'ends_with',
  'greater_than',
  'less_than',
  'greater_than_or_equals',
  'less_than_or_equals',
  'is_empty',
  'is_not_empty',
  'length_equals',
  'length_not_equals',
  'length_greater_than',
  'length_less_than',
  'length_greater_than_or_equals',
  'length_less_than_or_equals',
]

/** How a condition's field value and its `values` are read (default `string`). */
export type ConditionFieldType = NonNullable<WebhookCondition['field_type']>

/** Every {@link ConditionFieldType}. */
export const CONDITION_FIELD_TYPES: readonly ConditionFieldType[] = ['string', 'number', 'boolean', 'date', 'datetime']

/** A group of conditions; AND-ed by default, OR-ed when `logical_operator` is `OR`. */
export type WebhookConditionGroup = api.WebhookConditionGroup

/** Payload shaping options; `custom_headers` are sent with every delivery (HTTP token names, not reserved ones). */
export type PayloadConfiguration = api.PayloadConfiguration

/** Secure proxy settings (stored and echoed; not used by the reference engine's stages). */
export type SecureProxy = NonNullable<WebhookConfig['secureProxy']>

/** Derived lifecycle state of a config (see `deriveStatus`). */
export type WebhookStatus = NonNullable<WebhookConfig['status']>

/** A webhook configuration, as stored and served by the engine. */
export type WebhookConfig = api.WebhookConfig

/** Metadata about the event being delivered; always part of the payload. */
export type Metadata = api.Metadata

/** Terminal and transient statuses of a logged delivery. */
export type WebhookEventStatus = NonNullable<api.WebhookEvent['status']>

/** Cursor of the event search, as in `SearchOptions.cursor` / `EventListResponse.next_cursor`. Hand-written: both fields are always set when the engine returns one. */
export interface EventCursor {
  created_at: string
  event_id: string
}

/** Attributes changed by a change event. */
export interface ChangedAttributes {
  added?: object
  deleted?: object
  updated?: object
}

/** An event as the engine receives it, before filtering and payload shaping. */
export interface EngineEvent {
  entity: Record<string, unknown>
  relations?: unknown[]
  activity?: unknown
  changed_attributes?: ChangedAttributes
}

/** The payload before `jsonataExpression`: what filters see and what is sent when no expression is set. */
export interface WebhookPayload extends EngineEvent {
  metadata: Metadata
}
