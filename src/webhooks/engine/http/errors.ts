/**
 * Errors the HTTP layer raises itself (before or around an engine call), and the one function that turns
 * any thrown value into the JSON error answer (`ErrorResp`: `{ message, code, issues? }`).
 */
import { ConfigValidationError, EngineError, type ConfigIssue } from '../errors'

/** An HTTP-level failure with a stable `code`, e.g. `unsupported_media_type` (415) or `method_not_allowed` (405). */
export class HttpError extends Error {
  readonly code: string
  readonly status: number
  /** Extra response headers, e.g. `Allow` for 405 or `WWW-Authenticate` for 401. */
  readonly headers: Readonly<Record<string, string>>

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message)
    this.name = new.target.name
    this.status = status
    this.code = code
    this.headers = headers
  }
}

/** The request's query or body failed validation; `issues` lists every problem at once (`path` is e.g. `metadata.organization_id`). */
export class RequestValidationError extends HttpError {
  readonly issues: ConfigIssue[]

  constructor(issues: ConfigIssue[]) {
    const list = issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ')
    super(400, 'invalid_request', `Invalid request (${issues.length} problem${issues.length === 1 ? '' : 's'}): ${list}`)
    this.issues = issues
  }
}

/** The JSON error body every non-2xx answer carries. */
export interface ErrorBody {
  message: string
  code: string
  issues?: ConfigIssue[]
}

/** What to answer for a thrown value: status, headers and body. */
export interface ErrorAnswer {
  status: number
  headers: Readonly<Record<string, string>>
  body: ErrorBody
  /** True when the error was not one we raise on purpose; its details go to the log, never to the client. */
  unexpected: boolean
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({})
const RETRY_AFTER: Readonly<Record<string, string>> = Object.freeze({ 'Retry-After': '1' })

/**
 * Maps anything thrown while handling a request to its answer: `HttpError` and `EngineError` by their
 * `status` (validation errors keep their `issues`), everything else to a generic 500.
 */
export function toErrorAnswer(error: unknown): ErrorAnswer {
  if (error instanceof HttpError) {
    const body: ErrorBody = { message: error.message, code: error.code }
    if (error instanceof RequestValidationError) body.issues = error.issues
    return { status: error.status, headers: error.headers, body, unexpected: false }
  }
  if (error instanceof EngineError && error.status >= 400 && error.status <= 599) {
    const body: ErrorBody = { message: error.message, code: error.code }
    if (error instanceof ConfigValidationError) body.issues = error.issues
    // 429: tell clients (the SDK client honours Retry-After) when to come back.
    return { status: error.status, headers: error.status === 429 ? RETRY_AFTER : NO_HEADERS, body, unexpected: false }
  }
  return {
    status: 500,
    headers: NO_HEADERS,
    body: { message: 'Internal server error; see the server log for details', code: 'internal_error' },
    unexpected: true,
  }
}
