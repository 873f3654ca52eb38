/** A config prepared for delivery once, when it is saved: compiled filters/payload, its signer, its token cache. */
import { createSigner, type WebhookSigner } from '../../signature'
import type { ResolvedOptions } from '../options'
import { OAuthTokenCache, type OAuthContext } from './oauth'
import { compileConfig, type CompiledConfig } from '../config/compile'
import type { StoredConfig } from '../store/types'
import type { SigningSetup } from './signing-key'
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

/** What building a target uses of the engine's context (an `EngineContext` is one). */
export interface TargetContext extends OAuthContext {
  readonly signing: SigningSetup
  readonly urlPolicy: UrlPolicy
  readonly options: OAuthContext['options'] & Pick<ResolvedOptions, 'userAgent'>
}

/** Compiles a stored config and builds its signer and OAuth token cache; throws when the config cannot compile. */
export function buildTarget(ctx: TargetContext, stored: StoredConfig): DeliveryTarget {
  const config = stored.config
  const signing = ctx.signing
  const signer = config.signingSecret
    ? createSigner({ privateKey: signing.privateKey, secret: config.signingSecret, ...(signing.hmacVersion ? { hmacVersion: signing.hmacVersion } : {}) })
    : signing.engineSigner
  const oauthConfig = config.auth?.authType === 'OAUTH_CLIENT_CREDENTIALS' ? config.auth.oauthConfig : undefined
  const oauth = oauthConfig ? new OAuthTokenCache(oauthConfig, ctx) : undefined
  const compiled = compileConfig(config)
  const headers = Object.freeze({ 'content-type': 'application/json', 'user-agent': ctx.options.userAgent, ...compiled.customHeaders })
  return { stored, compiled, signer, ...(oauth ? { oauth } : {}), url: ctx.urlPolicy.check(config.url ?? ''), headers }
}
