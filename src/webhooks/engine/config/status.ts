import type { WebhookConfig, WebhookStatus } from '../model'

function present(value: string | null | undefined): boolean {
  return value !== undefined && value !== null && value.trim() !== ''
}

/** Whether the auth settings carry the secret they need (a literal value, or the env var NAME when `*IsEnvVar`). */
function authComplete(config: WebhookConfig): boolean {
  const auth = config.auth
  switch (auth?.authType) {
    case undefined:
    case 'NONE':
      return true
    case 'BASIC':
      return present(auth.basicAuthConfig?.username) && present(auth.basicAuthConfig?.password)
    case 'OAUTH_CLIENT_CREDENTIALS':
      return present(auth.oauthConfig?.clientId) && present(auth.oauthConfig?.endpoint) && present(auth.oauthConfig?.clientSecret)
    case 'API_KEY':
      return present(auth.apiKeyConfig?.keyName) && present(auth.apiKeyConfig?.keyValue)
  }
}

/**
 * Derives a config's status:
 * - `incomplete` — nothing can be delivered yet: `url` or `httpMethod` is missing, or the auth type's secret
 *   is missing (BASIC password, OAuth clientSecret, API key keyValue). With `*IsEnvVar` the field holds the env
 *   var NAME: the name must be there, but whether the variable is set is only checked at delivery time.
 * - `inactive` — complete, and `enabled` is `false`.
 * - `active` — complete, and `enabled` is `true` or absent.
 * @example
 * deriveStatus({ name: 'n', eventName: 'e', url: 'https://x.test', httpMethod: 'POST', enabled: false }) // 'inactive'
 */
export function deriveStatus(config: WebhookConfig): WebhookStatus {
  if (!present(config.url) || config.httpMethod === undefined || !authComplete(config)) return 'incomplete'
  return config.enabled === false ? 'inactive' : 'active'
}
