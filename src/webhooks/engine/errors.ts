/**
 * Engine errors. Each has a stable `code` and the HTTP `status` the server maps it to.
 * Messages say what to do and never contain secrets.
 */

/** Base class of every error the engine throws on purpose. */
export class EngineError extends Error {
  /** Stable machine-readable code. */
  readonly code: string
  /** HTTP status the engine's server answers with. */
  readonly status: number

  constructor(code: string, status: number, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
    this.status = status
  }
}

/** One problem found in a webhook config: where (`path`, e.g. `auth.basicAuthConfig.username`) and what. */
export interface ConfigIssue {
  path: string
  message: string
}

/**
 * A webhook config failed validation. `issues` lists every problem at once; the message repeats them.
 * @example
 * try { validateConfig(body) } catch (e) { if (e instanceof ConfigValidationError) console.log(e.issues) }
 */
export class ConfigValidationError extends EngineError {
  override readonly code = 'invalid_config'
  override readonly status = 400
  readonly issues: ConfigIssue[]

  constructor(issues: ConfigIssue[]) {
    const list = issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')
    super('invalid_config', 400, `Invalid webhook config (${issues.length} problem${issues.length === 1 ? '' : 's'}): ${list}`)
    this.issues = issues
  }
}

/** The requested config or event does not exist. */
export class NotFoundError extends EngineError {
  override readonly code = 'not_found'
  override readonly status = 404
  constructor(message: string) {
    super('not_found', 404, message)
  }
}

/** The delivery queue is full; retry later. */
export class QueueFullError extends EngineError {
  override readonly code = 'queue_full'
  override readonly status = 429
  constructor(message: string) {
    super('queue_full', 429, message)
  }
}

/** A request or payload exceeds the size limit. */
export class PayloadTooLargeError extends EngineError {
  override readonly code = 'payload_too_large'
  override readonly status = 413
  constructor(message: string) {
    super('payload_too_large', 413, message)
  }
}

/** Missing or invalid credentials. */
export class UnauthorizedError extends EngineError {
  override readonly code = 'unauthorized'
  override readonly status = 401
  constructor(message: string) {
    super('unauthorized', 401, message)
  }
}

/** The request is malformed. */
export class BadRequestError extends EngineError {
  override readonly code = 'bad_request'
  override readonly status = 400
  constructor(message: string) {
    super('bad_request', 400, message)
  }
}

/**
 * The config's `jsonataExpression` failed at run time for this event (or produced no value).
 * The engine records the event as failed; `status` is used only if it surfaces through the API (e.g. a sync trigger).
 */
export class TransformError extends EngineError {
  override readonly code = 'transform_failed'
  override readonly status = 422
  constructor(message: string, options?: { cause?: unknown }) {
    super('transform_failed', 422, message, options)
  }
}
