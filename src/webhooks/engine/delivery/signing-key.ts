/** The engine's Ed25519 key: from options (`whsk_…` or PKCS#8 PEM) or generated; its public half as SPKI PEM. */
import { createPrivateKey, createPublicKey } from 'node:crypto'
import { generateSigningKeyPair, WebhookSigningError, type WebhookSigner } from '../../signature'
import { parsePrivateKey, pkcs8FromSeed } from '../../signature/keys'

/** The engine's signing key and what is derived from it once. */
export interface SigningSetup {
  /** Ed25519 private key (`whsk_…` or PKCS#8 PEM). */
  privateKey: string
  /** Its public half as SPKI PEM, for `getPublicKey`. */
  publicKeyPem: string
  /** Signer with the engine key only, shared by every config without a `signingSecret`. */
  engineSigner: WebhookSigner
  /** Label of the HMAC entry for configs with a `signingSecret`. */
  hmacVersion?: 'v1' | 'v1s'
}

export function resolveSigningKey(privateKey: string | undefined): { privateKey: string; publicKeyPem: string } {
  if (privateKey === undefined) {
    const pair = generateSigningKeyPair()
    return { privateKey: pair.privateKey, publicKeyPem: pair.publicKeyPem }
  }
  const seed = parsePrivateKey(privateKey)
  if (!seed) throw new WebhookSigningError('invalid_key', 'signingKey must be a whsk_ key (base64 of a 32-byte Ed25519 seed) or an Ed25519 PKCS#8 PEM.')
  const key = createPrivateKey({ key: Buffer.from(pkcs8FromSeed(seed)), format: 'der', type: 'pkcs8' })
  return { privateKey, publicKeyPem: createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString() }
}
