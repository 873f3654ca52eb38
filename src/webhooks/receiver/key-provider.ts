import { kindOf, WebhookVerificationError } from '../signature/errors'
import { parsePublicKey } from '../signature/keys'
import type { PublicKeyProvider } from './types'

/** The public-key endpoint's answer (other fields are ignored). */
export interface PublicKeyResponse {
  /** The organization's Ed25519 public key as an SPKI PEM. */
  public_key: string
}

/** Options of {@link createPublicKeyProvider}. */
export interface PublicKeyProviderOptions {
  /** The epilot organization whose webhooks you receive. */
  orgId: string
  /** Custom fetcher, e.g. the SDK client's `getPublicKey`. Default: global `fetch` of the well-known endpoint. */
  fetchPublicKey?: (orgId: string) => Promise<PublicKeyResponse>
  /** Base URL of the webhooks API for the default fetcher. Default `https://webhooks.sls.epilot.io`. */
  baseURL?: string
  /** How long a fetched key is used before it is fetched again. Default one hour. */
  ttlMs?: number
  /** Least time between two fetches, also when no key verifies (rotation) or fetching fails. Default one minute. */
  minRefetchIntervalMs?: number
  /** Clock in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number
}

/** Default base URL of the epilot webhooks API. */
export const DEFAULT_WEBHOOKS_BASE_URL = 'https://webhooks.sls.epilot.io'

function defaultFetcher(baseURL: string): (orgId: string) => Promise<PublicKeyResponse> {
  return async (orgId) => {
    const url = `${baseURL.replace(/\/+$/, '')}/v1/webhooks/.well-known/public-key?orgId=${encodeURIComponent(orgId)}`
    const response = await fetch(url, { headers: { accept: 'application/json' } })
    if (!response.ok) {
      throw new WebhookVerificationError('key_unavailable', `Fetching the webhook public key failed with HTTP ${response.status}; check the orgId and baseURL of createPublicKeyProvider.`)
    }
    return (await response.json()) as PublicKeyResponse
  }
}

/**
 * Fetches the organization's Ed25519 public key from epilot's public-key endpoint, caches it for `ttlMs`,
 * and refetches at most once per `minRefetchIntervalMs` when no cached key verifies (key rotation).
 * When a refetch fails the last good key keeps being used.
 *
 * @example
 * ```ts
 * const publicKey = createPublicKeyProvider({ orgId: '123' })
 * const verifier = createVerifier({ publicKey })
 * ```
 */
export function createPublicKeyProvider(options: PublicKeyProviderOptions): PublicKeyProvider {
  if (typeof options?.orgId !== 'string' || options.orgId === '') {
    throw new WebhookVerificationError('invalid_option', `createPublicKeyProvider needs an orgId string (got ${kindOf(options?.orgId)}).`)
  }
  const fetchPublicKey = options.fetchPublicKey ?? defaultFetcher(options.baseURL ?? DEFAULT_WEBHOOKS_BASE_URL)
  const ttlMs = options.ttlMs ?? 60 * 60 * 1000
  const minRefetchIntervalMs = options.minRefetchIntervalMs ?? 60 * 1000
  const now = options.now ?? Date.now

  let keys: readonly string[] | undefined
  let fetchedAt = 0
  let attemptedAt = Number.NEGATIVE_INFINITY
  let inflight: Promise<readonly string[]> | undefined
  let lastError: WebhookVerificationError | undefined

  const load = (): Promise<readonly string[]> => {
    inflight ??= (async () => {
      attemptedAt = now()
      try {
        const response = await fetchPublicKey(options.orgId)
        const key = response?.public_key
        if (typeof key !== 'string' || !parsePublicKey(key)) {
          throw new WebhookVerificationError('key_unavailable', 'The public-key endpoint did not return an Ed25519 public key; check that baseURL (or fetchPublicKey) points at the epilot webhooks API.')
        }
        keys = [key]
        fetchedAt = now()
        lastError = undefined
        return keys
      } catch (cause) {
        if (keys) return keys // keep serving the last good key
        lastError =
          cause instanceof WebhookVerificationError
            ? cause
            : new WebhookVerificationError('key_unavailable', 'Fetching the webhook public key failed; check network access to the webhooks API and the baseURL of createPublicKeyProvider.', { cause })
        throw lastError
      } finally {
        inflight = undefined
      }
    })()
    return inflight
  }

  const mayFetch = (): boolean => now() - attemptedAt >= minRefetchIntervalMs

  return {
    async getPublicKeys() {
      if (inflight) return inflight
      if (keys && (now() - fetchedAt < ttlMs || !mayFetch())) return keys
      // The endpoint failed a moment ago and we never had a key: fail fast instead of refetching per request.
      if (!keys && lastError && !mayFetch()) throw lastError
      return load()
    },
    async refresh() {
      const before = keys?.[0]
      if (!inflight && !mayFetch()) return undefined
      const after = await (inflight ?? load()).catch(() => undefined)
      return after && after[0] !== before ? after : undefined
    },
  }
}
