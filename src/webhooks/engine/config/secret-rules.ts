/**
 * The secret fields of a config body on create and update, as the published contract has them: left out → the stored
 * value is kept; `null` → cleared; the mask read from the API (`********`) → kept; a string → the new value. On
 * create nothing is stored yet, so everything but a string leaves the secret unset. `signingSecret` follows the same
 * rules; a config created without one gets a generated secret ({@link generateSigningSecret}).
 */
import { randomBytes } from 'node:crypto'
import type { WebhookConfig } from '../model'
import { isObject } from '../validation'
import { SECRET_MASK } from './secrets'

type Auth = NonNullable<WebhookConfig['auth']>

/** The auth settings objects holding a secret, and the secret's key in each. */
const AUTH_SECRETS = [
  ['basicAuthConfig', 'password'],
  ['oauthConfig', 'clientSecret'],
  ['apiKeyConfig', 'keyValue'],
] as const

/** A new Standard Webhooks secret: `whsec_` + 24 random bytes, base64. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`
}

/** The value a secret ends up with, from what the body held (`raw`), what validation read, and what is stored. */
function decide(raw: unknown, read: string | null | undefined, stored: string | null | undefined): string | undefined {
  if (raw === null) return undefined
  if (raw === undefined || raw === SECRET_MASK) return stored ?? undefined
  return read ?? undefined
}

function field(obj: unknown, key: string): unknown {
  return isObject(obj) ? obj[key] : undefined
}

/**
 * Applies the secret rules to a validated config (`incoming`) given the raw body it came from and the stored config
 * (undefined on create). Returns a copy; secrets that end up unset are removed, never stored as `null`.
 * @example
 * applySecretRules(validateConfig(body), body, stored.config) // body without auth.basicAuthConfig.password keeps it
 */
export function applySecretRules(incoming: WebhookConfig, raw: unknown, stored: WebhookConfig | undefined): WebhookConfig {
  // signingSecret is read-only in the API types (clients do not set it); the engine does.
  const out: { -readonly [K in keyof WebhookConfig]: WebhookConfig[K] } = { ...incoming }
  const signing = decide(field(raw, 'signingSecret'), incoming.signingSecret, stored?.signingSecret)
  if (signing === undefined) delete out.signingSecret
  else out.signingSecret = signing
  if (!incoming.auth) return out
  const auth: Auth = { ...incoming.auth }
  const rawAuth = field(raw, 'auth')
  for (const [section, key] of AUTH_SECRETS) {
    const settings = auth[section] as Record<string, unknown> | undefined
    if (!settings) continue
    const copy: Record<string, unknown> = { ...settings }
    const storedSettings = stored?.auth?.[section] as Record<string, string | null | undefined> | undefined
    const value = decide(field(field(rawAuth, section), key), settings[key] as string | null | undefined, storedSettings?.[key])
    if (value === undefined) delete copy[key]
    else copy[key] = value
    ;(auth as Record<string, unknown>)[section] = copy
  }
  out.auth = auth
  return out
}
