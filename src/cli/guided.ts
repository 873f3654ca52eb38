import { Writable, type Readable } from 'node:stream'
import type { CommandParameter, CommandSpec } from '../core/commands'
import { checkParameterValue } from './inputs'
import type { ParameterValues } from './request'

/** The streams prompts read from and write to. */
export interface PromptStreams {
  input: Readable
  output: Writable
}

/**
 * Each prompt ends the output stream it was given when it finishes; a fresh forwarding stream per prompt
 * keeps the real one (stderr) open for the next prompt and the rest of the run.
 */
function promptContext(streams: PromptStreams): { input: Readable; output: Writable } {
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      streams.output.write(chunk)
      done()
    },
  })
  return { input: streams.input, output }
}

function parameterMessage(param: CommandParameter): string {
  const detail = [param.in, param.type, param.required ? 'required' : 'optional'].join(', ')
  return `${param.name} (${detail})${param.description ? ` — ${param.description}` : ''}`
}

async function askParameter(param: CommandParameter, current: string | undefined, streams: PromptStreams): Promise<string> {
  const { input } = await import('@inquirer/prompts')
  return input(
    {
      message: parameterMessage(param),
      ...(current !== undefined ? { default: current } : {}),
      required: param.required,
      validate: (value: string) => (value === '' ? true : (checkParameterValue(param, value) ?? true)),
    },
    promptContext(streams),
  )
}

function bodyIssue(text: string, required: boolean): string | true {
  if (text.trim() === '') return required ? 'This operation needs a request body' : true
  try {
    JSON.parse(text)
    return true
  } catch (error) {
    return `Not valid JSON: ${(error as Error).message}`
  }
}

async function askBody(spec: CommandSpec, current: unknown, streams: PromptStreams): Promise<unknown> {
  const { input } = await import('@inquirer/prompts')
  const required = spec.body?.required ?? false
  const text = await input(
    {
      message: `Request body as JSON (${required ? 'required' : 'optional, empty for none'})${spec.body?.description ? ` — ${spec.body.description}` : ''}`,
      ...(current !== undefined ? { default: JSON.stringify(current) } : {}),
      validate: (value: string) => bodyIssue(value, required),
    },
    promptContext(streams),
  )
  return text.trim() === '' ? undefined : (JSON.parse(text) as unknown)
}

/**
 * Prompts for the given parameters (and the body when asked), offering the values already given as
 * defaults. Returns the completed values and body.
 */
export async function promptInputs(
  spec: CommandSpec,
  params: readonly CommandParameter[],
  askForBody: boolean,
  current: { values: ParameterValues; body: unknown },
  streams: PromptStreams,
): Promise<{ values: ParameterValues; body: unknown }> {
  const values = { ...current.values }
  for (const param of params) {
    const answer = await askParameter(param, values[param.name], streams)
    if (answer === '') delete values[param.name]
    else values[param.name] = answer
  }
  const body = askForBody ? await askBody(spec, current.body, streams) : current.body
  return { values, body }
}
