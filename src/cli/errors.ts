/** Exit status for API failures (error status, no answer). */
export const EXIT_API_ERROR = 1
/** Exit status for anything the user can fix in the command line or its input. */
export const EXIT_USAGE = 2

/** Stable codes of usage errors, for tests and scripts. */
export type CliUsageErrorCode =
  | 'unknown_parameter'
  | 'missing_parameter'
  | 'duplicate_parameter'
  | 'invalid_parameter'
  | 'missing_body'
  | 'invalid_body'
  | 'unexpected_body'
  | 'invalid_jsonata'
  | 'invalid_header'
  | 'unknown_profile'
  | 'invalid_config'
  | 'invalid_definition'
  | 'invalid_option'
  | 'command_line'

/**
 * A mistake in the command line or its input. Exits with status 2, after the message and the usage line
 * of the command it concerns.
 */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError'
  readonly code: CliUsageErrorCode
  /** The usage line to print after the message, when known. */
  usage: string | undefined

  constructor(code: CliUsageErrorCode, message: string, usage?: string) {
    super(message)
    this.code = code
    this.usage = usage
  }
}

/**
 * The API answered with an error status, or did not answer, or answered that what it was asked to do failed
 * (`delivery_failed`: a trigger whose delivery failed). Exits with status 1.
 */
export class CliApiError extends Error {
  override readonly name = 'CliApiError'
  readonly code: 'api_error' | 'network_error' | 'delivery_failed'
  readonly status: number | undefined

  constructor(code: CliApiError['code'], message: string, status?: number) {
    super(message)
    this.code = code
    this.status = status
  }
}

/** Thrown to end a run early with a given status after commander printed help or an error. */
export class CliExit extends Error {
  override readonly name = 'CliExit'
  readonly exitCode: number

  constructor(exitCode: number) {
    super(`exit ${exitCode}`)
    this.exitCode = exitCode
  }
}
