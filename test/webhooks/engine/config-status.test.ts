import { describe, expect, it } from 'vitest'
import { deriveStatus } from '../../../src/webhooks/engine/config/status'
import type { Auth, WebhookConfig } from '../../../src/webhooks/engine/model'

const complete: WebhookConfig = { name: 'n', eventName: 'e', url: 'https://x.example', httpMethod: 'POST' }
const withAuth = (auth: Auth): WebhookConfig => ({ ...complete, auth })

describe('deriveStatus', () => {
  it('is active when complete and enabled is true or absent', () => {
    expect(deriveStatus(complete)).toBe('active')
    expect(deriveStatus({ ...complete, enabled: true })).toBe('active')
  })
  it('is inactive when complete and enabled is false', () => {
    expect(deriveStatus({ ...complete, enabled: false })).toBe('inactive')
  })
  it('is incomplete without url or httpMethod, even when disabled', () => {
    expect(deriveStatus({ ...complete, url: undefined })).toBe('incomplete')
    expect(deriveStatus({ ...complete, url: ' ' })).toBe('incomplete')
    expect(deriveStatus({ ...complete, httpMethod: undefined, enabled: false })).toBe('incomplete')
  })
  it('is incomplete when the auth type lacks its secret', () => {
    expect(deriveStatus(withAuth({ authType: 'BASIC', basicAuthConfig: { username: 'u' } }))).toBe('incomplete')
    expect(deriveStatus(withAuth({ authType: 'API_KEY', apiKeyConfig: { keyName: 'k' } }))).toBe('incomplete')
    expect(deriveStatus(withAuth({ authType: 'OAUTH_CLIENT_CREDENTIALS', oauthConfig: { clientId: 'c', endpoint: 'https://t.example', httpMethod: 'POST' } }))).toBe('incomplete')
  })
  it('is active when the auth type has its secret', () => {
    expect(deriveStatus(withAuth({ authType: 'BASIC', basicAuthConfig: { username: 'u', password: 'p' } }))).toBe('active')
    expect(deriveStatus(withAuth({ authType: 'API_KEY', apiKeyConfig: { keyName: 'k', keyValue: 'v' } }))).toBe('active')
    expect(deriveStatus(withAuth({ authType: 'NONE' }))).toBe('active')
  })
  it('accepts an env var name in place of the secret without reading the variable', () => {
    const config = withAuth({ authType: 'OAUTH_CLIENT_CREDENTIALS', oauthConfig: { clientId: 'c', clientSecret: 'UNSET_VAR', clientSecretIsEnvVar: true, endpoint: 'https://t.example', httpMethod: 'POST' } })
    expect(deriveStatus(config)).toBe('active')
  })
})
