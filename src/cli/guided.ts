import { Writable, type Readable } from 'node:stream'
import type { BodySchema, CommandParameter, CommandSpec } from '../core/commands'
import { orderedFields } from './body-example'
import { checkParameterValue } from './inputs'
import { typeLabel } from './operation-help'
import type { ParameterValues } from './request'

/** The streams prompts read from and write to. */
export interface PromptStreams {
  input: Readable
  output: Writable
}

type Prompts = typeof import('@inquirer/prompts')

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

async function askParameter(prompts: Prompts, param: CommandParameter, current: string | undefined, streams: PromptStreams): Promise<string> {
  return prompts.input(
    {
      message: parameterMessage(param),
      ...(current !== undefined ? { default: current } : {}),
      required: param.required,
      validate: (value: string) => (value === '' ? true : (checkParameterValue(param, value) ?? true)),
    },
    promptContext(streams),
  )
}

function jsonIssue(text: string, required: boolean, check?: (value: unknown) => string | undefined): string | true {
  if (text.trim() === '') return required ? 'A value is required' : true
  try {
    return check?.(JSON.parse(text)) ?? true
  } catch (error) {
    return `Not valid JSON: ${(error as Error).message}`
  }
}

/** The whole body as one JSON text: for bodies whose schema lists no fields. */
async function askBodyAsJson(prompts: Prompts, spec: CommandSpec, current: unknown, streams: PromptStreams): Promise<unknown> {
  const required = spec.body?.required ?? false
  const text = await prompts.input(
    {
      message: `Request body as JSON (${required ? 'required' : 'optional, empty for none'})${spec.body?.description ? ` — ${spec.body.description}` : ''}`,
      ...(current !== undefined ? { default: JSON.stringify(current) } : {}),
      validate: (value: string) => jsonIssue(value, required),
    },
    promptContext(streams),
  )
  return text.trim() === '' ? undefined : (JSON.parse(text) as unknown)
}

function fieldMessage(path: string, field: BodySchema, required: boolean): string {
  return `${path} (${typeLabel(field)}${required ? ', required' : ''})${field.description ? ` — ${field.description}` : ''}`
}

function typeIssue(field: BodySchema, value: unknown): string | undefined {
  if (field.type === 'array' && !Array.isArray(value)) return 'Expected a JSON array, e.g. ["a", "b"]'
  if (field.type === 'object' && (typeof value !== 'object' || value === null || Array.isArray(value))) return 'Expected a JSON object, e.g. {"key": "value"}'
  return undefined
}

/** True when the field is asked for as JSON text: lists of objects, maps, alternatives, objects whose fields are not known. */
function asksForJson(field: BodySchema): boolean {
  if (field.enum?.length) return false
  if (field.type === 'array') return !field.items?.enum?.length
  if (field.type === 'object' || field.properties || field.additionalProperties || field.oneOf) return !field.properties || Boolean(field.oneOf)
  return !['string', 'integer', 'number', 'boolean'].includes(field.type ?? '')
}

function numberIssue(field: BodySchema, text: string): string | true {
  if (text.trim() === '') return true
  if (field.type === 'integer' && !/^-?\d+$/.test(text.trim())) return 'Expected a whole number'
  return Number.isNaN(Number(text)) ? 'Expected a number' : true
}

/** Asks for one field; undefined when an optional field was left empty. */
async function askField(prompts: Prompts, path: string, field: BodySchema, required: boolean, current: unknown, streams: PromptStreams): Promise<unknown> {
  const context = promptContext(streams)
  const message = fieldMessage(path, field, required)
  if (field.enum?.length) {
    const choices = field.enum.map((value) => ({ name: String(value), value }))
    const fallback = current ?? field.default
    return prompts.select({ message, choices, ...(fallback !== undefined ? { default: fallback } : {}) }, context)
  }
  if (field.type === 'array' && field.items?.enum?.length) {
    const chosen = new Set(Array.isArray(current) ? current : [])
    const choices = field.items.enum.map((value) => ({ name: String(value), value, checked: chosen.has(value) }))
    return prompts.checkbox({ message, choices }, context)
  }
  if (field.type === 'object' && field.properties && !field.oneOf) {
    streams.output.write(`${path}: ${field.description ?? 'object'}\n`)
    return askObject(prompts, path, field, current, streams)
  }
  if (field.type === 'boolean') {
    const fallback = typeof current === 'boolean' ? current : typeof field.default === 'boolean' ? field.default : undefined
    return prompts.select({ message, choices: [{ name: 'true', value: true }, { name: 'false', value: false }], ...(fallback !== undefined ? { default: fallback } : {}) }, context)
  }
  if (asksForJson(field)) {
    const text = await prompts.input(
      {
        message: `${message} — as JSON`,
        ...(current !== undefined ? { default: JSON.stringify(current) } : {}),
        validate: (value: string) => jsonIssue(value, required, (parsed) => typeIssue(field, parsed)),
      },
      context,
    )
    return text.trim() === '' ? undefined : (JSON.parse(text) as unknown)
  }
  const numeric = field.type === 'integer' || field.type === 'number'
  const fallback = current ?? field.default ?? undefined
  const text = await prompts.input(
    {
      message,
      ...(fallback !== undefined && fallback !== null ? { default: String(fallback) } : {}),
      required,
      ...(numeric ? { validate: (value: string) => numberIssue(field, value) } : {}),
    },
    context,
  )
  if (text === '') return undefined
  return numeric ? Number(text) : text
}

/**
 * Asks for an object field by field: every required field, then a checklist of the optional ones, then each
 * optional field that was ticked. Values already given (with -d) are the defaults and stay ticked.
 */
async function askObject(prompts: Prompts, path: string, schema: BodySchema, current: unknown, streams: PromptStreams): Promise<Record<string, unknown>> {
  const given = typeof current === 'object' && current !== null && !Array.isArray(current) ? (current as Record<string, unknown>) : {}
  const out: Record<string, unknown> = { ...given }
  const fields = orderedFields(schema)
  const prefix = path ? `${path}.` : ''
  for (const [name, field] of fields.filter(([, , required]) => required)) {
    const value = await askField(prompts, `${prefix}${name}`, field, true, given[name], streams)
    if (value !== undefined) out[name] = value
  }
  const optional = fields.filter(([, , required]) => !required)
  if (!optional.length) return out
  const picked = await prompts.checkbox(
    {
      message: `${path ? `${path}: optional` : 'Optional'} fields to set (space ticks, enter goes on)`,
      choices: optional.map(([name, field]) => ({
        name: `${name} (${typeLabel(field)})`,
        value: name,
        checked: name in given,
        ...(field.description ? { description: field.description } : {}),
      })),
    },
    promptContext(streams),
  )
  for (const [name, field] of optional) {
    if (!picked.includes(name)) {
      delete out[name]
      continue
    }
    const value = await askField(prompts, `${prefix}${name}`, field, false, given[name], streams)
    if (value === undefined) delete out[name]
    else out[name] = value
  }
  return out
}

async function askBody(prompts: Prompts, spec: CommandSpec, current: unknown, streams: PromptStreams): Promise<unknown> {
  const schema = spec.body?.schema
  if (!schema?.properties || schema.oneOf) return askBodyAsJson(prompts, spec, current, streams)
  streams.output.write(`Request body${spec.body?.description ? `: ${spec.body.description}` : ''}\n`)
  const body = await askObject(prompts, '', schema, current, streams)
  return Object.keys(body).length === 0 && !spec.body?.required ? undefined : body
}

/**
 * Prompts for the given parameters (and the body when asked), offering the values already given as
 * defaults. The body is asked field by field from its schema: required fields first, enums as choices,
 * nested objects as their own prompts, lists and deeper structures as JSON. Returns the completed values and body.
 */
export async function promptInputs(
  spec: CommandSpec,
  params: readonly CommandParameter[],
  askForBody: boolean,
  current: { values: ParameterValues; body: unknown },
  streams: PromptStreams,
): Promise<{ values: ParameterValues; body: unknown }> {
  const prompts = await import('@inquirer/prompts')
  const values = { ...current.values }
  for (const param of params) {
    const answer = await askParameter(prompts, param, values[param.name], streams)
    if (answer === '') delete values[param.name]
    else values[param.name] = answer
  }
  const body = askForBody ? await askBody(prompts, spec, current.body, streams) : current.body
  return { values, body }
}
