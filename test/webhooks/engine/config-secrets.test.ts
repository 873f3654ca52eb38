import { describe, expect, it } from 'vitest'
import { keepMaskedSecrets, maskSecrets, resolveSecret, SECRET_MASK } from '../../../src/webhooks/engine/config/secrets'
import type { WebhookConfig } from '../../../src/webhooks/engine/model'

const base = { name: 'n', eventName: 'e', url: 'https://x.example', httpMethod: 'POST' } as const

const basic: WebhookConfig = { ...base, auth: { authType: 'BASIC', basicAuthConfig: { username: 'user', password: 'hunter2' } }, signingSecret: 'whsec_abc' }
const oauth: WebhookConfig = {
  ...base,
  auth: { authType: 'OAUTH_CLIENT_CREDENTIALS', oauthConfig: { clientId: 'cid', clientSecret: 'oauth-secret', endpoint: 'https://login.example/token', httpMethod: 'POST' } },
}
const apiKey: WebhookConfig = { ...base, auth: { authType: 'API_KEY', apiKeyConfig: { keyName: 'x-api-key', keyValue: 'k-123' } } }

describe('maskSecrets', () => {
  it('masks the basic auth password and the signing secret, keeping the username', () => {
    const masked = maskSecrets(basic)
    expect(masked.auth?.basicAuthConfig).toEqual({ username: 'user', password: SECRET_MASK })
    expect(masked.signingSecret).toBe(SECRET_MASK)
  })
  it('masks the OAuth client secret', () => {
    expect(maskSecrets(oauth).auth?.oauthConfig?.clientSecret).toBe(SECRET_MASK)
    expect(maskSecrets(oauth).auth?.oauthConfig?.clientId).toBe('cid')
  })
  it('masks the API key value', () => {
    expect(maskSecrets(apiKey).auth?.apiKeyConfig).toEqual({ keyName: 'x-api-key', keyValue: SECRET_MASK })
  })
  it('never leaks a secret anywhere in the masked config', () => {
    for (const config of [basic, oauth, apiKey]) {
      const text = JSON.stringify(maskSecrets(config))
      for (const secret of ['hunter2', 'whsec_abc', 'oauth-secret', 'k-123']) expect(text).not.toContain(secret)
    }
  })
  it('shows env var names as they are (they are not secrets)', () => {
    const config: WebhookConfig = { ...base, auth: { authType: 'BASIC', basicAuthConfig: { username: 'u', password: 'HOOK_PASSWORD', passwordIsEnvVar: true } } }
    expect(maskSecrets(config).auth?.basicAuthConfig?.password).toBe('HOOK_PASSWORD')
  })
  it('leaves unset secrets unset', () => {
    const masked = maskSecrets({ ...base, auth: { authType: 'API_KEY', apiKeyConfig: { keyName: 'k' } } })
    expect(masked.auth?.apiKeyConfig).toEqual({ keyName: 'k' })
    expect(masked).not.toHaveProperty('signingSecret')
  })
  it('does not modify its input', () => {
    maskSecrets(basic)
    expect(basic.auth?.basicAuthConfig?.password).toBe('hunter2')
  })
})

describe('keepMaskedSecrets', () => {
  it('round trip: a masked config sent back unchanged keeps every stored secret', () => {
    for (const stored of [basic, oauth, apiKey]) expect(keepMaskedSecrets(maskSecrets(stored), stored)).toEqual(stored)
  })
  it('a new value replaces the stored secret', () => {
    const incoming = { ...maskSecrets(basic), auth: { authType: 'BASIC' as const, basicAuthConfig: { username: 'user', password: 'new-pass' } } }
    const next = keepMaskedSecrets(incoming, basic)
    expect(next.auth?.basicAuthConfig?.password).toBe('new-pass')
    expect(next.signingSecret).toBe('whsec_abc')
  })
  it('an omitted secret stays omitted (the update removes it)', () => {
    const next = keepMaskedSecrets({ ...base, auth: { authType: 'BASIC', basicAuthConfig: { username: 'user' } } }, basic)
    expect(next.auth?.basicAuthConfig).toEqual({ username: 'user' })
    expect(next).not.toHaveProperty('signingSecret')
  })
  it('never stores the mask itself when nothing was stored', () => {
    const next = keepMaskedSecrets({ ...base, signingSecret: SECRET_MASK, auth: { authType: 'API_KEY', apiKeyConfig: { keyName: 'k', keyValue: SECRET_MASK } } }, { ...base })
    expect(next).not.toHaveProperty('signingSecret')
    expect(next.auth?.apiKeyConfig).toEqual({ keyName: 'k' })
  })
})

describe('resolveSecret', () => {
  it('returns a literal secret as is', () => {
    expect(resolveSecret('hunter2', false, {})).toBe('hunter2')
    expect(resolveSecret('hunter2', undefined, {})).toBe('hunter2')
  })
  it('reads the named env var when isEnvVar', () => {
    expect(resolveSecret('HOOK_PASSWORD', true, { HOOK_PASSWORD: 's3cret' })).toBe('s3cret')
  })
  it('returns undefined when the env var is not set', () => {
    expect(resolveSecret('HOOK_PASSWORD', true, {})).toBeUndefined()
    expect(resolveSecret(undefined, true, { HOOK_PASSWORD: 'x' })).toBeUndefined()
  })
  it('reads process.env at call time by default', () => {
    const name = 'EPILOT_ENGINE_TEST_SECRET'
    process.env[name] = 'first'
    expect(resolveSecret(name, true)).toBe('first')
    process.env[name] = 'rotated'
    expect(resolveSecret(name, true)).toBe('rotated')
    delete process.env[name]
  })
})
