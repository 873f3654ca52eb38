import type { CommandSpec, ServiceCommands } from '../core/commands'

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)))
  return rows.map((row) => `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] as number))).join('  ')}`.trimEnd()).join('\n')
}

function placeholder(name: string): string {
  return `<${name}>`
}

/** Example command lines for an operation, built from its parameters and body. */
export function operationExamples(service: string, spec: CommandSpec): string[] {
  const base = `epilot ${service} ${spec.operationId}`
  const pathParams = spec.parameters.filter((p) => p.in === 'path')
  const required = spec.parameters.filter((p) => p.required && p.in !== 'path')
  const flags = [...pathParams, ...required].map((p) => `-p ${p.name}=${placeholder(p.name)}`).join(' ')
  const positional = [pathParams.map((p) => placeholder(p.name)).join(' '), required.map((p) => `-p ${p.name}=${placeholder(p.name)}`).join(' ')]
    .filter(Boolean)
    .join(' ')
  const examples = [`${base}${flags ? ` ${flags}` : ''}`]
  if (pathParams.length) examples.push(`${base} ${positional}`)
  if (spec.body) {
    examples.push(`${base}${positional ? ` ${positional}` : ''} -d '{ ... }'`)
    examples.push(`cat body.json | ${base}${positional ? ` ${positional}` : ''}`)
  }
  examples.push(`${base}${positional ? ` ${positional}` : ''} --jsonata '$'`)
  return examples
}

/** The part of `epilot <service> <operation> --help` after the options: parameters, body and examples. */
export function operationHelp(service: string, spec: CommandSpec): string {
  const sections: string[] = []
  if (spec.parameters.length) {
    const rows = [['NAME', 'IN', 'TYPE', 'REQUIRED', 'DESCRIPTION'], ...spec.parameters.map((p) => [p.name, p.in, p.type, p.required ? 'yes' : 'no', p.description])]
    sections.push(`Parameters:\n${table(rows)}`)
  } else {
    sections.push('Parameters: none')
  }
  const body = spec.body
  sections.push(
    body
      ? `Request body: JSON, ${body.required ? 'required' : 'optional'}${body.description ? ` — ${body.description}` : ''}\n  Pass it with -d '<json>', -d @file.json, or on stdin.`
      : 'Request body: none',
  )
  if (!spec.requiresAuth) sections.push('Authentication: not needed')
  sections.push(`Examples:\n${operationExamples(service, spec).map((line) => `  ${line}`).join('\n')}`)
  return `\n${sections.join('\n\n')}\n`
}

/** The operation's description block: summary, method and path, long description. */
export function operationDescription(spec: CommandSpec): string {
  return [spec.summary || spec.operationId, `${spec.method.toUpperCase()} ${spec.path}`, spec.description].filter(Boolean).join('\n\n')
}

/** The part of `epilot <service> --help` after the operation list. */
export function serviceHelp(table: ServiceCommands): string {
  const first = table.commands[0]
  return `\nRun 'epilot ${table.service} <operation> --help' for an operation's parameters and examples.${
    first ? `\nExample: epilot ${table.service} ${first.operationId} --help` : ''
  }\n`
}
