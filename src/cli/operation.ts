import { Command, InvalidArgumentError } from 'commander'
import type jsonata from 'jsonata'
import type { CommandSpec, ServiceCommands } from '../core/commands'
import { configureCommand, usageLine } from './commander-setup'
import { CliUsageError } from './errors'
import { collectParameters, howToPass, issuesError, missingParameters, readRequestBody, type InputIssue } from './inputs'
import { invocation, type CliIO } from './io'
import type { OperationCall, OperationHooks } from './operation-hooks'
import { formatBody, wantsColor, type ResponseBody } from './output'
import { operationDescription, operationHelp } from './operation-help'
import { apiErrorOf, describeRequest, planRequest, sendRequest, type ParameterValues } from './request'
import { resolveConnection, type Connection } from './settings'

/** What every operation command shares: the streams and where its defaults come from. */
export interface OperationContext {
  io: CliIO
  /** Sent as User-Agent. */
  userAgent: string
  /** Set when the table was loaded with `--definition`: that spec's server beats EPILOT_SERVER and profiles. */
  definitionServer: string | undefined
  /** What the service adds around some operations, by operationId. */
  hooks: Record<string, OperationHooks>
}

/** The flags of an operation command, as commander parses them. */
interface OperationFlags {
  param?: Array<[string, string]>
  data?: string
  header?: Array<[string, string]>
  token?: string
  profile?: string
  server?: string
  include?: boolean
  json?: boolean
  verbose?: boolean
  jsonata?: string
  guided?: boolean
  interactive: boolean
}

function collectPair(value: string, previous: Array<[string, string]> = []): Array<[string, string]> {
  const at = value.indexOf('=')
  if (at <= 0) throw new InvalidArgumentError('Expected key=value, e.g. -p configId=7hj28a.')
  return [...previous, [value.slice(0, at), value.slice(at + 1)]]
}

function collectHeader(value: string, previous: Array<[string, string]> = []): Array<[string, string]> {
  const at = value.indexOf(':')
  const name = at > 0 ? value.slice(0, at).trim() : ''
  if (!name || /\s/.test(name)) throw new InvalidArgumentError("Expected 'Key: Value', e.g. -H 'x-request-id: abc'.")
  return [...previous, [name, value.slice(at + 1).trim()]]
}

type JsonataExpression = ReturnType<typeof jsonata>

/** Loads jsonata only for `--jsonata`: it is a sizeable module every other invocation would pay for at start-up. */
async function compileJsonata(expression: string): Promise<JsonataExpression> {
  const { default: compile } = await import('jsonata')
  try {
    return compile(expression)
  } catch (error) {
    throw new CliUsageError('invalid_jsonata', `--jsonata expression is not valid JSONata: ${(error as Error).message}`)
  }
}

async function transform(expression: JsonataExpression, body: ResponseBody): Promise<ResponseBody> {
  if (body.kind === 'empty') return body
  const input = body.kind === 'json' ? body.value : body.text
  try {
    return { kind: 'json', value: (await expression.evaluate(input)) as unknown }
  } catch (error) {
    throw new CliUsageError('invalid_jsonata', `--jsonata failed on the response: ${(error as Error).message}`)
  }
}

function isInteractive(flags: OperationFlags, io: CliIO): boolean {
  return flags.interactive && Boolean(io.stdin.isTTY) && !io.env.CI
}

/** Loads the prompts only for `--guided` or a missing value on a terminal: @inquirer/prompts is not needed otherwise. */
async function prompt(...args: Parameters<typeof import('./guided').promptInputs>): ReturnType<typeof import('./guided').promptInputs> {
  const { promptInputs } = await import('./guided')
  return promptInputs(...args)
}

/** What an operation's hooks see; their calls to other operations go to the same server with the same token and -H headers. */
function operationCall(table: ServiceCommands, spec: CommandSpec, values: ParameterValues, body: unknown, flags: OperationFlags, connection: Connection, context: OperationContext): OperationCall {
  return {
    spec,
    values,
    body,
    io: context.io,
    json: Boolean(flags.json),
    call(operationId, otherValues, otherBody) {
      const other = table.commands.find((candidate) => candidate.operationId === operationId)
      if (!other) return undefined
      const headers = Object.fromEntries(flags.header ?? [])
      const plan = planRequest(other, otherValues, otherBody, { server: connection.server, token: connection.token, headers, userAgent: context.userAgent })
      return sendRequest(plan, context.io.signal)
    },
  }
}

async function runOperation(table: ServiceCommands, spec: CommandSpec, command: Command, context: OperationContext): Promise<void> {
  const { io } = context
  const flags = command.opts<OperationFlags>()
  const positionals = command.processedArgs as Array<string | undefined>
  const explicitNoInteractive = command.getOptionValueSource('interactive') === 'cli'
  if (flags.guided && explicitNoInteractive) throw new CliUsageError('invalid_option', '--guided prompts for every value and --no-interactive forbids prompts: pass only one')
  const expression = flags.jsonata === undefined ? undefined : await compileJsonata(flags.jsonata)

  const collected = collectParameters(spec, flags.param ?? [], positionals)
  const issues: InputIssue[] = [...collected.issues]
  let values = collected.values
  let body: unknown
  try {
    body = await readRequestBody(spec, { data: flags.data, stdinPiped: !io.stdin.isTTY && !flags.guided, stdin: io.stdin })
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error
    issues.push({ code: error.code, message: error.message })
  }
  if (issues.length) throw issuesError(issues)

  const streams = { input: io.stdin, output: io.stderr }
  if (flags.guided) {
    ;({ values, body } = await prompt(spec, spec.parameters, spec.body !== null, { values, body }, streams))
  } else if (isInteractive(flags, io)) {
    const missing = missingParameters(spec, values)
    const needsBody = Boolean(spec.body?.required) && body === undefined
    if (missing.length || needsBody) ({ values, body } = await prompt(spec, missing, needsBody, { values, body }, streams))
  }
  const missing = missingParameters(spec, values).map((param): InputIssue => ({ code: 'missing_parameter', message: howToPass(spec, param) }))
  if (spec.body?.required && body === undefined) {
    missing.push({ code: 'missing_body', message: `${spec.operationId} needs a request body: pass -d '<json>', -d @file.json, or pipe JSON on stdin` })
  }
  if (missing.length) throw issuesError(missing)

  const connection = await resolveConnection(
    {
      token: flags.token,
      server: flags.server,
      profile: flags.profile,
      definitionServer: context.definitionServer,
      defaultServer: table.server,
      invocation: invocation(io),
    },
    io.env,
  )
  const plan = planRequest(spec, values, body, {
    server: connection.server,
    token: connection.token,
    headers: Object.fromEntries(flags.header ?? []),
    userAgent: context.userAgent,
  })
  if (flags.verbose) io.stderr.write(describeRequest(plan))
  const hooks = context.hooks[spec.operationId]
  const call = hooks ? operationCall(table, spec, values, body, flags, connection, context) : undefined
  const done = call && hooks?.whileWaiting?.(call)
  let result
  try {
    result = await sendRequest(plan, io.signal)
  } finally {
    done?.()
  }
  const statusLine = `HTTP ${result.status}${result.statusText ? ` ${result.statusText}` : ''}`
  if (flags.verbose) io.stderr.write(`< ${statusLine}\n${result.headers.map(([name, value]) => `< ${name}: ${value}`).join('\n')}\n`)
  if (flags.include) io.stdout.write(`${statusLine}\n${result.headers.map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n`)
  if (result.status >= 400) throw apiErrorOf(result)

  const output = expression ? await transform(expression, result.body) : result.body
  io.stdout.write(formatBody(output, { compact: Boolean(flags.json), color: !flags.json && wantsColor(io.stdout, io.env) }))
  if (call) hooks?.afterSuccess?.(call, result)
}

/**
 * Builds the command for one operation from its spec: path parameters as optional positional arguments
 * (in path order), every common flag, and help with the parameter table, body and examples.
 */
export function operationCommand(table: ServiceCommands, spec: CommandSpec, context: OperationContext): Command {
  const command = new Command(spec.operationId)
  configureCommand(command, context.io)
    .summary(spec.summary || spec.operationId)
    .description(operationDescription(spec))
    .option('-p, --param <key=value>', 'set a named parameter (path, query or header, as the spec says); repeatable', collectPair)
    .option('-d, --data <json>', 'request body as JSON; @file.json reads a file, @- reads stdin (default: stdin when piped)')
    .option('-H, --header <header>', "custom header 'Key: Value'; repeatable", collectHeader)
    .option('-t, --token <token>', 'bearer token (default: $EPILOT_TOKEN, then the profile)')
    .option('--profile <name>', 'use a named profile instead of the current one')
    .option('-s, --server <url>', `API base URL (default: $EPILOT_SERVER, the profile's server, then ${table.server || 'none'})`)
    .option('-i, --include', 'print the status line and response headers before the body')
    .option('--json', 'print raw JSON on one line')
    .option('-v, --verbose', 'print the request and response headers to stderr (Authorization masked)')
    .option('--jsonata <expr>', 'transform the response body with a JSONata expression')
    .option('--guided', 'prompt for every parameter and the body')
    .option('--no-interactive', 'never prompt (the default when stdin is not a terminal or CI is set)')
    .addHelpText('after', () => operationHelp(`${invocation(context.io)} ${table.service}`, spec, context.hooks[spec.operationId]?.help))
  for (const param of spec.parameters.filter((p) => p.in === 'path')) {
    command.argument(`[${param.name}]`, `${param.description || param.name} (path parameter; same as -p ${param.name}=...)`)
  }
  command.action(async () => {
    try {
      await runOperation(table, spec, command, context)
    } catch (error) {
      if (error instanceof CliUsageError && error.usage === undefined) error.usage = usageLine(command)
      throw error
    }
  })
  return command
}
