/**
 * Outgoing receiver authentication (BASIC, API_KEY, OAuth or NONE), decided once per config revision: a header
 * that never changes is computed here, once; only secrets read from env vars and OAuth tokens are fetched per
 * attempt.
 */
import { resolveSecret } from '../config/secrets'
import { DeliveryFailure } from './failure'
import type { Auth } from '../model'
import type { OAuthTokenCache } from './oauth'

/** How the requests of one config revision authenticate. Header names are lower case. */
export type AuthPlan =
  /** No auth header, or one fixed header (`name`, `value`) sent as is. */
  | { readonly kind: 'fixed'; readonly name?: string; readonly value?: string }
  /** A header whose secret is read from the env var at each attempt; `value` throws `secret_missing` when unset. */
  | { readonly kind: 'env'; readonly name: string; value(env: Record<string, string | undefined>): string }
  /** `authorization: Bearer <token>` from the token cache. */
  | { readonly kind: 'oauth'; readonly name: 'authorization'; readonly cache: OAuthTokenCache }
  /** The settings cannot authenticate (a secret is not set): every attempt fails with this, sending nothing. */
  | { readonly kind: 'broken'; readonly name?: string; failure(): DeliveryFailure }

const NONE: AuthPlan = { kind: 'fixed' }

function missing(what: string, envName: string | null | undefined, isEnvVar: boolean | undefined): DeliveryFailure {
  return new DeliveryFailure(
    'secret_missing',
    isEnvVar ? `The env var ${envName ?? ''} holding the ${what} is not set.` : `The ${what} is not set; update the config.`,
    false,
  )
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
}

/** A plan whose header comes from `read(env)`: fixed when the secret is stored in the config, per attempt when it names an env var. */
function secretHeader(
  name: string,
  secret: string | null | undefined,
  isEnvVar: boolean | undefined,
  what: string,
  toValue: (secret: string) => string,
): AuthPlan {
  if (!isEnvVar) {
    if (secret === undefined || secret === null) return { kind: 'broken', name, failure: () => missing(what, secret, false) }
    return { kind: 'fixed', name, value: toValue(secret) }
  }
  return {
    kind: 'env',
    name,
    value(env) {
      const value = resolveSecret(secret, true, env)
      if (value === undefined) throw missing(what, secret, true)
      return toValue(value)
    },
  }
}

/**
 * The auth plan of a config revision. Env var secrets are read at delivery time, so a changed env var applies to
 * the next attempt.
 * @example
 * planAuth({ authType: 'API_KEY', apiKeyConfig: { keyName: 'X-Api-Key', keyValue: 'k' } }, undefined)
 * // { kind: 'fixed', name: 'x-api-key', value: 'k' }
 */
export function planAuth(auth: Auth | undefined, oauth: OAuthTokenCache | undefined): AuthPlan {
  switch (auth?.authType) {
    case 'BASIC': {
      const b = auth.basicAuthConfig
      if (!b) return { kind: 'broken', name: 'authorization', failure: () => missing('basic auth password', undefined, false) }
      return secretHeader('authorization', b.password, b.passwordIsEnvVar, 'basic auth password', (password) => basic(b.username, password))
    }
    case 'API_KEY': {
      const k = auth.apiKeyConfig
      if (!k) return { kind: 'broken', failure: () => missing('API key', undefined, false) }
      return secretHeader(k.keyName.toLowerCase(), k.keyValue, k.keyValueIsEnvVar, 'API key', (value) => value)
    }
    case 'OAUTH_CLIENT_CREDENTIALS':
      if (!oauth) return { kind: 'broken', name: 'authorization', failure: () => new DeliveryFailure('secret_missing', 'The OAuth settings are incomplete; update the config.', false) }
      return { kind: 'oauth', name: 'authorization', cache: oauth }
    default:
      return NONE
  }
}
