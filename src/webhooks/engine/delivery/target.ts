/**
 * A config prepared for delivery once, when it is saved: compiled filters/payload, its signer, its token cache,
 * its URL verdict and origin, and the headers every request of the revision carries.
 */
import { HEADER_ID, HEADER_SIGNATURE, HEADER_TIMESTAMP } from '../../signature/constants'
import type { ResolvedOptions } from '../options'
import { OAuthTokenCache, type OAuthContext } from './oauth'
import { compileConfig, type CompiledConfig } from '../config/compile'
import type { StoredConfig } from '../store/types'
import { planAuth, type AuthPlan } from './auth-headers'
import { originOf, urlCredentials } from './http-client'
import { createDeliverySigner, type DeliverySigner } from './request-signer'
import type { SigningSetup } from './signing-key'
import type { UrlCheck, UrlPolicy } from './url-policy'

/** What request logs show instead of a secret header value. */
export const MASKED = '***'

export interface DeliveryTarget {
  readonly stored: StoredConfig
  readonly compiled: CompiledConfig
  /** The engine's Ed25519 key (`v1a`) plus the config's HMAC `signingSecret` (`v1`) when set. */
  readonly signer: DeliverySigner
  readonly oauth?: OAuthTokenCache
  /** The URL policy's verdict on `config.url`, checked once per revision rather than per attempt. */
  readonly url: UrlCheck
  /** `scheme://host:port` of the URL (empty when it is refused): the key of its connection pool. */
  readonly origin: string
  /** The HTTP method of every request (`POST` when the config has none). */
  readonly method: string
  /**
   * The headers every attempt sends unchanged, as a flat `[name, value, …]` list: content-type, user-agent, the
   * config's custom headers and a fixed auth header; each attempt adds the signature headers and any auth header
   * read at send time (env var secret, OAuth token). Names are lower case, each once.
   */
  readonly headers: readonly string[]
  /** {@link DeliveryTarget.headers} with secret values (authorization, the API key header) replaced by `***`. */
  readonly maskedHeaders: readonly string[]
  /** How each attempt authenticates. */
  readonly auth: AuthPlan
}

/** What building a target uses of the engine's context (an `EngineContext` is one). */
export interface TargetContext extends OAuthContext {
  readonly signing: SigningSetup
  readonly urlPolicy: UrlPolicy
  readonly options: OAuthContext['options'] & Pick<ResolvedOptions, 'userAgent'>
}

/** Header names whose values are secrets wherever they appear. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization'])

/**
 * The fixed header list of a revision: later entries replace earlier ones of the same name (as the old
 * object spread did), and names an attempt sets itself are left out so they are sent once.
 */
function headerLists(entries: ReadonlyArray<readonly [string, string]>, setPerAttempt: ReadonlySet<string>, secret: ReadonlySet<string>): { headers: string[]; masked: string[] } {
  const byName = new Map<string, string>()
  for (const [name, value] of entries) {
    const lower = name.toLowerCase()
    if (!setPerAttempt.has(lower)) byName.set(lower, value)
  }
  const headers: string[] = []
  const masked: string[] = []
  for (const [name, value] of byName) {
    headers.push(name, value)
    masked.push(name, secret.has(name) ? MASKED : value)
  }
  return { headers: Object.freeze(headers) as string[], masked: Object.freeze(masked) as string[] }
}

/** Compiles a stored config and builds its signer, auth plan and OAuth token cache; throws when the config cannot compile. */
export function buildTarget(ctx: TargetContext, stored: StoredConfig): DeliveryTarget {
  const config = stored.config
  const signing = ctx.signing
  const signer = createDeliverySigner(signing.pkcs8, config.signingSecret ?? undefined, signing.hmacVersion)
  const oauthConfig = config.auth?.authType === 'OAUTH_CLIENT_CREDENTIALS' ? config.auth.oauthConfig : undefined
  const oauth = oauthConfig ? new OAuthTokenCache(oauthConfig, ctx) : undefined
  const auth = planAuth(config.auth, oauth)
  const compiled = compileConfig(config)
  const url = ctx.urlPolicy.check(config.url ?? '')

  const authName = auth.name // lower case (planAuth)
  // The signature headers are set by each attempt, instead of any custom header of the same name.
  const setPerAttempt = new Set([HEADER_ID, HEADER_TIMESTAMP, HEADER_SIGNATURE])
  if (authName !== undefined && auth.kind !== 'fixed') setPerAttempt.add(authName)
  const entries: Array<readonly [string, string]> = [
    ['content-type', 'application/json'],
    ['user-agent', ctx.options.userAgent],
  ]
  // Credentials in the URL are sent as basic auth unless a custom or auth header sets authorization (listed later).
  const credentials = url.ok ? urlCredentials(url.url) : undefined
  if (credentials !== undefined) entries.push(['authorization', credentials])
  entries.push(...Object.entries(compiled.customHeaders))
  if (auth.kind === 'fixed' && auth.name !== undefined && auth.value !== undefined) entries.push([auth.name, auth.value])
  const secret = authName === undefined ? SECRET_HEADERS : new Set([...SECRET_HEADERS, authName])
  const { headers, masked } = headerLists(entries, setPerAttempt, secret)

  return {
    stored,
    compiled,
    signer,
    ...(oauth ? { oauth } : {}),
    url,
    origin: url.ok ? originOf(url.url) : '',
    method: config.httpMethod ?? 'POST',
    headers,
    maskedHeaders: masked,
    auth,
  }
}
