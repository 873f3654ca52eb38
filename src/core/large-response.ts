/**
 * Large responses (the 2.x `largeResponse` option): epilot APIs answer a response too large for their gateway with a
 * small JSON `{ "$payload_ref": "<presigned URL>" }` of content type `application/large-response.vnd+json` when the
 * client asks for it; the client then fetches the payload from that URL. Small responses stay plain JSON.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios'

/** The media type a client sends in `Accept` to opt in, and that marks a reference answer. */
export const LARGE_RESPONSE_TYPE = 'application/large-response.vnd+json'

/** Large response handling settings. */
export interface LargeResponseConfig {
  /** Ask for and follow large-response references. Default true. */
  enabled?: boolean
}

function payloadRef(response: AxiosResponse): string | undefined {
  const type = String(response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  const ref: unknown = (response.data as Record<string, unknown> | null | undefined)?.$payload_ref
  return type === LARGE_RESPONSE_TYPE && typeof ref === 'string' ? ref : undefined
}

/** Installs large-response handling on a client; `enabled` is read per request, so it can be switched later. */
export function installLargeResponse(client: AxiosInstance, enabled: () => boolean): void {
  client.interceptors.request.use((config) => {
    if (enabled()) config.headers.set('Accept', LARGE_RESPONSE_TYPE)
    return config
  })
  client.interceptors.response.use(async (response) => {
    const ref = enabled() ? payloadRef(response) : undefined
    if (ref === undefined) return response
    // A plain request without the client's interceptors: the presigned URL needs no token and must never get one.
    const { data } = await axios.get<unknown>(ref, { responseType: 'json' })
    response.data = data
    return response
  })
}

/**
 * Adds large-response handling to any axios instance, e.g. a client from `@epilot/sdk/webhooks` (the `epilot` object's
 * clients have it already; switch it with `epilot.largeResponse({ enabled })`).
 *
 * @example
 * ```ts
 * import { applyLargeResponseInterceptor } from '@epilot/sdk'
 * import { getClient } from '@epilot/sdk/webhooks'
 *
 * applyLargeResponseInterceptor({ client: getClient(), config: { enabled: true } })
 * ```
 */
export function applyLargeResponseInterceptor(params: { client: AxiosInstance; config: LargeResponseConfig }): void {
  if (params.config.enabled === false) return
  installLargeResponse(params.client, () => true)
}
