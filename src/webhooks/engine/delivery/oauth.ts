/**
 * OAuth 2 client-credentials tokens for one config: fetched on first use, cached until shortly before they expire,
 * shared by concurrent deliveries (one request in flight), and fetched again once when the receiver answers 401.
 */
import { isRetryableStatus, parseRetryAfter } from '../../../core/retry-policy'
import { resolveSecret } from '../config/secrets'
import type { ResolvedOptions } from '../options'
import type { HttpClient } from './http-client'
import type { UrlPolicy } from './url-policy'
import { DeliveryFailure, isRetryableNetworkCode } from './failure'
import type { OAuthConfig } from '../model'

/** What the token cache uses of the engine's context (an `EngineContext` is one): HTTP client, URL policy, clock, env, `oauth` settings. */
export interface OAuthContext {
  readonly http: Pick<HttpClient, 'send'>
  readonly urlPolicy: UrlPolicy
  readonly options: Pick<ResolvedOptions, 'now' | 'env' | 'oauth'>
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH'])

/** A token as the provider granted it: the value, and the lifetime and type it reported (when it did). */
export interface TokenGrant {
  value: string
  expiresInSeconds?: number
  tokenType?: string
}

/** Token cache for one config revision. */
export class OAuthTokenCache {
  private cached?: { value: string; expiresAt: number }
  private pending?: Promise<string>

  constructor(
    private readonly config: OAuthConfig,
    private readonly ctx: OAuthContext,
  ) {}

  /** A valid token: the cached one, or a fresh one (one request even when many deliveries ask at once). */
  token(): Promise<string> {
    if (this.cached && this.ctx.options.now() < this.cached.expiresAt) return Promise.resolve(this.cached.value)
    if (!this.pending) {
      this.pending = this.fetchAndCache().finally(() => {
        this.pending = undefined
      })
    }
    return this.pending
  }

  /** Drops `rejected` (the receiver answered 401 with it) so the next `token()` fetches a new one. */
  invalidate(rejected: string): void {
    if (this.cached?.value === rejected) this.cached = undefined
  }

  private async fetchAndCache(): Promise<string> {
    const grant = await this.requestToken()
    const ttl = grant.expiresInSeconds !== undefined ? grant.expiresInSeconds * 1000 : this.ctx.options.oauth.defaultTtlMs
    // Refresh a little early, but never cache a short-lived token for less than half its life.
    const expiresAt = this.ctx.options.now() + ttl - Math.min(this.ctx.options.oauth.skewMs, ttl / 2)
    this.cached = { value: grant.value, expiresAt }
    return grant.value
  }

  /**
   * One client-credentials token request, not cached (deliveries use {@link OAuthTokenCache.token}; `testOAuth`
   * calls this directly). Throws a DeliveryFailure saying what went wrong.
   */
  async requestToken(): Promise<TokenGrant> {
    const cfg = this.config
    const secret = resolveSecret(cfg.clientSecret, cfg.clientSecretIsEnvVar, this.ctx.options.env)
    if (secret === undefined) {
      throw new DeliveryFailure(
        'secret_missing',
        cfg.clientSecretIsEnvVar ? `The env var ${cfg.clientSecret ?? ''} holding the OAuth client secret is not set.` : 'The OAuth client secret is not set.',
        false,
      )
    }
    const checked = this.ctx.urlPolicy.check(cfg.endpoint)
    if (!checked.ok) throw new DeliveryFailure('url_blocked', `OAuth token endpoint: ${checked.message}`, false)
    const url = new URL(checked.url)
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: cfg.clientId, client_secret: secret })
    const headers: Record<string, string> = { accept: 'application/json' }
    for (const p of cfg.customParameterList ?? []) {
      if (p.type === 'header') headers[p.key] = p.value
      else if (p.type === 'query') url.searchParams.append(p.key, p.value)
      else form.append(p.key, p.value)
    }
    const method = cfg.httpMethod
    let body: string | undefined
    if (BODY_METHODS.has(method)) {
      body = form.toString()
      headers['content-type'] = 'application/x-www-form-urlencoded'
    } else {
      for (const [k, v] of form) url.searchParams.append(k, v)
    }
    const outcome = await this.ctx.http.send({ url, method, headers, body, timeoutMs: this.ctx.options.oauth.timeoutMs })
    if (outcome.kind === 'error') {
      throw new DeliveryFailure(outcome.code, `OAuth token request failed: ${outcome.message}`, isRetryableNetworkCode(outcome.code))
    }
    const { status } = outcome
    if (status < 200 || status > 299) {
      const retryable = isRetryableStatus(status)
      throw new DeliveryFailure(
        'oauth_token_failed',
        `The OAuth token endpoint answered ${status} ${outcome.statusText}; check clientId, clientSecret and the custom parameters.`,
        retryable,
        retryable ? parseRetryAfter(outcome.headers['retry-after'], this.ctx.options.now()) : undefined,
      )
    }
    let parsed: { access_token?: unknown; expires_in?: unknown; token_type?: unknown }
    try {
      parsed = JSON.parse(outcome.body) as typeof parsed
    } catch {
      throw new DeliveryFailure('oauth_token_failed', 'The OAuth token endpoint did not answer JSON with an access_token.', false)
    }
    if (typeof parsed?.access_token !== 'string' || parsed.access_token === '') {
      throw new DeliveryFailure('oauth_token_failed', 'The OAuth token response has no access_token.', false)
    }
    const expiresIn = Number(parsed.expires_in)
    return {
      value: parsed.access_token,
      ...(Number.isFinite(expiresIn) && expiresIn > 0 ? { expiresInSeconds: expiresIn } : {}),
      ...(typeof parsed.token_type === 'string' && parsed.token_type !== '' ? { tokenType: parsed.token_type } : {}),
    }
  }
}
