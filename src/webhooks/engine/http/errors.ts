/**
 * The one function that turns any thrown value into the JSON error answer (`ErrorResp`: `{ message, code, issues? }`),
 * and `HttpError` for the handlers of routes users add themselves. The engine's own errors are `EngineError`s.
 */
import { EngineError, type ValidationIssue } from '../errors'

/**
 * An error answer from a route you added with `server.addRoute`: any `status` and `code` of your choosing.
 * (The engine itself throws `EngineError`s, whose status comes from their code.)
 */
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

/** The JSON error body every non-2xx answer carries. */
export interface ErrorBody {
  message: string
  code: string
  issues?: ValidationIssue[]
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
// 429: tell clients (the SDK client honours Retry-After) when to come back.
const RETRY_AFTER: Readonly<Record<string, string>> = Object.freeze({ 'Retry-After': '1' })

/**
 * Maps anything thrown while handling a request to its answer: `EngineError` and `HttpError` by their `status`
 * (invalid inputs keep their `issues`), everything else to a generic 500.
 */
export function toErrorAnswer(error: unknown): ErrorAnswer {
  if ((error instanceof EngineError || error instanceof HttpError) && error.status >= 400 && error.status <= 599) {
    const body: ErrorBody = { message: error.message, code: error.code }
    if (error instanceof EngineError && error.issues !== undefined) body.issues = error.issues
    const headers = error.headers ?? NO_HEADERS
    return { status: error.status, headers: error.status === 429 ? { ...RETRY_AFTER, ...headers } : headers, body, unexpected: false }
  }
  return {
    status: 500,
    headers: NO_HEADERS,
    body: { message: 'Internal server error; see the server log for details', code: 'internal_error' },
    unexpected: true,
  }
}
