/**
 * Parsing of the key formats we accept into raw bytes. Portable: the crypto paths import these raw bytes
 * into their own key objects once.
 */
import { concatBytes, fromBase64, startsWith, toBase64 } from './bytes'
import {
  ED25519_PKCS8_PREFIX,
  ED25519_SPKI_PREFIX,
  PRIVATE_KEY_PREFIX,
  PUBLIC_KEY_PREFIX,
  SECRET_PREFIX,
} from './constants'

/** Reads a PEM block of the given label into DER bytes; tolerates `\n` escapes left over from env vars. */
function pemToDer(text: string, label: string): Uint8Array | undefined {
  const normalized = text.replace(/\\n/g, '\n')
  const match = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(normalized)
  if (!match) return undefined
  return fromBase64((match[1] ?? '').replace(/\s+/g, ''))
}

function rawFromSpki(der: Uint8Array): Uint8Array | undefined {
  if (der.length !== ED25519_SPKI_PREFIX.length + 32 || !startsWith(der, ED25519_SPKI_PREFIX)) return undefined
  return der.slice(ED25519_SPKI_PREFIX.length)
}

/**
 * Raw 32-byte Ed25519 public key from an SPKI PEM, `whpk_<base64>`, bare base64 of the 32 bytes, or bare
 * base64 of the SPKI DER. Undefined when the text is none of those.
 */
export function parsePublicKey(text: string): Uint8Array | undefined {
  const trimmed = text.trim()
  if (trimmed.startsWith('-----BEGIN')) {
    const der = pemToDer(trimmed, 'PUBLIC KEY')
    return der && rawFromSpki(der)
  }
  const bytes = fromBase64(trimmed.startsWith(PUBLIC_KEY_PREFIX) ? trimmed.slice(PUBLIC_KEY_PREFIX.length) : trimmed)
  if (!bytes) return undefined
  if (bytes.length === 32) return bytes
  return rawFromSpki(bytes)
}

/**
 * 32-byte Ed25519 seed from `whsk_<base64 seed>` (a 64-byte seed+public key form is also read) or a PKCS#8 PEM.
 * Undefined when the text is none of those.
 */
export function parsePrivateKey(text: string): Uint8Array | undefined {
  const trimmed = text.trim()
  if (trimmed.startsWith('-----BEGIN')) {
    const der = pemToDer(trimmed, 'PRIVATE KEY')
    if (!der || der.length !== ED25519_PKCS8_PREFIX.length + 32 || !startsWith(der, ED25519_PKCS8_PREFIX)) {
      return undefined
    }
    return der.slice(ED25519_PKCS8_PREFIX.length)
  }
  if (!trimmed.startsWith(PRIVATE_KEY_PREFIX)) return undefined
  const bytes = fromBase64(trimmed.slice(PRIVATE_KEY_PREFIX.length))
  if (!bytes || (bytes.length !== 32 && bytes.length !== 64)) return undefined
  return bytes.slice(0, 32)
}

/** Why a secret could not be read: it is empty, or it is not base64. */
type SecretProblem = 'empty' | 'not_base64'

/**
 * HMAC key bytes, read as every Standard Webhooks library reads them: the base64 after an optional `whsec_`
 * prefix is decoded (padding optional; surrounding whitespace ignored). A {@link SecretProblem} otherwise.
 */
export function parseSecret(text: string): Uint8Array | SecretProblem {
  const trimmed = text.trim()
  const encoded = trimmed.startsWith(SECRET_PREFIX) ? trimmed.slice(SECRET_PREFIX.length) : trimmed
  if (encoded === '') return 'empty'
  const bytes = fromBase64(encoded, 'lenient')
  if (!bytes) return 'not_base64'
  return bytes.length > 0 ? bytes : 'empty'
}

/** The message for a secret that cannot be read; names the secret (e.g. `Secret #2`), never its value. */
export function secretProblemMessage(name: string, problem: SecretProblem): string {
  if (problem === 'empty') return `${name} is empty.`
  return (
    `${name} is not valid base64. A Standard Webhooks secret is base64 key bytes, optionally prefixed whsec_ ` +
    '(0.1.0 used the UTF-8 bytes of a secret without the prefix: to keep such a key, pass "whsec_" + its base64).'
  )
}

/** SPKI DER of a raw Ed25519 public key. */
export function spkiFromRaw(raw: Uint8Array): Uint8Array {
  return concatBytes(ED25519_SPKI_PREFIX, raw)
}

/** PKCS#8 DER of a raw Ed25519 seed. */
export function pkcs8FromSeed(seed: Uint8Array): Uint8Array {
  return concatBytes(ED25519_PKCS8_PREFIX, seed)
}

/** SPKI PEM (64-column base64, trailing newline) of a raw Ed25519 public key. */
export function pemFromRaw(raw: Uint8Array): string {
  const body = toBase64(spkiFromRaw(raw)).replace(/.{1,64}/g, '$&\n')
  return `-----BEGIN PUBLIC KEY-----\n${body}-----END PUBLIC KEY-----\n`
}
