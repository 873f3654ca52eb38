/** Signing on Node: keys parsed once into cached node:crypto key objects. Used by the engine and by tests. */
import { toBase64 } from './bytes'
import { HEADER_ID, HEADER_SIGNATURE, HEADER_TIMESTAMP, PRIVATE_KEY_PREFIX, PUBLIC_KEY_PREFIX } from './constants'
import { pemFromRaw } from './keys'
import type { SignableMessage, SignerOptions, WebhookHeaders, WebhookSigner } from './signer-types'
import { parseSigningKeys, signingInput } from './signing-input'
import { ed25519PrivateKeyFromSeed, generateEd25519, hmacSha256, signEd25519 } from './node-crypto'

export type { SignableMessage, SignerOptions, WebhookHeaders, WebhookSigner }

/** A freshly generated Ed25519 signing key pair in every format the SDK reads. */
export interface SigningKeyPair {
  /** `whsk_<base64 32-byte seed>` — keep secret. */
  privateKey: string
  /** `whpk_<base64 32 bytes>`. */
  publicKey: string
  /** The same public key as an SPKI PEM (what the public-key endpoint serves). */
  publicKeyPem: string
}

/**
 * Generates a new Ed25519 signing key pair.
 *
 * @example
 * ```ts
 * const { privateKey, publicKeyPem } = generateSigningKeyPair()
 * ```
 */
export function generateSigningKeyPair(): SigningKeyPair {
  const { seed, publicKey } = generateEd25519()
  return {
    privateKey: PRIVATE_KEY_PREFIX + toBase64(seed),
    publicKey: PUBLIC_KEY_PREFIX + toBase64(publicKey),
    publicKeyPem: pemFromRaw(publicKey),
  }
}

/**
 * Creates a signer; the keys are parsed and imported once here, not per message.
 *
 * @example
 * ```ts
 * const signer = createSigner({ privateKey: 'whsk_…', secret: 'whsec_…' })
 * const headers = signer.sign({ id: 'msg_1', timestamp: Math.floor(Date.now() / 1000), body })
 * ```
 */
export function createSigner(options: SignerOptions): WebhookSigner {
  const { seed, secret: secretBytes, hmacLabel } = parseSigningKeys(options)
  const privateKey = seed && ed25519PrivateKeyFromSeed(seed)
  const secret = secretBytes && Buffer.from(secretBytes)
  return {
    sign(message) {
      const { timestamp, content } = signingInput(message)
      const entries: string[] = []
      if (privateKey) entries.push(`v1a,${signEd25519(privateKey, content).toString('base64')}`)
      if (secret) entries.push(`${hmacLabel},${hmacSha256(secret, content).toString('base64')}`)
      return { [HEADER_ID]: message.id, [HEADER_TIMESTAMP]: timestamp, [HEADER_SIGNATURE]: entries.join(' ') } as WebhookHeaders
    },
  }
}

/**
 * Signs one message (parses the keys each call; use {@link createSigner} for many messages).
 *
 * @example
 * ```ts
 * const headers = signWebhook({ id: 'msg_1', timestamp: 1700000000, body: '{"a":1}', secret: 'whsec_…' })
 * ```
 */
export function signWebhook(options: SignerOptions & SignableMessage): WebhookHeaders {
  return createSigner(options).sign(options)
}

