import type { OperationInfo } from '../src/core/openapi'
import { docComment, generatedHeader } from './header'

function parameterType(op: OperationInfo): { type: string; optional: boolean } | undefined {
  const parts: string[] = []
  let optional = true
  const base = `operations['${op.operationId}']['parameters']`
  if (op.parameters.some((p) => p.in === 'path')) {
    parts.push(`${base}['path']`)
    optional = false
  }
  if (op.parameters.some((p) => p.in === 'query')) {
    parts.push(`NonNullable<${base}['query']>`)
    if (op.parameters.some((p) => p.in === 'query' && p.required)) optional = false
  }
  if (op.parameters.some((p) => p.in === 'header')) {
    parts.push(`NonNullable<${base}['header']>`)
    if (op.parameters.some((p) => p.in === 'header' && p.required)) optional = false
  }
  if (parts.length === 0) return undefined
  return { type: parts.join(' & '), optional }
}

function bodyType(op: OperationInfo): string {
  const body = `operations['${op.operationId}']['requestBody']`
  return op.body.required
    ? `${body}['content']['application/json']`
    : `NonNullable<${body}>['content']['application/json']`
}

function responseType(op: OperationInfo): string {
  if (!op.success.hasJson) return 'void'
  return `operations['${op.operationId}']['responses']['${op.success.status}']['content']['application/json']`
}

function methodSignature(op: OperationInfo): string {
  const params = parameterType(op)
  // A required body comes second, so the parameters before it cannot be optional: callers pass null.
  const bodyRequired = op.body.accepted && op.body.required
  const paramMark = bodyRequired ? '' : '?'
  const paramArg = params
    ? `parameters${params.optional ? paramMark : ''}: ${params.type}${params.optional ? ' | null' : ''}`
    : `parameters${paramMark}: null${bodyRequired ? ' | undefined' : ''}`
  const dataArg = op.body.accepted ? `data${op.body.required ? '' : '?'}: ${bodyType(op)}` : 'data?: null'
  const doc = docComment(
    [
      op.summary || op.operationId,
      '',
      op.description && op.description !== op.summary ? op.description : '',
      '',
      `\`${op.method.toUpperCase()} ${op.path}\`${op.requiresAuth ? '' : ' (no authorization needed)'}`,
      op.deprecated ? '\n@deprecated The API marks this operation deprecated; see the description for its replacement.' : '',
    ],
    '  ',
  )
  return `${doc}  ${op.operationId}(${paramArg}, ${dataArg}, config?: AxiosRequestConfig): OperationResponse<${responseType(op)}>`
}

/** Typed operation methods, the service's client factory and its shared default client. */
export function emitClient(service: string, operations: OperationInfo[], specPath: string): string {
  const title = service.charAt(0).toUpperCase() + service.slice(1)
  return `${generatedHeader(specPath)}import type { AxiosRequestConfig } from 'axios'
import { createServiceClient, type ClientOptions, type OperationResponse, type ServiceClient } from '../../core/client'
import { loadDefinition } from './definition'
import type { operations } from './schema'

/** Every operation of the ${title} API as a typed method: \`(parameters, data, config) => Promise<AxiosResponse>\`. */
export interface OperationMethods {
${operations.map(methodSignature).join('\n\n')}
}

/** A ${title} API client: an axios instance with one typed method per operation. */
export type Client = ServiceClient<OperationMethods>

/**
 * Creates a new ${title} API client.
 *
 * @example
 * \`\`\`ts
 * const client = createClient({ baseURL: 'http://127.0.0.1:4000', retries: 3 })
 * \`\`\`
 */
export function createClient(options: ClientOptions = {}): Client {
  return createServiceClient<OperationMethods>(loadDefinition, options)
}

let sharedClient: Client | undefined

/**
 * Returns the shared ${title} API client (created on first call), or a new client when options are given.
 *
 * @example
 * \`\`\`ts
 * const client = getClient()
 * authorize(client, () => process.env.EPILOT_TOKEN ?? '')
 * \`\`\`
 */
export function getClient(options?: ClientOptions): Client {
  if (options) return createClient(options)
  sharedClient ??= createClient()
  return sharedClient
}
`
}

/** Named aliases for every schema, so users write \`WebhookConfig\` rather than \`components['schemas'][...]\`. */
export function emitTypes(schemaNames: string[], specPath: string): string {
  const lines = schemaNames.map((name) => `export type ${name} = components['schemas']['${name}']`)
  return `${generatedHeader(specPath)}import type { components } from './schema'\n\n${lines.join('\n')}\n`
}
