/**
 * `help()`: markdown built from a service's OpenAPI document at run time. Loaded with a dynamic import by the root
 * entry, so neither this renderer nor any spec text is part of a client bundle.
 */
import { listOperations, type OpenApiDocument, type OperationInfo } from './openapi'

function operationHelp(op: OperationInfo): string {
  const lines = [`### \`${op.operationId}\`${op.deprecated ? ' (deprecated)' : ''}`, '']
  if (op.summary) lines.push(op.summary, '')
  lines.push(`\`${op.method.toUpperCase()} ${op.path}\`${op.requiresAuth ? '' : ' (no authorization needed)'}`, '')
  if (op.parameters.length > 0) {
    lines.push('| parameter | in | required | description |', '| --- | --- | --- | --- |')
    for (const p of op.parameters) {
      const description = (p.description ?? '').replace(/\s+/g, ' ').replace(/\|/g, '\\|')
      lines.push(`| \`${p.name}\` | ${p.in} | ${p.required ? 'yes' : 'no'} | ${description} |`)
    }
    lines.push('')
  }
  if (op.body.accepted) lines.push(`Request body: JSON${op.body.required ? ' (required)' : ' (optional)'}.`, '')
  return lines.join('\n')
}

/** Markdown help for one service: base URL, how to call it, and every operation with its parameters. */
export function serviceHelp(service: string, doc: OpenApiDocument): string {
  const operations = listOperations(doc)
  const example = operations.find((op) => !op.deprecated && op.parameters.every((p) => !p.required) && !op.body.required)?.operationId ?? operations[0]?.operationId
  return [
    `# ${doc.info.title}`,
    '',
    doc.servers?.[0] ? `- **Base URL:** \`${doc.servers[0].url}\`` : '',
    `- **Operations:** ${operations.length}`,
    '',
    '## Usage',
    '',
    '```ts',
    "import { epilot } from '@epilot/sdk'",
    '',
    "epilot.authorize(() => '<token>')",
    `const { data } = await epilot.${service}.${example ?? 'operation'}()`,
    '```',
    '',
    '## Operations',
    '',
    ...operations.map(operationHelp),
  ].join('\n')
}

/** Markdown help for the SDK as a whole: the services and the root object's methods. */
export function generalHelp(services: readonly string[]): string {
  return [
    '# @epilot/sdk',
    '',
    'Typed clients for epilot APIs, created on first use.',
    '',
    '```ts',
    "import { epilot } from '@epilot/sdk'",
    '',
    "epilot.authorize(() => '<token>')          // or set EPILOT_TOKEN",
    "epilot.headers({ 'x-epilot-org-id': '123' })",
    'epilot.retry({ maxRetries: 3 })',
    '```',
    '',
    '## Services',
    '',
    ...services.map((s) => `- \`epilot.${s}\`: \`await epilot.help('${s}')\` lists its operations; \`await epilot.openapi('${s}')\` returns its OpenAPI document`),
    '',
  ].join('\n')
}
