/** Why an attempt could not produce a receiver response, and whether trying again may help. */
export class DeliveryFailure extends Error {
  constructor(
    /** Recorded as `http_response.code` (`timeout`, `ECONNREFUSED`, `url_blocked`, `oauth_token_failed`, `secret_missing`, …). */
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    /** Honoured (within the deadline) when the failure came with a Retry-After. */
    readonly retryAfterMs?: number,
  ) {
    super(message)
    this.name = 'DeliveryFailure'
  }
}

/** Network-level error codes worth another attempt (the target may come back). */
export function isRetryableNetworkCode(code: string): boolean {
  return code !== 'url_blocked' && code !== 'ERR_INVALID_URL' && code !== 'ERR_INVALID_HTTP_TOKEN' && code !== 'ERR_INVALID_CHAR'
}
