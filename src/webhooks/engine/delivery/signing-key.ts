/** The engine's Ed25519 key: from options (`whsk_…` or PKCS#8 PEM) or generated; its public half as SPKI PEM. */
import { createPrivateKey, createPublicKey } from 'node:crypto'
import { generateSigningKeyPair, WebhookSigningError } from '../../signature'
import { parsePrivateKey, pkcs8FromSeed } from '../../signature/keys'

/** The engine's signing key as read once: its private bytes and its public half. */
export interface EngineSigningKey {
  /** The Ed25519 private key as PKCS#8 DER: what the signing thread signs every delivery with. */
  pkcs8: Uint8Array
  /** Its public half as SPKI PEM, for `getPublicKey`. */
  publicKeyPem: string
}

/** The engine's signing key and what is derived from it once. */
export interface SigningSetup extends EngineSigningKey {
  /** Label of the HMAC entry for configs with a `signingSecret`. */
  hmacVersion?: 'v1' | 'v1s'
}

/** Reads (or, when absent, generates) the engine's Ed25519 key; `WebhookSigningError` when it is unreadable. */
export function resolveSigningKey(privateKey: string | undefined): EngineSigningKey {
  const text = privateKey ?? generateSigningKeyPair().privateKey
  const seed = parsePrivateKey(text)
  if (!seed) throw new WebhookSigningError('invalid_key', 'signingKey must be a whsk_ key (base64 of a 32-byte Ed25519 seed) or an Ed25519 PKCS#8 PEM.')
  const pkcs8 = pkcs8FromSeed(seed)
  const key = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' })
  return { pkcs8, publicKeyPem: createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString() }
}
