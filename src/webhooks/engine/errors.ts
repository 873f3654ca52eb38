/**
 * Engine errors: one class with a stable `code`, and one table from code to the HTTP status the server answers with.
 * Messages say what to do and never contain secrets. The subclasses only name common cases for `instanceof`.
 */

/** Why the engine refused or failed a call. Stable; safe to switch on. */
export type EngineErrorCode =
  | 'invalid_config'
  | 'invalid_request'
  | 'invalid_json'
  | 'missing_body'
  | 'bad_path'
  | 'body_aborted'
  | 'bad_request'
  | 'unauthorized'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'transform_failed'
  | 'no_original_source'
  | 'queue_full'
  | 'internal_error'
  | 'body_consumed'
  | 'engine_closed'

/** The HTTP status the engine's server answers with for each code. */
export const ENGINE_ERROR_STATUS: Readonly<Record<EngineErrorCode, number>> = {
  invalid_config: 400,
  invalid_request: 400,
  invalid_json: 400,
  missing_body: 400,
  bad_path: 400,
  body_aborted: 400,
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  // A config's jsonataExpression failed for this event: the request was fine, the config's transform was not.
  transform_failed: 422,
  // A replay with reapply_transform of an event whose original input was not kept (published: 422).
  no_original_source: 422,
  queue_full: 429,
  internal_error: 500,
  // The host mounted a body parser before the engine's handler: a setup error, not the caller's.
  body_consumed: 500,
  engine_closed: 503,
}

/** One problem found in an input: where (`path`, e.g. `auth.basicAuthConfig.username` or `limit`) and what. */
export interface ValidationIssue {
  path: string
  message: string
}

/** One problem found in a webhook config (the same shape as every other {@link ValidationIssue}). */
export type ConfigIssue = ValidationIssue

/** Extra facts some errors carry. */
export interface EngineErrorOptions {
  cause?: unknown
  /** Every problem of an invalid input (`invalid_config`, `invalid_request`). */
  issues?: ValidationIssue[]
  /** Response headers the server adds, e.g. `Allow` for 405 or `WWW-Authenticate` for 401. */
  headers?: Readonly<Record<string, string>>
}

/**
 * Every error the engine throws on purpose. `code` says what went wrong, `status` is the HTTP status for it
 * ({@link ENGINE_ERROR_STATUS}), `issues` lists every problem of an invalid input at once.
 * @example
 * try { await engine.searchEvents(configId, { limit: 0 }) } catch (e) { if (e instanceof EngineError && e.code === 'invalid_request') console.log(e.issues) }
 */
export class EngineError extends Error {
  /** Stable machine-readable code. */
  readonly code: EngineErrorCode
  /** HTTP status the engine's server answers with. */
  readonly status: number
  /** Every problem of an invalid input; absent for other errors. */
  readonly issues?: ValidationIssue[]
  /** Response headers the server adds to the error answer. */
  readonly headers?: Readonly<Record<string, string>>

  constructor(code: EngineErrorCode, message: string, options: EngineErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.status = ENGINE_ERROR_STATUS[code]
    if (options.issues !== undefined) this.issues = options.issues
    if (options.headers !== undefined) this.headers = options.headers
  }
}

function listIssues(what: string, issues: readonly ValidationIssue[]): string {
  const list = issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')
  return `${what} (${issues.length} problem${issues.length === 1 ? '' : 's'}): ${list}`
}

/**
 * A webhook config (or an inbound webhook's input) failed validation: code `invalid_config`, every problem in `issues`.
 * @example
 * try { validateConfig(body) } catch (e) { if (e instanceof ConfigValidationError) console.log(e.issues) }
 */
export class ConfigValidationError extends EngineError {
  declare readonly issues: ValidationIssue[]
  constructor(issues: ValidationIssue[]) {
    super('invalid_config', listIssues('Invalid webhook config', issues), { issues })
  }
}

/** A method's arguments or a request's query/body failed validation: code `invalid_request`, every problem in `issues`. */
export class RequestValidationError extends EngineError {
  declare readonly issues: ValidationIssue[]
  constructor(issues: ValidationIssue[]) {
    super('invalid_request', listIssues('Invalid request', issues), { issues })
  }
}

/** The requested config, event or inbound webhook does not exist (`not_found`). */
export class NotFoundError extends EngineError {
  constructor(message: string) {
    super('not_found', message)
  }
}

/** The delivery queue is full; retry later (`queue_full`; the server answers 429 with `Retry-After`). */
export class QueueFullError extends EngineError {
  constructor(message: string) {
    super('queue_full', message)
  }
}

/** A request or payload exceeds the size limit (`payload_too_large`). */
export class PayloadTooLargeError extends EngineError {
  constructor(message: string) {
    super('payload_too_large', message)
  }
}

/** Missing or invalid credentials (`unauthorized`). */
export class UnauthorizedError extends EngineError {
  constructor(message: string, headers?: Readonly<Record<string, string>>) {
    super('unauthorized', message, headers === undefined ? {} : { headers })
  }
}

/** The call is well-formed but cannot be done as asked, e.g. triggering a disabled config (`bad_request`). */
export class BadRequestError extends EngineError {
  constructor(message: string) {
    super('bad_request', message)
  }
}

/**
 * The config's `jsonataExpression` failed at run time for this event (or produced no value): `transform_failed`.
 * The engine records the event as failed; `status` is used only if it surfaces through the API (e.g. a sync trigger).
 */
export class TransformError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('transform_failed', message, options)
  }
}
