/** What both signers (Node and portable) check before signing: the key material and the timestamp. */
import { WebhookSigningError } from './errors'
import { parsePrivateKey, parseSecret } from './keys'
import type { SignerOptions } from './signer-types'

/** Raw key bytes to sign with: the Ed25519 seed for `v1a`, the HMAC key for `v1`/`v1s`; at least one is set. */
export interface SigningKeyBytes {
  seed?: Uint8Array
  secret?: Uint8Array
}

/** Parses the signer's keys, throwing `WebhookSigningError` (without echoing the key) when one is unreadable or none is given. */
export function parseSigningKeys(options: SignerOptions): SigningKeyBytes {
  const keys: SigningKeyBytes = {}
  if (options.privateKey !== undefined) {
    const seed = parsePrivateKey(options.privateKey)
    if (!seed) {
      throw new WebhookSigningError('invalid_key', 'The private key is not a whsk_ key (base64 of a 32-byte seed) or an Ed25519 PKCS#8 PEM.')
    }
    keys.seed = seed
  }
  if (options.secret !== undefined) {
    const secret = parseSecret(options.secret)
    if (!secret) throw new WebhookSigningError('invalid_key', 'The secret is empty or a whsec_ value that is not base64.')
    keys.secret = secret
  }
  if (!keys.seed && !keys.secret) {
    throw new WebhookSigningError('missing_key', 'Pass privateKey (for v1a) and/or secret (for v1) to sign webhooks.')
  }
  return keys
}

/** The `webhook-timestamp` text of a unix-seconds timestamp; a TypeError for anything but a non-negative integer. */
export function timestampText(timestamp: number): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new TypeError('timestamp must be a non-negative integer number of unix seconds.')
  }
  return String(timestamp)
}
