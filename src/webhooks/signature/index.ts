/**
 * Shared Standard Webhooks signing and verification (v1a Ed25519, v1/v1s HMAC-SHA256).
 * This entry is the Node flavour used by the engine; the receiver's portable build imports the
 * WebCrypto pieces directly and never this file.
 */
export {
  createSigner,
  generateSigningKeyPair,
  signWebhook,
  toPublicKeyPem,
  type SignableMessage,
  type SignerOptions,
  type SigningKeyPair,
  type WebhookHeaders,
  type WebhookSigner,
} from './signer'
export {
  DEFAULT_TOLERANCE_SECONDS,
  HEADER_ID,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  PRIVATE_KEY_PREFIX,
  PUBLIC_KEY_PREFIX,
  SECRET_PREFIX,
  type SignatureVersion,
} from './constants'
export {
  WebhookSigningError,
  WebhookVerificationError,
  type WebhookSigningErrorCode,
  type WebhookVerificationErrorCode,
} from './errors'
export { signedContent } from './content'
export { nodeBackend } from './node-crypto'
export type { CryptoBackend, SyncCryptoBackend } from './backend'
