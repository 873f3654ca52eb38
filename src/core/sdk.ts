/**
 * The root SDK object (`epilot`, `createSDK()`, `createEpilotSdk(options)`): one lazily created client per service
 * behind an API handle, and settings that reach every client of the object, including clients already created:
 * token, headers, retries, interceptors, large responses.
 */
import type { AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios'
import { setClientRetry, type ClientOptions } from './client'
import { envBaseURL, readEnv, ENV_TOKEN } from './env'
import { createApiHandle, type ApiHandle } from './handle'
import { installLargeResponse, type LargeResponseConfig } from './large-response'
import type { OpenApiDocument } from './openapi'
import { retryPolicy, type RetryPolicy } from './retry'
import { resolveToken, type TokenSource } from './token'

/** Headers sent by every client of an SDK object (a request's own headers and a client's defaults win). */
export type HeadersConfig = Record<string, string>

/** Retry settings of an SDK object (the 2.x names). */
export interface RetryConfig {
  /** Retries after the first attempt. Default 2; 0 turns retrying off. */
  maxRetries?: number
  /** Wait before the first retry when the server sends no `Retry-After`, in ms (doubled for each further retry, jittered). Default 300. */
  defaultDelayMs?: number
  /** Longest single wait, `Retry-After` included, in ms. Default 10,000. */
  maxDelayMs?: number
}

/** A request interceptor: gets the request config before it is sent and returns it (or a promise of it). */
export type RequestInterceptor = (config: InternalAxiosRequestConfig) => InternalAxiosRequestConfig | Promise<InternalAxiosRequestConfig>
/** A response interceptor: gets each successful response and returns it (or a promise of it). */
export type ResponseInterceptor = (response: AxiosResponse) => AxiosResponse | Promise<AxiosResponse>

/** `epilot.interceptors`: registers interceptors on every client of the SDK object, present and future. */
export interface InterceptorUse {
  /** Runs `fulfilled` on every request before it is sent (the last registered runs first, as in axios). */
  request: (fulfilled: RequestInterceptor, rejected?: (error: unknown) => unknown) => void
  /** Runs `fulfilled` on every successful response, `rejected` on every failure (an `EpilotApiError`, after retries). */
  response: (fulfilled: ResponseInterceptor, rejected?: (error: unknown) => unknown) => void
}

/** The methods of an SDK object besides its services. */
export interface SdkControls {
  /**
   * Sets the bearer token every client of this object sends, including clients already created: a string, or a
   * function (sync or async) called before each request.
   */
  authorize(token: TokenSource): void
  /** Adds default headers for every client of this object (e.g. `x-epilot-org-id`); later calls add to earlier ones. */
  headers(headers: HeadersConfig): void
  /** Changes the retry settings of every client of this object. */
  retry(config: RetryConfig): void
  /** Registers request and response interceptors on every client of this object. */
  interceptors: InterceptorUse
  /** Switches large-response handling (on by default): see {@link LargeResponseConfig}. */
  largeResponse(config: LargeResponseConfig): void
  /** Markdown help: the SDK's overview, or one service's operations (`help('webhooks')`). Loaded on demand. */
  help(apiName?: string): Promise<string>
  /** A service's full OpenAPI document (`openapi('webhooks')`), loaded on demand. */
  openapi(apiName: string): Promise<OpenApiDocument>
}

type ClientFactories = Record<string, (options?: ClientOptions) => AxiosInstance>

/** An SDK object over a set of services. */
export type Sdk<Factories extends ClientFactories> = { readonly [Service in keyof Factories]: ApiHandle<ReturnType<Factories[Service]>> } & SdkControls

/** How an SDK object is built. */
export interface SdkSetup<Factories extends ClientFactories> {
  factories: Factories
  specs: Record<keyof Factories, () => Promise<OpenApiDocument>>
  options: Omit<ClientOptions, 'token'>
  /** Read EPILOT_API_URL and EPILOT_TOKEN as the lowest-precedence settings (the default `epilot` object and `createSDK()`). */
  fromEnvironment: boolean
}

interface Registered<F> {
  fulfilled: F
  rejected: ((error: unknown) => unknown) | undefined
}

/** Builds an SDK object. Nothing is created until a service's operation (or `getClient()`) is first used. */
export function createSdk<Factories extends ClientFactories>(setup: SdkSetup<Factories>): Sdk<Factories> {
  const { factories, specs, options, fromEnvironment } = setup
  let token: TokenSource | undefined
  const headers: HeadersConfig = {}
  let policy: RetryPolicy = retryPolicy(options.retries)
  let largeResponse = true
  const requestInterceptors: Array<Registered<RequestInterceptor>> = []
  const responseInterceptors: Array<Registered<ResponseInterceptor>> = []

  const currentToken = (): Promise<string | undefined> => resolveToken(token ?? (fromEnvironment ? readEnv(ENV_TOKEN) : undefined))

  function configure(client: AxiosInstance): AxiosInstance {
    setClientRetry(client, () => policy)
    installLargeResponse(client, () => largeResponse)
    client.interceptors.request.use(async (config) => {
      for (const [name, value] of Object.entries(headers)) if (!config.headers.has(name)) config.headers.set(name, value)
      // axios runs request interceptors last-registered first; the SDK's list keeps that order.
      let chain: Promise<InternalAxiosRequestConfig> = Promise.resolve(config)
      for (const i of [...requestInterceptors].reverse()) chain = chain.then(i.fulfilled, i.rejected) as Promise<InternalAxiosRequestConfig>
      return chain
    })
    client.interceptors.response.use(
      (response) => responseInterceptors.reduce<Promise<AxiosResponse>>((chain, i) => chain.then(i.fulfilled, i.rejected) as Promise<AxiosResponse>, Promise.resolve(response)),
      (error: unknown) => responseInterceptors.reduce<Promise<AxiosResponse>>((chain, i) => chain.then(i.fulfilled, i.rejected) as Promise<AxiosResponse>, Promise.reject(error)),
    )
    return client
  }

  function newClient(service: keyof Factories): AxiosInstance {
    const baseURL = options.baseURL ?? (fromEnvironment ? envBaseURL() : undefined)
    const factory = factories[service] as Factories[keyof Factories]
    return configure(factory({ ...options, ...(baseURL ? { baseURL } : {}), token: currentToken }))
  }

  function spec(apiName: string): Promise<OpenApiDocument> {
    const load = Object.hasOwn(specs, apiName) ? specs[apiName as keyof Factories] : undefined
    if (!load) return Promise.reject(new Error(`Unknown API "${apiName}". Available: ${Object.keys(specs).join(', ')}`))
    return load()
  }

  async function help(apiName?: string): Promise<string> {
    const { generalHelp, serviceHelp } = await import('./help')
    return apiName === undefined ? generalHelp(Object.keys(factories)) : serviceHelp(apiName, await spec(apiName))
  }

  const controls: SdkControls = {
    authorize(next) {
      token = next
    },
    headers(next) {
      Object.assign(headers, next)
    },
    retry(config) {
      policy = retryPolicy({
        retries: config.maxRetries ?? policy.retries,
        minDelayMs: config.defaultDelayMs ?? policy.minDelayMs,
        maxDelayMs: config.maxDelayMs ?? policy.maxDelayMs,
      })
    },
    interceptors: {
      request: (fulfilled, rejected) => void requestInterceptors.push({ fulfilled, rejected }),
      response: (fulfilled, rejected) => void responseInterceptors.push({ fulfilled, rejected }),
    },
    largeResponse(config) {
      if (config.enabled !== undefined) largeResponse = config.enabled
    },
    help,
    openapi: spec,
  }

  const handles = new Map<keyof Factories, unknown>()
  const sdk = controls as Sdk<Factories>
  for (const service of Object.keys(factories) as Array<keyof Factories & string>) {
    let shared: AxiosInstance | undefined
    Object.defineProperty(sdk, service, {
      enumerable: true,
      get() {
        if (!handles.has(service)) {
          handles.set(
            service,
            createApiHandle({
              getClient: () => (shared ??= newClient(service)),
              createClient: () => newClient(service),
              openapi: () => spec(service),
              help: () => help(service),
            }),
          )
        }
        return handles.get(service)
      },
    })
  }
  return sdk
}
