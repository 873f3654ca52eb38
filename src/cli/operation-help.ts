import type { BodySchema, CommandParameter, CommandSpec, ServiceCommands } from '../core/commands'
import { exampleBody, orderedFields } from './body-example'
import { shellQuote } from './invocation'

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)))
  return rows.map((row) => `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] as number))).join('  ')}`.trimEnd()).join('\n')
}

function placeholder(name: string): string {
  return `<${name}>`
}

/**
 * A sample value for an optional query parameter that works as it is: `true`, `1` or the first value the spec
 * lists; undefined for free text (an opaque cursor, say), which an example cannot make up.
 */
function sampleValue(param: CommandParameter): string | undefined {
  if (param.enum?.length) return param.enum[0]
  if (param.type === 'boolean') return 'true'
  if (param.type === 'integer' || param.type === 'number') return '1'
  return undefined
}

/**
 * The JSON body an example passes with -d: the spec's own example when it gives one, else one built from the schema;
 * none when it would be empty and optional.
 */
export function exampleBodyText(spec: CommandSpec): string | undefined {
  if (!spec.body) return undefined
  const value = spec.body.example !== undefined ? spec.body.example : exampleBody(spec.body.schema ?? {})
  const empty = typeof value === 'object' && value !== null && Object.keys(value).length === 0
  if (empty && !spec.body.required) return undefined
  return JSON.stringify(value)
}

/**
 * Example command lines for an operation, each complete once its `<placeholders>` are filled in: path
 * parameters as arguments (and once as -p), required query parameters as -p, a body built from the schema.
 */
export function operationExamples(command: string, spec: CommandSpec): string[] {
  const base = `${command} ${spec.operationId}`
  const pathParams = spec.parameters.filter((p) => p.in === 'path')
  const required = spec.parameters.filter((p) => p.required && p.in !== 'path')
  const optionalQuery = spec.parameters.flatMap((p) => {
    const sample = !p.required && p.in === 'query' ? sampleValue(p) : undefined
    return sample === undefined ? [] : [`-p ${p.name}=${sample}`]
  })
  const requiredFlags = required.map((p) => `-p ${p.name}=${placeholder(p.name)}`)
  const positional = [...pathParams.map((p) => placeholder(p.name)), ...requiredFlags].join(' ')
  const withArgs = (rest: string): string => [base, positional, rest].filter(Boolean).join(' ')
  const body = exampleBodyText(spec)
  const data = body === undefined ? '' : `-d ${shellQuote(body)}`
  const examples = [withArgs(data)]
  if (pathParams.length) examples.push([base, ...pathParams.map((p) => `-p ${p.name}=${placeholder(p.name)}`), ...requiredFlags, data].filter(Boolean).join(' '))
  if (optionalQuery.length) examples.push(withArgs([...optionalQuery, data].filter(Boolean).join(' ')))
  if (spec.body) examples.push(withArgs('-d @body.json'))
  if (spec.body?.schema?.properties) examples.push(withArgs('--guided'))
  return examples
}

/** `string`, `GET|POST|PUT`, `string[]`, `object`, `string (uuid)`: a schema's type in a few characters. */
export function typeLabel(schema: BodySchema): string {
  if (schema.enum?.length) return schema.enum.map(String).join('|')
  if (schema.type === 'array') return `${schema.items ? typeLabel(schema.items) : 'any'}[]`
  if (schema.oneOf?.length) return schema.oneOf.map(typeLabel).join(' or ')
  if (schema.additionalProperties) return `map of ${typeLabel(schema.additionalProperties)}`
  const type = schema.type ?? (schema.properties ? 'object' : 'any')
  return schema.format ? `${type} (${schema.format})` : type
}

/** `{authType*, basicAuthConfig, …}`: an object's fields in one line, required ones first and starred. */
function fieldSummary(schema: BodySchema): string {
  const fields = orderedFields(schema)
  return fields.length ? `{${fields.map(([name, , required]) => `${name}${required ? '*' : ''}`).join(', ')}}` : ''
}

function bodySection(spec: CommandSpec): string {
  const body = spec.body
  if (!body) return 'Request body: none'
  const lines = [`Request body: JSON, ${body.required ? 'required' : 'optional'}${body.description ? ` — ${body.description}` : ''}`]
  const schema = body.schema ?? {}
  const fields = orderedFields(schema)
  if (fields.length) {
    const rows = fields.map(([name, field, required]) => {
      const nested = field.type === 'array' ? field.items : field
      const summary = nested?.properties ? fieldSummary(nested) : ''
      return [name, typeLabel(field), required ? 'yes' : 'no', [field.description ?? '', summary].filter(Boolean).join(' ')]
    })
    lines.push(table([['FIELD', 'TYPE', 'REQUIRED', 'DESCRIPTION'], ...rows]))
    if (fields.some(([, field]) => field.properties || field.items?.properties)) lines.push('  Fields of nested objects are listed in braces; * marks the required ones.')
  } else if (schema.type) {
    lines.push(`  Type: ${typeLabel(schema)}`)
  }
  const example = exampleBodyText(spec)
  if (example !== undefined) lines.push(`Example body:\n  ${example}`)
  lines.push(`  Pass it with -d '<json>', -d @file.json, or on stdin${fields.length ? '; --guided asks field by field' : ''}.`)
  return lines.join('\n')
}

/** The part of `epilot <service> <operation> --help` after the options: parameters, body, what the CLI adds (`outcome`) and examples. */
export function operationHelp(command: string, spec: CommandSpec, outcome?: string): string {
  const sections: string[] = []
  if (spec.parameters.length) {
    const rows = [['NAME', 'IN', 'TYPE', 'REQUIRED', 'DESCRIPTION'], ...spec.parameters.map((p) => [p.name, p.in, p.type, p.required ? 'yes' : 'no', p.description])]
    sections.push(`Parameters:\n${table(rows)}`)
  } else {
    sections.push('Parameters: none')
  }
  sections.push(bodySection(spec))
  if (!spec.requiresAuth) sections.push('Authentication: not needed')
  if (outcome) sections.push(`Outcome:\n${outcome.replace(/^/gm, '  ')}`)
  sections.push(`Examples:\n${operationExamples(command, spec).map((line) => `  ${line}`).join('\n')}`)
  return `\n${sections.join('\n\n')}\n`
}

/** The operation's description block: summary, method and path, long description. */
export function operationDescription(spec: CommandSpec): string {
  return [spec.summary || spec.operationId, `${spec.method.toUpperCase()} ${spec.path}`, spec.description].filter(Boolean).join('\n\n')
}

/** The part of `epilot <service> --help` after the operation list. */
export function serviceHelp(invocation: string, table: ServiceCommands): string {
  const first = table.commands[0]
  return `\nRun '${invocation} ${table.service} <operation> --help' for an operation's parameters and examples.${
    first ? `\nExample: ${invocation} ${table.service} ${first.operationId} --help` : ''
  }\n`
}
