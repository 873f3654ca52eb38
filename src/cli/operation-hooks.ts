import type { CommandSpec } from '../core/commands'
import type { CliIO } from './io'
import type { ParameterValues, ResponseResult } from './request'

/** One operation call as its hooks see it: what was asked, and a way to call the service's other operations. */
export interface OperationCall {
  spec: CommandSpec
  values: ParameterValues
  body: unknown
  io: CliIO
  /** `--json` was given: machine-readable output, no extra lines. */
  json: boolean
  /**
   * Calls another operation of the same service with the same server and token (no `-v` output, no prompts).
   * Undefined when the service has no operation of that name.
   */
  call(operationId: string, values: ParameterValues, body?: unknown): Promise<ResponseResult> | undefined
}

/** What a service adds around one of its operations. */
export interface OperationHooks {
  /** Added to the operation's help: what the hooks do (exit status, extra lines). */
  help?: string
  /** Starts while the request is in flight (e.g. a progress line); returns what to run when the answer is in. */
  whileWaiting?(call: OperationCall): (() => void) | undefined
  /**
   * Runs after a successful (2xx) response was printed: may add a line on stderr, or throw a `CliApiError` to
   * exit with status 1 when the answer reports a failure.
   */
  afterSuccess?(call: OperationCall, result: ResponseResult): void
}

/** Hooks by service name, then by operationId. */
export type ServiceOperationHooks = Record<string, Record<string, OperationHooks>>
