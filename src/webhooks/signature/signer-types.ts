/** Types of the signer, shared by the Node and portable implementations. */

/** Key material for signing. Give `privateKey` for a `v1a` entry, `secret` for an HMAC entry, or both. */
export interface SignerOptions {
  /** Ed25519 private key: `whsk_<base64 32-byte seed>` or a PKCS#8 PEM. */
  privateKey?: string
  /** HMAC secret: base64 key bytes, optionally prefixed `whsec_` (as in every Standard Webhooks library). */
  secret?: string
  /** Label of the HMAC entry: the standard `v1` (default) or epilot's `v1s`. */
  hmacVersion?: 'v1' | 'v1s'
}

/** What is signed: the message id, the unix timestamp in seconds, and the body exactly as it will be sent. */
export interface SignableMessage {
  /** The `webhook-id`: unique per message, kept across retries. */
  id: string
  /** Unix seconds (a non-negative integer). */
  timestamp: number
  /** The body exactly as it will be sent. */
  body: string | Uint8Array
}

/**
 * The three Standard Webhooks headers, ready to send. A type alias (not an interface) so it is assignable
 * to `Record<string, string>` and `HeadersInit`.
 */
export type WebhookHeaders = {
  'webhook-id': string
  'webhook-timestamp': string
  'webhook-signature': string
}

/** Signs messages with keys parsed once. */
export interface WebhookSigner {
  /** Signs one message; returns the headers to send alongside the unchanged body. */
  sign(message: SignableMessage): WebhookHeaders
}
