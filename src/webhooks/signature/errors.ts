/** Why a delivery failed verification (or could not be verified). Stable; safe to switch on. */
export type WebhookVerificationErrorCode =
  | 'missing_header'
  | 'invalid_header'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'malformed_signature'
  | 'no_matching_signature'
  | 'invalid_key'
  | 'invalid_body'
  | 'replayed'
  | 'body_too_large'
  | 'key_unavailable'
  | 'invalid_option'

/** The HTTP status a receiver should answer with for each code (see docs/signatures.md). */
export const VERIFICATION_ERROR_STATUS: Readonly<Record<WebhookVerificationErrorCode, number>> = {
  missing_header: 400,
  invalid_header: 400,
  invalid_timestamp: 400,
  malformed_signature: 400,
  invalid_body: 400,
  timestamp_too_old: 401,
  timestamp_too_new: 401,
  no_matching_signature: 401,
  replayed: 409,
  body_too_large: 413,
  // The receiver's own configuration is wrong or its key source is down: not the sender's fault.
  invalid_key: 500,
  invalid_option: 500,
  key_unavailable: 503,
}

/**
 * Thrown when a webhook delivery cannot be shown to be genuine, or the receiver is misconfigured.
 * `code` says which check failed; `status` is the HTTP status to answer with.
 *
 * @example
 * ```ts
 * try {
 *   await verifyWebhook({ body, headers, publicKey })
 * } catch (err) {
 *   if (err instanceof WebhookVerificationError) return new Response(err.code, { status: err.status })
 *   throw err
 * }
 * ```
 */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError'
  /** Stable machine-readable reason. */
  readonly code: WebhookVerificationErrorCode
  /** Suggested HTTP status for a receiver's response. */
  readonly status: number

  constructor(code: WebhookVerificationErrorCode, message: string, options?: { status?: number; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.status = options?.status ?? VERIFICATION_ERROR_STATUS[code]
  }
}

/** Why signing could not start: unreadable or missing keys, or a message that cannot be signed. */
export type WebhookSigningErrorCode = 'invalid_key' | 'missing_key' | 'invalid_message'

/**
 * Thrown by the signer when its key material is missing or unreadable, or the message is not an id, an integer
 * timestamp and a string or byte body. Messages never contain key material.
 *
 * @example
 * ```ts
 * try { createSigner({}) } catch (err) { if (err instanceof WebhookSigningError) console.error(err.code) }
 * ```
 */
export class WebhookSigningError extends Error {
  override readonly name = 'WebhookSigningError'
  /** Stable machine-readable reason. */
  readonly code: WebhookSigningErrorCode

  constructor(code: WebhookSigningErrorCode, message: string) {
    super(message)
    this.code = code
  }
}

/** A short name of what a value is, for messages about a wrong type (never the value itself). */
export function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value
}
