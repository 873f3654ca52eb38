/** A config prepared for delivery once, when it is saved: compiled filters/payload, its signer, its token cache. */
import type { WebhookSigner } from '../../signature'
import type { OAuthTokenCache } from '../auth/oauth'
import type { CompiledConfig } from '../compile'
import type { StoredConfig } from '../store/types'

export interface DeliveryTarget {
  readonly stored: StoredConfig
  readonly compiled: CompiledConfig
  /** The engine's Ed25519 key (`v1a`) plus the config's HMAC `signingSecret` (`v1`) when set. */
  readonly signer: WebhookSigner
  readonly oauth?: OAuthTokenCache
}
