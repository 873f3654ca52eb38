/** Outgoing receiver authentication: the headers a delivery carries for BASIC, API_KEY, OAuth or NONE. */
import { resolveSecret } from '../config/secrets'
import { DeliveryFailure } from './failure'
import type { Auth } from '../model'
import type { OAuthTokenCache } from './oauth'

function missing(what: string, envName: string | null | undefined, isEnvVar: boolean | undefined): DeliveryFailure {
  return new DeliveryFailure(
    'secret_missing',
    isEnvVar ? `The env var ${envName ?? ''} holding the ${what} is not set.` : `The ${what} is not set; update the config.`,
    false,
  )
}

/**
 * Headers for the receiver. Secrets stored as env var names are read now, at delivery time.
 * Returns the OAuth token used, so a 401 can invalidate exactly that token.
 */
export async function authHeaders(
  auth: Auth | undefined,
  env: Record<string, string | undefined>,
  oauth: OAuthTokenCache | undefined,
): Promise<{ headers: Record<string, string>; token?: string }> {
  switch (auth?.authType) {
    case 'BASIC': {
      const b = auth.basicAuthConfig
      const password = resolveSecret(b?.password, b?.passwordIsEnvVar, env)
      if (!b || password === undefined) throw missing('basic auth password', b?.password, b?.passwordIsEnvVar)
      return { headers: { authorization: `Basic ${Buffer.from(`${b.username}:${password}`).toString('base64')}` } }
    }
    case 'API_KEY': {
      const k = auth.apiKeyConfig
      const value = resolveSecret(k?.keyValue, k?.keyValueIsEnvVar, env)
      if (!k || value === undefined) throw missing('API key', k?.keyValue, k?.keyValueIsEnvVar)
      return { headers: { [k.keyName]: value } }
    }
    case 'OAUTH_CLIENT_CREDENTIALS': {
      if (!oauth) throw new DeliveryFailure('secret_missing', 'The OAuth settings are incomplete; update the config.', false)
      const token = await oauth.token()
      return { headers: { authorization: `Bearer ${token}` }, token }
    }
    default:
      return { headers: {} }
  }
}
