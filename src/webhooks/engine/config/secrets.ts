import { ConfigValidationError, type ValidationIssue } from '../errors'
import type { WebhookConfig } from '../model'
import { keepMaskedUrl, maskUrl } from './url-secrets'

/** A secret field as the API types it: absent, `null` (published contract: "clear it" on update) or a value. */
type SecretField = string | null | undefined

/** What a stored secret looks like in listings and responses. */
export const SECRET_MASK = '********'

/** Replaces a literal secret with the mask; env var names (`isEnvVar`) and unset values stay as they are. */
function mask(value: SecretField, isEnvVar: boolean | undefined): SecretField {
  return value !== undefined && value !== null && value !== '' && !isEnvVar ? SECRET_MASK : value
}

/** The mask coming back from a client means "unchanged": keep the stored value (or drop it if none is stored). */
function keep(incoming: SecretField, stored: SecretField): SecretField {
  return incoming === SECRET_MASK ? stored : incoming
}

/** Copies `obj` with `key` set to `value`, or removed when `value` is undefined. */
function withValue<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): T {
  const copy = { ...obj }
  if (value === undefined) delete copy[key]
  else copy[key] = value
  return copy
}

/** Applies `fn` to each secret slot of a config, returning a copy (the input is never changed). */
function mapSecrets(
  config: WebhookConfig,
  fn: (value: SecretField, isEnvVar: boolean | undefined, slot: 'password' | 'clientSecret' | 'keyValue' | 'signingSecret') => SecretField,
): WebhookConfig {
  let out = withValue(config, 'signingSecret', fn(config.signingSecret, false, 'signingSecret') ?? undefined)
  const auth = config.auth
  if (!auth) return out
  let nextAuth = { ...auth }
  if (auth.basicAuthConfig) {
    const b = auth.basicAuthConfig
    nextAuth = { ...nextAuth, basicAuthConfig: withValue(b, 'password', fn(b.password, b.passwordIsEnvVar, 'password')) }
  }
  if (auth.oauthConfig) {
    const o = auth.oauthConfig
    nextAuth = { ...nextAuth, oauthConfig: withValue(o, 'clientSecret', fn(o.clientSecret, o.clientSecretIsEnvVar, 'clientSecret')) }
  }
  if (auth.apiKeyConfig) {
    const k = auth.apiKeyConfig
    nextAuth = { ...nextAuth, apiKeyConfig: withValue(k, 'keyValue', fn(k.keyValue, k.keyValueIsEnvVar, 'keyValue')) }
  }
  out = { ...out, auth: nextAuth }
  return out
}

/**
 * Returns a copy safe to show: `auth.basicAuthConfig.password`, `auth.oauthConfig.clientSecret`,
 * `auth.apiKeyConfig.keyValue` and `signingSecret` become {@link SECRET_MASK} when set, and so do the credentials
 * inside `url` and `auth.oauthConfig.endpoint` (user-info password, secret-named query parameters: see `maskUrl`). When the matching
 * `*IsEnvVar` flag is true the field holds an env var NAME, not a secret, and is shown as is.
 * @example
 * maskSecrets(config).auth?.basicAuthConfig?.password // '********'
 */
export function maskSecrets(config: WebhookConfig): WebhookConfig {
  return mapUrls(mapSecrets(config, (value, isEnvVar) => mask(value, isEnvVar)), (url) => maskUrl(url))
}

/** Applies `fn` to the URLs that may hold credentials (`url`, `auth.oauthConfig.endpoint`), returning a copy. */
function mapUrls(config: WebhookConfig, fn: (url: string, slot: 'url' | 'endpoint') => string): WebhookConfig {
  let out = config
  if (typeof config.url === 'string') out = { ...out, url: fn(config.url, 'url') }
  const oauth = config.auth?.oauthConfig
  if (oauth && typeof oauth.endpoint === 'string') {
    out = { ...out, auth: { ...config.auth, authType: config.auth?.authType ?? 'NONE', oauthConfig: { ...oauth, endpoint: fn(oauth.endpoint, 'endpoint') } } }
  }
  return out
}

/** URLs sent back masked take the stored credentials; a mask that cannot be restored is a validation error. */
export function keepMaskedUrls(incoming: WebhookConfig, stored: WebhookConfig): WebhookConfig {
  const issues: ValidationIssue[] = []
  const out = mapUrls(incoming, (url, slot) => {
    const storedUrl = slot === 'url' ? stored.url : stored.auth?.oauthConfig?.endpoint
    const kept = keepMaskedUrl(url, storedUrl ?? undefined)
    if (kept !== undefined) return kept
    issues.push({
      path: slot === 'url' ? 'url' : 'auth.oauthConfig.endpoint',
      message: 'holds ******** in place of a credential that the stored URL (same scheme, host and port) does not have; send the real value',
    })
    return url
  })
  if (issues.length > 0) throw new ConfigValidationError(issues)
  return out
}

/**
 * For updates: any secret field the client sent back as {@link SECRET_MASK} keeps the stored value, so a
 * config read from the API (masked) can be edited and saved without re-entering secrets. The same holds for masked
 * credentials inside `url` and `auth.oauthConfig.endpoint`, restored only for the stored URL's origin; a mask with
 * nothing to restore throws {@link ConfigValidationError}.
 * @example
 * const next = keepMaskedSecrets(validateConfig(body), stored)
 */
export function keepMaskedSecrets(incoming: WebhookConfig, stored: WebhookConfig): WebhookConfig {
  return mapSecrets(keepMaskedUrls(incoming, stored), (value, _isEnvVar, slot) => {
    switch (slot) {
      case 'signingSecret':
        return keep(value, stored.signingSecret)
      case 'password':
        return keep(value, stored.auth?.basicAuthConfig?.password)
      case 'clientSecret':
        return keep(value, stored.auth?.oauthConfig?.clientSecret)
      case 'keyValue':
        return keep(value, stored.auth?.apiKeyConfig?.keyValue)
    }
  })
}

/**
 * Resolves a secret at delivery time: the value itself, or — when `isEnvVar` — the env var it names
 * (from `env`, default `process.env`). Returns undefined when the value or the variable is not set.
 * @example
 * resolveSecret('HOOK_PASSWORD', true, { HOOK_PASSWORD: 's3cret' }) // 's3cret'
 */
export function resolveSecret(
  value: SecretField,
  isEnvVar: boolean | undefined,
  env: Record<string, string | undefined> = typeof process === 'undefined' ? {} : process.env,
): string | undefined {
  if (!isEnvVar) return value ?? undefined
  if (value === undefined || value === null || value === '') return undefined
  return env[value]
}
