import { WebhookVerificationError } from '../signature/errors'

/** Status and JSON body of the answer to a failed delivery: `{ "error": code, "message": … }`. */
export function errorReply(err: WebhookVerificationError): { status: number; body: string } {
  return { status: err.status, body: JSON.stringify({ error: err.code, message: err.message }) }
}

/** Options shared by the three middleware flavours. */
export interface MiddlewareOptions {
  /** Largest body read from a stream (and accepted as a buffer); larger ones get 413. Default 1 MiB. */
  maxBodyBytes?: number
  /**
   * Called with every rejected delivery and server-side failure (for logging/metrics). Messages never
   * contain key material. Default: server-side failures (5xx: misconfiguration, key source down, a throwing
   * handler) go to `console.error`, so they are never silent; rejected deliveries are not logged.
   */
  onError?: (error: unknown) => void
}

/** The `onError` of the options, or the default that logs only the receiver's own failures. */
export function reporter(options: MiddlewareOptions): (error: unknown) => void {
  if (options.onError) return options.onError
  return (error) => {
    if (!(error instanceof WebhookVerificationError) || error.status >= 500) console.error('webhook receiver:', error)
  }
}

/** Default `maxBodyBytes`: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024

/** `body_too_large` error for a limit. */
export function tooLarge(limit: number): WebhookVerificationError {
  return new WebhookVerificationError('body_too_large', `The webhook body is larger than ${limit} bytes; raise maxBodyBytes if deliveries this large are expected.`)
}

/** Byte length of a normalized or raw body, for the size limit. */
export function byteLength(body: unknown): number | undefined {
  if (typeof body === 'string') return body.length // a lower bound in bytes; exact enough to refuse abuse
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return body.byteLength
  return undefined
}
