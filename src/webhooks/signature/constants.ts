/** Wire-format constants of Standard Webhooks as epilot uses them. */

/** Header carrying the unique message id (also the idempotency key). */
export const HEADER_ID = 'webhook-id'
/** Header carrying the integer unix timestamp (seconds) of the signing. */
export const HEADER_TIMESTAMP = 'webhook-timestamp'
/** Header carrying the space-separated `<version>,<base64 signature>` list. */
export const HEADER_SIGNATURE = 'webhook-signature'

/** Prefix of an HMAC secret written as base64 key bytes. */
export const SECRET_PREFIX = 'whsec_'
/** Prefix of an Ed25519 public key written as base64 of its 32 raw bytes. */
export const PUBLIC_KEY_PREFIX = 'whpk_'
/** Prefix of an Ed25519 private key written as base64 of its 32-byte seed. */
export const PRIVATE_KEY_PREFIX = 'whsk_'

/** Default allowed distance between the signed timestamp and now, in either direction. */
export const DEFAULT_TOLERANCE_SECONDS = 300

/** Signature headers longer than this are rejected before any parsing work. */
export const MAX_SIGNATURE_HEADER_LENGTH = 8 * 1024
/** Signature headers with more entries than this are rejected (bounds the work per request). */
export const MAX_SIGNATURE_ENTRIES = 20

/** Signature versions and the scheme each one stands for. `v1s` is epilot's label for the HMAC entry. */
export const SIGNATURE_VERSIONS = { v1a: 'ed25519', v1: 'hmac-sha256', v1s: 'hmac-sha256' } as const

/** A signature version this library signs and verifies. */
export type SignatureVersion = keyof typeof SIGNATURE_VERSIONS

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
export const ED25519_SPKI_PREFIX = Uint8Array.of(0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00)
/** DER prefix of an Ed25519 PKCS#8 PrivateKeyInfo; the raw 32-byte seed follows it. */
export const ED25519_PKCS8_PREFIX = Uint8Array.of(
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
)
