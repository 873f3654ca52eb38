/**
 * Thrown when an API call fails: the server answered with an error status, or no answer came.
 * Carries what you need to act and to report, never the request's credentials.
 *
 * @example
 * ```ts
 * try {
 *   await client.getConfig({ configId })
 * } catch (error) {
 *   if (error instanceof EpilotApiError && error.status === 404) { ... }
 * }
 * ```
 */
export class EpilotApiError extends Error {
  override readonly name = 'EpilotApiError'
  /** `api_error` (the server answered with an error status), `network_error`, `timeout` or `canceled`. */
  readonly code: 'api_error' | 'network_error' | 'timeout' | 'canceled'
  /** HTTP status of the answer, when there was one. */
  readonly status: number | undefined
  /** The operation that failed, e.g. `getConfig`. */
  readonly operationId: string | undefined
  /** HTTP method and path (without query string) of the failed request. */
  readonly method: string | undefined
  readonly path: string | undefined
  /** The request id the server sent back (`x-request-id`, `x-amzn-requestid` or `x-epilot-request-id`). */
  readonly requestId: string | undefined
  /** The error body the server sent, as parsed JSON (or text). */
  readonly data: unknown
  /** How many attempts were made, retries included. */
  readonly attempts: number

  constructor(init: {
    message: string
    code: EpilotApiError['code']
    status?: number
    operationId?: string
    method?: string
    path?: string
    requestId?: string
    data?: unknown
    attempts: number
  }) {
    super(init.message)
    this.code = init.code
    this.status = init.status
    this.operationId = init.operationId
    this.method = init.method
    this.path = init.path
    this.requestId = init.requestId
    this.data = init.data
    this.attempts = init.attempts
  }
}

/**
 * Thrown before any request is sent when the arguments cannot make a valid request:
 * a required path or query parameter or a required body is missing.
 */
export class EpilotInputError extends Error {
  override readonly name = 'EpilotInputError'
  /** `missing_parameter` or `missing_body`. */
  readonly code: 'missing_parameter' | 'missing_body'
  /** The operation called. */
  readonly operationId: string
  /** Every missing parameter name (empty for `missing_body`). */
  readonly missing: string[]

  constructor(code: EpilotInputError['code'], operationId: string, missing: string[]) {
    super(
      code === 'missing_body'
        ? `${operationId} needs a request body: pass it as the second argument`
        : `${operationId} is missing required parameter${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: pass ${missing.length > 1 ? 'them' : 'it'} in the first argument`,
    )
    this.code = code
    this.operationId = operationId
    this.missing = missing
  }
}
