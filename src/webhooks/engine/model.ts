/**
 * The engine's domain model, written by hand from the public Webhooks API schemas
 * (field names exactly as in the API reference). A later step may alias these to the
 * codegen output in `src/generated/webhooks/`; until then this file is the source of truth
 * for the engine's stages.
 */

/** HTTP methods a webhook (or an OAuth token endpoint) may be called with. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'HEAD'

/** Every {@link HttpMethod}, for validation and UIs. */
export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']

/** How the engine authenticates against the receiver. */
export type AuthType = 'BASIC' | 'OAUTH_CLIENT_CREDENTIALS' | 'API_KEY' | 'NONE'

/** Every {@link AuthType}. */
export const AUTH_TYPES: readonly AuthType[] = ['BASIC', 'OAUTH_CLIENT_CREDENTIALS', 'API_KEY', 'NONE']

/** Basic auth credentials; sent only when `authType` is `BASIC`. */
export interface BasicAuthConfig {
  username: string
  /** The password, or — when `passwordIsEnvVar` — the NAME of the env var holding it. */
  password?: string
  passwordIsEnvVar?: boolean
}

/** Where a custom OAuth parameter goes in the token request. */
export type CustomOAuthParameterType = 'body' | 'query' | 'header'

/** A custom key/value pair added to the OAuth token request. */
export interface CustomOAuthParameter {
  type: CustomOAuthParameterType
  key: string
  value: string
}

/** OAuth 2 client-credentials settings; sent only when `authType` is `OAUTH_CLIENT_CREDENTIALS`. */
export interface OAuthConfig {
  clientId: string
  /** The client secret, or — when `clientSecretIsEnvVar` — the NAME of the env var holding it. */
  clientSecret?: string
  clientSecretIsEnvVar?: boolean
  /** Token endpoint URL. */
  endpoint: string
  httpMethod: HttpMethod
  customParameterList?: CustomOAuthParameter[]
}

/** API key settings; sent only when `authType` is `API_KEY`. */
export interface ApiKeyConfig {
  /** Header name the key is sent in. */
  keyName: string
  /** The key, or — when `keyValueIsEnvVar` — the NAME of the env var holding it. */
  keyValue?: string
  keyValueIsEnvVar?: boolean
}

/** Receiver authentication settings. */
export interface Auth {
  authType: AuthType
  basicAuthConfig?: BasicAuthConfig
  oauthConfig?: OAuthConfig
  apiKeyConfig?: ApiKeyConfig
}

/** Legacy filter: deliver only when the value at `keyToFilter` is one of `supportedValues` (case-sensitive). */
export interface Filter {
  keyToFilter: string
  supportedValues: string[]
}

/** The 14 condition operations. */
export type ConditionOperation =
  | 'equals'
  | 'not_equals'
  | 'any_of'
  | 'none_of'
  | 'contains'
  | 'not_contains'
  | 'starts_with'
  | 'ends_with'
  | 'greater_than'
  | 'less_than'
  | 'greater_than_or_equals'
  | 'less_than_or_equals'
  | 'is_empty'
  | 'is_not_empty'

/** Every {@link ConditionOperation}. */
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
]

/** How a condition's field value and its `values` are read. */
export type ConditionFieldType = 'string' | 'number' | 'boolean' | 'date' | 'datetime'

/** Every {@link ConditionFieldType}. */
export const CONDITION_FIELD_TYPES: readonly ConditionFieldType[] = ['string', 'number', 'boolean', 'date', 'datetime']

/** A condition that must be met for the webhook to fire. See docs/filters.md for the exact semantics. */
export interface WebhookCondition {
  /** Dot path into `{ metadata, entity, relations, activity, changed_attributes }` (other first keys read `entity`). */
  field: string
  operation: ConditionOperation
  values?: string[]
  /** Defaults to `string`. */
  field_type?: ConditionFieldType
  is_array_field?: boolean
  repeatable_item_op?: boolean
}

/** A group of conditions; AND-ed by default, OR-ed when `logical_operator` is `OR`. */
export interface WebhookConditionGroup {
  conditions?: WebhookCondition[]
  logical_operator?: 'AND' | 'OR'
}

/** Payload shaping options. */
export interface PayloadConfiguration {
  hydrate_entity?: boolean
  include_relations?: boolean
  include_activity?: boolean
  include_changed_attributes?: boolean
  /** Extra headers sent with every delivery (names must be HTTP tokens and not reserved). */
  custom_headers?: Record<string, string>
}

/** Secure proxy settings (stored and echoed; not used by the reference engine's stages). */
export interface SecureProxy {
  integration_id: string
  use_case_slug: string
}

/** Derived lifecycle state of a config (see `deriveStatus`). */
export type WebhookStatus = 'active' | 'inactive' | 'incomplete'

/** A webhook configuration, as stored and served by the engine. */
export interface WebhookConfig {
  id?: string
  name: string
  eventName: string
  url?: string
  creationTime?: string
  httpMethod?: HttpMethod
  enabled?: boolean
  auth?: Auth
  filter?: Filter
  payloadConfiguration?: PayloadConfiguration
  enableStaticIP?: boolean
  protected?: boolean
  secureProxy?: SecureProxy
  status?: WebhookStatus
  jsonataExpression?: string
  filterConditions?: WebhookConditionGroup
  /** Manifest ids (uuids). */
  _manifest?: string[]
  signingSecret?: string
}

/** Metadata about the event being delivered; always part of the payload. */
export interface Metadata {
  action?: string
  origin?: string
  creation_timestamp?: string
  webhook_id?: string
  webhook_name?: string
  automation_name?: string
  organization_id: string
  user_id?: string
  correlation_id?: string
  execution_id?: string
  action_id?: string
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
export interface WebhookPayload {
  metadata: Metadata
  entity: Record<string, unknown>
  relations?: unknown[]
  activity?: unknown
  changed_attributes?: ChangedAttributes
}
