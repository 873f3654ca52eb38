/** A config prepared for delivery once, when it is saved: compiled filters/payload, its signer, its token cache. */
import { createSigner, type WebhookSigner } from '../../signature'
import { OAuthTokenCache, type OAuthDeps } from './oauth'
import { compileConfig, type CompiledConfig } from '../config/compile'
import type { StoredConfig } from '../store/types'
import type { UrlCheck, UrlPolicy } from './url-policy'

export interface DeliveryTarget {
  readonly stored: StoredConfig
  readonly compiled: CompiledConfig
  /** The engine's Ed25519 key (`v1a`) plus the config's HMAC `signingSecret` (`v1`) when set. */
  readonly signer: WebhookSigner
  readonly oauth?: OAuthTokenCache
  /** The URL policy's verdict on `config.url`, checked once per revision rather than per attempt. */
  readonly url: UrlCheck
  /** content-type, user-agent and the config's custom headers; each attempt adds auth and signature headers. */
  readonly headers: Readonly<Record<string, string>>
}

/** What building a target needs from the engine. */
export interface TargetDeps {
  /** The engine's Ed25519 private key. */
  privateKey: string
  /** Signer with the engine key only, shared by every config without a `signingSecret`. */
  engineSigner: WebhookSigner
  hmacVersion?: 'v1' | 'v1s'
  policy: UrlPolicy
  userAgent: string
  oauth: OAuthDeps
}

/** Compiles a stored config and builds its signer and OAuth token cache; throws when the config cannot compile. */
export function buildTarget(deps: TargetDeps, stored: StoredConfig): DeliveryTarget {
  const config = stored.config
  const signer = config.signingSecret
    ? createSigner({ privateKey: deps.privateKey, secret: config.signingSecret, ...(deps.hmacVersion ? { hmacVersion: deps.hmacVersion } : {}) })
    : deps.engineSigner
  const oauthConfig = config.auth?.authType === 'OAUTH_CLIENT_CREDENTIALS' ? config.auth.oauthConfig : undefined
  const oauth = oauthConfig ? new OAuthTokenCache(oauthConfig, deps.oauth) : undefined
  const compiled = compileConfig(config)
  const headers = Object.freeze({ 'content-type': 'application/json', 'user-agent': deps.userAgent, ...compiled.customHeaders })
  return { stored, compiled, signer, ...(oauth ? { oauth } : {}), url: deps.policy.check(config.url ?? ''), headers }
}
