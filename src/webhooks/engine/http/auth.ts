/**
 * Bearer-token authentication: `Authorization: Bearer <token>`, compared in constant time.
 * Tokens never appear in errors or logs.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { UnauthorizedError } from '../errors'

/** Accepted tokens: a fixed list, or a function deciding per token (e.g. a lookup in your token store). */
export type TokenCheck = string[] | ((token: string) => boolean | Promise<boolean>)

/** Checks a request's bearer token; throws `UnauthorizedError` (401) when it is missing or not accepted. */
export type Authenticator = (headers: IncomingHttpHeaders) => Promise<void>

const CHALLENGE = Object.freeze({ 'WWW-Authenticate': 'Bearer' })

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest()
}

/** A random token for servers started without one (32 random bytes, base64url). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url')
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. The scheme is case-insensitive. */
function bearerToken(header: string | undefined): string | undefined {
  if (!header || header.length < 8) return undefined
  if (header.slice(0, 7).toLowerCase() !== 'bearer ') return undefined
  const token = header.slice(7).trim()
  return token === '' ? undefined : token
}

/**
 * Builds the authenticator. A token list is hashed once; each presented token is hashed and compared against
 * every entry with `timingSafeEqual` (equal-length digests, no early exit), so timing reveals neither the
 * token nor how much of it matched.
 */
export function createAuthenticator(tokens: TokenCheck): Authenticator {
  let accepts: (token: string) => boolean | Promise<boolean>
  if (typeof tokens === 'function') {
    accepts = tokens
  } else {
    if (tokens.length === 0 || tokens.some((t) => typeof t !== 'string' || t.trim() === '')) {
      throw new TypeError('tokens must be a non-empty list of non-empty strings (or a function that checks a token)')
    }
    const digests = tokens.map(digest)
    accepts = (token) => {
      const presented = digest(token)
      let match = false
      for (const known of digests) match = timingSafeEqual(presented, known) || match
      return match
    }
  }
  return async (headers) => {
    const token = bearerToken(headers.authorization)
    if (token === undefined) {
      throw new UnauthorizedError('Missing bearer token: send Authorization: Bearer <token>', CHALLENGE)
    }
    if (!(await accepts(token))) {
      throw new UnauthorizedError('The bearer token was not accepted; check the token the server was started with', CHALLENGE)
    }
  }
}
