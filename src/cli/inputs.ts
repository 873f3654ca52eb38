import { readFile } from 'node:fs/promises'
import type { CommandParameter, CommandSpec } from '../core/commands'
import { CliUsageError, type CliUsageErrorCode } from './errors'
import { readAll } from './io'
import type { ParameterValues } from './request'
import { closest } from './suggest'

/** One problem found in the command line; all are reported together. */
export interface InputIssue {
  code: CliUsageErrorCode
  message: string
}

/** Turns every issue into one usage error (the first issue's code; one line per issue). */
export function issuesError(issues: readonly InputIssue[]): CliUsageError {
  return new CliUsageError((issues[0] as InputIssue).code, issues.map((issue) => issue.message).join('\n       '))
}

/** Checks one value against its parameter's type; returns the message when it does not fit. */
export function checkParameterValue(param: CommandParameter, value: string): string | undefined {
  const what = `${param.in} parameter ${param.name}`
  if (param.type === 'integer' && !/^-?\d+$/.test(value)) return `${what} must be an integer, got "${value}"`
  if (param.type === 'number' && (value.trim() === '' || Number.isNaN(Number(value)))) return `${what} must be a number, got "${value}"`
  if (param.type === 'boolean' && value !== 'true' && value !== 'false') return `${what} must be true or false, got "${value}"`
  return undefined
}

/** `configId (path), sync (query)`: the parameters with where each one goes. */
function parameterList(spec: CommandSpec): string {
  return spec.parameters.map((p) => `${p.name} (${p.in})`).join(', ')
}

/**
 * Says where a name given with -p belongs when it is not a parameter of the operation: in the request body when the
 * body has a field of that name, else the closest parameter or body field, and the operation's parameters.
 */
function unknownParameterMessage(spec: CommandSpec, name: string): string {
  const fields = Object.keys(spec.body?.schema?.properties ?? {})
  if (fields.includes(name)) {
    return `"${name}" is not a parameter of ${spec.operationId} but a field of its request body: pass it in the body, e.g. -d '{"${name}": …}'${
      spec.parameters.length ? ` (its parameters: ${parameterList(spec)})` : ''
    }`
  }
  const params = spec.parameters.map((p) => p.name)
  const guess = closest(name, [...params, ...fields])
  const hint = guess === undefined ? '.' : params.includes(guess) ? `; did you mean ${guess}?` : `; did you mean the body field ${guess} (-d '{"${guess}": …}')?`
  return `"${name}" is not a parameter of ${spec.operationId}${hint} ${spec.parameters.length ? `Its parameters: ${parameterList(spec)}` : 'It takes no parameters.'}`
}

/**
 * Merges `-p key=value` pairs and positional path values into the operation's parameter values and
 * reports every unknown, duplicated or ill-typed one at once.
 */
export function collectParameters(
  spec: CommandSpec,
  pairs: ReadonlyArray<readonly [string, string]>,
  positionals: ReadonlyArray<string | undefined>,
): { values: ParameterValues; issues: InputIssue[] } {
  const values: ParameterValues = {}
  const issues: InputIssue[] = []
  const pathParams = spec.parameters.filter((p) => p.in === 'path')
  positionals.forEach((value, index) => {
    const param = pathParams[index]
    if (param && value !== undefined) values[param.name] = value
  })
  for (const [name, value] of pairs) {
    const param = spec.parameters.find((p) => p.name === name)
    if (!param) {
      issues.push({ code: 'unknown_parameter', message: unknownParameterMessage(spec, name) })
      continue
    }
    if (values[name] !== undefined && values[name] !== value) {
      issues.push({ code: 'duplicate_parameter', message: `${name} is given twice ("${values[name]}" and "${value}"): pass it once` })
      continue
    }
    values[name] = value
  }
  for (const param of spec.parameters) {
    const value = values[param.name]
    const problem = value === undefined ? undefined : checkParameterValue(param, value)
    if (problem) issues.push({ code: 'invalid_parameter', message: problem })
  }
  return { values, issues }
}

/** Required parameters that have no value yet. */
export function missingParameters(spec: CommandSpec, values: ParameterValues): CommandParameter[] {
  return spec.parameters.filter((p) => p.required && (values[p.name] === undefined || values[p.name] === ''))
}

/** How to pass a missing parameter, for the error message. */
export function howToPass(spec: CommandSpec, param: CommandParameter): string {
  const position = spec.parameters.filter((p) => p.in === 'path').indexOf(param)
  const positional = position >= 0 ? ` or as argument ${position + 1}` : ''
  return `missing required ${param.in} parameter ${param.name}: pass -p ${param.name}=<value>${positional}`
}

/** Parses body text as JSON, saying plainly where it came from when it is not JSON. */
export function parseBody(text: string, origin: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new CliUsageError('invalid_body', `the request body from ${origin} is not valid JSON (${(error as Error).message}): pass a JSON document`)
  }
}

/** Where a body came from, before parsing. */
export interface BodySource {
  /** `-d` as given. */
  data: string | undefined
  /** Whether stdin can be read for a body (not a terminal). */
  stdinPiped: boolean
  stdin: Parameters<typeof readAll>[0]
}

/**
 * The request body: `-d '<json>'`, `-d @file.json`, `-d @-` (stdin), or piped stdin when `-d` is absent.
 * Returns undefined when there is none.
 */
export async function readRequestBody(spec: CommandSpec, source: BodySource): Promise<unknown> {
  if (source.data !== undefined && !spec.body) {
    throw new CliUsageError('unexpected_body', `${spec.operationId} takes no request body: drop -d`)
  }
  if (!spec.body) return undefined
  if (source.data !== undefined) {
    if (source.data === '@-') return parseBody(await readAll(source.stdin), 'stdin')
    if (source.data.startsWith('@')) {
      const file = source.data.slice(1)
      let text: string
      try {
        text = await readFile(file, 'utf8')
      } catch (error) {
        throw new CliUsageError('invalid_body', `cannot read the body file ${file} (${(error as NodeJS.ErrnoException).code ?? 'read error'}): check the path after -d @`)
      }
      return parseBody(text, file)
    }
    return parseBody(source.data, '-d')
  }
  if (!source.stdinPiped) return undefined
  const text = await readAll(source.stdin)
  return text.trim() === '' ? undefined : parseBody(text, 'stdin')
}
