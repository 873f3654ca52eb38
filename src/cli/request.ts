import type { CommandSpec } from '../core/commands'
import { CliApiError, CliUsageError } from './errors'
import { maskAuthorization } from './mask'
import { readBody, type ResponseBody } from './output'

/** Everything one API call needs, already validated. */
export interface RequestPlan {
  method: string
  url: string
  headers: Record<string, string>
  /** JSON text of the body, when there is one. */
  body: string | undefined
}

/** What came back. */
export interface ResponseResult {
  status: number
  statusText: string
  headers: Array<[string, string]>
  body: ResponseBody
}

/** Values of the operation's parameters by name, already checked against the spec. */
export type ParameterValues = Record<string, string>

function joinUrl(server: string, path: string): string {
  return `${server.replace(/\/+$/, '')}${path}`
}

/** Fills the path template (URL-encoded), adds query parameters, and sets the standard, parameter and user headers. */
export function planRequest(
  spec: CommandSpec,
  values: ParameterValues,
  body: unknown,
  options: { server: string; token: string | undefined; headers: Record<string, string>; userAgent: string },
): RequestPlan {
  if (!options.server) throw new CliUsageError('invalid_option', 'no server to call: pass -s <url> or set EPILOT_SERVER')
  let base: URL
  try {
    base = new URL(joinUrl(options.server, spec.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''))))
  } catch {
    throw new CliUsageError('invalid_option', `server "${options.server}" is not a URL: pass -s http(s)://host[:port]`)
  }
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': options.userAgent }
  const cookies: string[] = []
  for (const param of spec.parameters) {
    const value = values[param.name]
    if (value === undefined) continue
    if (param.in === 'query') base.searchParams.append(param.name, value)
    else if (param.in === 'header') headers[param.name.toLowerCase()] = value
    else if (param.in === 'cookie') cookies.push(`${param.name}=${encodeURIComponent(value)}`)
  }
  if (cookies.length) headers.cookie = cookies.join('; ')
  if (options.token && spec.requiresAuth) headers.authorization = `Bearer ${options.token}`
  const text = body === undefined ? undefined : JSON.stringify(body)
  if (text !== undefined) headers['content-type'] = 'application/json'
  for (const [name, value] of Object.entries(options.headers)) headers[name.toLowerCase()] = value
  return { method: spec.method.toUpperCase(), url: base.toString(), headers, body: text }
}

/** The request as `-v` shows it: request line and headers, Authorization masked. */
export function describeRequest(plan: RequestPlan): string {
  const lines = [`> ${plan.method} ${plan.url}`]
  for (const [name, value] of Object.entries(plan.headers)) lines.push(`> ${name}: ${name === 'authorization' ? maskAuthorization(value) : value}`)
  if (plan.body !== undefined) lines.push('>', `> ${plan.body}`)
  return `${lines.join('\n')}\n`
}

/** Sends the request with the built-in fetch. Network failures become `CliApiError('network_error')`. */
export async function sendRequest(plan: RequestPlan, signal?: AbortSignal): Promise<ResponseResult> {
  let response: Response
  try {
    response = await fetch(plan.url, { method: plan.method, headers: plan.headers, body: plan.body, ...(signal ? { signal } : {}) })
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    throw new CliApiError('network_error', `could not reach ${new URL(plan.url).origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}`)
  }
  const text = await response.text()
  return {
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers.entries()],
    body: readBody(text, response.headers.get('content-type')),
  }
}

function messageOf(body: ResponseBody): string | undefined {
  if (body.kind === 'text') return body.text.trim().slice(0, 500)
  if (body.kind !== 'json') return undefined
  const value = body.value
  if (typeof value === 'string') return value
  if (value && typeof value === 'object') {
    for (const key of ['message', 'error', 'errorMessage', 'detail', 'title']) {
      const field = (value as Record<string, unknown>)[key]
      if (typeof field === 'string' && field) return field
    }
    return JSON.stringify(value).slice(0, 500)
  }
  return undefined
}

/** `404 Not Found: config abc not found` — the status and the API's own message. */
export function apiErrorOf(result: ResponseResult): CliApiError {
  const message = messageOf(result.body)
  const statusLine = `${result.status}${result.statusText ? ` ${result.statusText}` : ''}`
  return new CliApiError('api_error', message ? `${statusLine}: ${message}` : statusLine, result.status)
}
