import axios, { type AxiosError, type AxiosInstance, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios'
import { OpenAPIClientAxios, type Document, type Operation, type UnknownOperationMethod } from 'openapi-client-axios'
import type { RuntimeDefinition } from './definition'
import { EpilotApiError, EpilotInputError } from './errors'
import { hostOf, unwrapHandle } from './handle-key'
import { minimumTimeoutMs } from './operation-timeout'
import { clientRetryDelay, retryPolicy, shouldRetry, type RetryOptions, type RetryPolicy } from './retry'
import { parseRetryAfter, realSleep } from './retry-policy'
import { resolveToken, type TokenSource } from './token'

/** Options of every service client. */
export interface ClientOptions {
  /** API base URL. Defaults to the spec's first server. */
  baseURL?: string
  /** Headers sent with every request. */
  headers?: Record<string, string>
  /**
   * Request timeout in ms. Default 60,000; 0 waits forever. `triggerWebhook` with `sync: true` waits at least
   * 120,000 ms (the engine's 95 s sync budget plus 25 s, so longer than the engine's whole sync budget) unless the call passes its own `timeout`.
   */
  timeout?: number
  /** Retries for 429 (any method), 408, 5xx and network errors (idempotent methods only): a count, `false` for none, or settings. Default 2. */
  retries?: number | false | RetryOptions
  /** Bring your own axios instance (interceptors, adapters, proxies). The client adds its own interceptors to it. */
  axiosInstance?: AxiosInstance
  /** Bearer token, or a function called before every request. Same as calling `authorize(client, token)`. */
  token?: TokenSource
  /** Waits between retries (default a real timer); inject to skip waiting in tests. */
  sleep?: (ms: number) => Promise<void>
  /** Clock in epoch ms for `Retry-After` dates (default `Date.now`). */
  now?: () => number
  /** Jitter source in [0, 1) (default `Math.random`). */
  random?: () => number
}

/** What the retry interceptor needs besides the policy: injectable time and randomness. */
interface RetryRuntime {
  /** Read at every decision, so `setClientRetry` (and `epilot.retry()`) reach clients already created. */
  policy: () => RetryPolicy
  sleep: (ms: number) => Promise<void>
  now: () => number
  random: () => number
}

/** The promise every operation method returns: the axios response with typed `data`. */
export type OperationResponse<T> = Promise<AxiosResponse<T>>

/** A service client: an axios instance plus one typed method per operation. */
export type ServiceClient<OperationMethods> = AxiosInstance & OperationMethods

interface ClientState {
  token: TokenSource | undefined
  retry: RetryRuntime
}

/** Per-request facts the interceptors need; carried on the axios config under a private key. */
interface RequestMeta {
  operationId: string
  requiresAuth: boolean
  attempt: number
}

const META_KEY = '__epilotOperation'
const clientStates = new WeakMap<object, ClientState>()

function metaOf(config: InternalAxiosRequestConfig | undefined): RequestMeta | undefined {
  return (config as unknown as Record<string, RequestMeta | undefined> | undefined)?.[META_KEY]
}

/**
 * Sets the token a client sends as `Authorization: Bearer <token>`. Pass a function to have it called
 * before every request (sync or async), so refreshed tokens are picked up.
 *
 * @example
 * ```ts
 * const client = getClient()
 * authorize(client, async () => await myTokenStore.current())
 * ```
 */
export function authorize<Client extends AxiosInstance>(client: Client, token: TokenSource): Client {
  stateOf(client, 'authorize').token = token
  return client
}

function stateOf(client: AxiosInstance, caller: string): ClientState {
  const state = clientStates.get(unwrapHandle(client))
  if (!state) throw new TypeError(`${caller}() expects a client created by this SDK (getClient or createClient)`)
  return state
}

/**
 * Replaces a client's retry settings (internal: `epilot.retry()` and `applyRetryInterceptor` use it). A function is
 * read at every retry decision.
 */
export function setClientRetry(client: AxiosInstance, policy: RetryPolicy | (() => RetryPolicy)): void {
  stateOf(client, 'applyRetryInterceptor').retry.policy = typeof policy === 'function' ? policy : () => policy
}

/** Whether `client` was made by this SDK (a client or an `epilot.<service>` handle). */
export function isSdkClient(client: unknown): client is AxiosInstance {
  return (typeof client === 'object' || typeof client === 'function') && client !== null && clientStates.has(unwrapHandle(client as AxiosInstance))
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== ''
}

/** Rejects calls that could only produce a malformed request, before anything is sent. */
function checkArguments(operation: Operation, args: unknown[]): void {
  const [params, data] = args
  const declared = (operation.parameters ?? []) as Array<{ name: string; in: string; required?: boolean }>
  const firstPath = declared.find((p) => p.in === 'path')
  const missing = declared
    .filter((p) => p.required)
    .filter((p) => {
      if (typeof params === 'string' || typeof params === 'number') return !(p === firstPath && isPresent(params))
      if (Array.isArray(params)) return !params.some((entry: { name?: string; value?: unknown }) => entry?.name === p.name && isPresent(entry.value))
      return !isPresent((params as Record<string, unknown> | null | undefined)?.[p.name])
    })
    .map((p) => p.name)
  if (missing.length > 0) throw new EpilotInputError('missing_parameter', operation.operationId ?? 'operation', missing)
  const body = operation.requestBody as { required?: boolean } | undefined
  if (body?.required && (data === undefined || data === null)) throw new EpilotInputError('missing_body', operation.operationId ?? 'operation', [])
}

function requestIdOf(response: AxiosResponse | undefined): string | undefined {
  const headers = response?.headers
  if (!headers) return undefined
  for (const name of ['x-request-id', 'x-amzn-requestid', 'x-epilot-request-id']) {
    const value: unknown = headers[name]
    if (typeof value === 'string' && value) return value
  }
  return undefined
}

function apiMessageOf(data: unknown): string | undefined {
  if (typeof data === 'string' && data.length > 0 && data.length < 500) return data
  if (data && typeof data === 'object' && 'message' in data && typeof data.message === 'string') return data.message
  return undefined
}

function pathOf(config: InternalAxiosRequestConfig | undefined): string | undefined {
  return config?.url?.split('?')[0]
}

function attemptsText(attempts: number): string {
  return `after ${attempts} attempt${attempts > 1 ? 's' : ''}`
}

/** Converts an axios failure into an EpilotApiError that holds no request config (and so no token). */
function toApiError(error: AxiosError, attempts: number): EpilotApiError {
  const meta = metaOf(error.config)
  const operation = meta?.operationId ?? 'request'
  // Only the host (never user info, path or query) goes into messages: it says where, and holds no secret.
  const host = error.config ? hostOf(() => axios.getUri(error.config)) : undefined
  const from = host ? ` from ${host}` : ''
  const base = {
    operationId: meta?.operationId,
    method: error.config?.method?.toUpperCase(),
    path: pathOf(error.config),
    attempts,
  }
  if (error.response) {
    const apiMessage = apiMessageOf(error.response.data)
    const requestId = requestIdOf(error.response)
    return new EpilotApiError({
      ...base,
      code: 'api_error',
      status: error.response.status,
      requestId,
      data: error.response.data,
      message: `${operation} failed with status ${error.response.status}${apiMessage ? `: ${apiMessage}` : ''}${requestId ? ` (request id ${requestId})` : ''}`,
    })
  }
  if (axios.isCancel(error)) return new EpilotApiError({ ...base, code: 'canceled', message: `${operation} was canceled` })
  if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') {
    const limit = error.config?.timeout ? ` within ${error.config.timeout} ms` : ''
    return new EpilotApiError({ ...base, code: 'timeout', message: `${operation}: no response${from}${limit} (timeout) ${attemptsText(attempts)}` })
  }
  return new EpilotApiError({
    ...base,
    code: 'network_error',
    message: `${operation}: no response${from} (${networkCode(error)}) ${attemptsText(attempts)}`,
  })
}

/** The system error code behind a network failure (`ENOTFOUND`, `ECONNREFUSED`…), wherever axios put it. */
function networkCode(error: AxiosError): string {
  const cause = (error as { cause?: { code?: unknown } }).cause
  if (typeof cause?.code === 'string') return cause.code
  if (error.code && error.code !== 'ERR_NETWORK') return error.code
  return 'network error'
}

function installInterceptors(instance: AxiosInstance, state: ClientState, retry: RetryRuntime): void {
  instance.interceptors.request.use(async (config) => {
    if (metaOf(config)?.requiresAuth === false) return config
    const token = await resolveToken(state.token)
    if (token) config.headers.set('Authorization', `Bearer ${token}`)
    return config
  })
  instance.interceptors.response.use(undefined, async (error: unknown) => {
    if (!axios.isAxiosError(error) || !error.config) throw error
    const meta = metaOf(error.config)
    const attempt = meta?.attempt ?? 1
    const status = error.response?.status
    const policy = retry.policy()
    if (meta && shouldRetry({ method: error.config.method, status, attempt, canceled: axios.isCancel(error) }, policy)) {
      const retryAfterMs = parseRetryAfter(error.response?.headers['retry-after'] as string | undefined, retry.now())
      await retry.sleep(clientRetryDelay(attempt, retryAfterMs, policy, retry.random))
      meta.attempt = attempt + 1
      return instance.request(error.config)
    }
    throw toApiError(error, attempt)
  })
}

/**
 * Builds a service client from a generated routing table. Used by each generated `createClient`;
 * you normally call those instead.
 */
export function createServiceClient<OperationMethods>(loadDefinition: () => RuntimeDefinition, options: ClientOptions = {}): ServiceClient<OperationMethods> {
  const defaults = {
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    headers: { ...options.headers },
    timeout: options.timeout ?? 60_000,
  }
  if (options.axiosInstance) {
    Object.assign(options.axiosInstance.defaults, options.baseURL ? { baseURL: options.baseURL } : {})
    if (options.timeout !== undefined) options.axiosInstance.defaults.timeout = options.timeout
    for (const [name, value] of Object.entries(options.headers ?? {})) options.axiosInstance.defaults.headers.common[name] = value
  }
  const api = new OpenAPIClientAxios({
    definition: loadDefinition() as unknown as Document,
    quick: true,
    ...(options.axiosInstance ? { axiosInstance: options.axiosInstance } : { axiosConfigDefaults: defaults }),
    transformOperationMethod: (method: UnknownOperationMethod, operation: Operation): UnknownOperationMethod => {
      const requiresAuth = !(Array.isArray(operation.security) && operation.security.length === 0)
      return (params, data, config) => {
        // Reject rather than throw, so `.catch()` and `await` see bad input the same way as API errors.
        try {
          checkArguments(operation, [params, data])
        } catch (error) {
          return Promise.reject(error)
        }
        const meta: RequestMeta = { operationId: operation.operationId ?? '', requiresAuth, attempt: 1 }
        return method(params, data, { ...config, ...operationTimeout(operation.operationId, params, config?.timeout), [META_KEY]: meta } as typeof config)
      }
    },
  })
  const client = api.initSync() as unknown as ServiceClient<OperationMethods>
  const policy = retryPolicy(options.retries)
  const state: ClientState = {
    token: options.token,
    retry: { policy: () => policy, sleep: options.sleep ?? realSleep, now: options.now ?? Date.now, random: options.random ?? Math.random },
  }
  clientStates.set(client, state)
  installInterceptors(client, state, state.retry)
  /** A longer timeout for operations that may legitimately take long (see operation-timeout.ts); the call's own wins. */
  function operationTimeout(operationId: string | undefined, params: unknown, explicit: number | undefined): { timeout?: number } {
    if (explicit !== undefined) return {}
    const minimum = minimumTimeoutMs(operationId, params)
    const current = client.defaults.timeout ?? 0
    return minimum !== undefined && current !== 0 && current < minimum ? { timeout: minimum } : {}
  }
  return client
}
