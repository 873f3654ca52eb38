/**
 * `testOAuth`: one client-credentials token request with a config's saved OAuth settings, reported as
 * `{ success, expires_in, token_type, message }` — never the token. The request does not touch the token cache
 * that deliveries use, so a test never replaces a token in use.
 */
import type { TestOAuthResult } from '../api'
import type { EngineContext } from '../context'
import { DeliveryFailure } from '../delivery/failure'
import { OAuthTokenCache } from '../delivery/oauth'
import { RequestValidationError } from '../errors'
import { requireTarget } from './configs'

/** Failures that mean the saved settings cannot make a request at all: the caller's to fix (400), not a test result. */
const SETTINGS_PROBLEMS = new Set(['secret_missing'])

export async function testOAuth(ctx: EngineContext, configId: string): Promise<TestOAuthResult> {
  const auth = (await requireTarget(ctx, configId)).stored.config.auth
  if (auth?.authType !== 'OAUTH_CLIENT_CREDENTIALS' || !auth.oauthConfig) {
    throw new RequestValidationError([{ path: 'auth.authType', message: 'is not OAUTH_CLIENT_CREDENTIALS: this config has no OAuth settings to test' }])
  }
  try {
    const grant = await new OAuthTokenCache(auth.oauthConfig, ctx).requestToken()
    return {
      success: true,
      message: 'OAuth token exchange successful',
      ...(grant.expiresInSeconds !== undefined ? { expires_in: grant.expiresInSeconds } : {}),
      ...(grant.tokenType !== undefined ? { token_type: grant.tokenType } : {}),
    }
  } catch (error) {
    if (error instanceof DeliveryFailure && SETTINGS_PROBLEMS.has(error.code)) {
      throw new RequestValidationError([{ path: 'auth.oauthConfig.clientSecret', message: error.message }])
    }
    return { success: false, message: error instanceof Error ? error.message : String(error) }
  }
}
