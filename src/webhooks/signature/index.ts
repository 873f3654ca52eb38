/**
 * Shared Standard Webhooks signing (v1a Ed25519, v1/v1s HMAC-SHA256) on node:crypto, as the engine uses it.
 * The receiver imports the modules it needs directly and never this file.
 */
export {
  createSigner,
  generateSigningKeyPair,
  signWebhook,
  type SignableMessage,
  type SignerOptions,
  type SigningKeyPair,
  type WebhookHeaders,
  type WebhookSigner,
} from './signer'
export { WebhookSigningError, type WebhookSigningErrorCode } from './errors'
