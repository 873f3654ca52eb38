/**
 * The WebCrypto path (browsers, workers, Deno, Bun, edge runtimes). Falls back to @noble/ed25519 per key when
 * the runtime's WebCrypto cannot import Ed25519 keys.
 */
import type { CryptoBackend, SignatureCheck } from './backend'
import { fromBase64 } from './bytes'
import { signedBytes } from './content'
import { nobleBackend } from './noble'
import { asBufferSource, webCryptoHmac } from './web-hmac'

const ED25519 = { name: 'Ed25519' } as const

/** WebCrypto implementation of the verification primitives, with noble as the Ed25519 fallback. */
export const webCryptoBackend: CryptoBackend = {
  name: 'webcrypto',
  async ed25519(rawPublicKey) {
    let key: CryptoKey
    try {
      key = await crypto.subtle.importKey('raw', asBufferSource(rawPublicKey), ED25519, false, ['verify'])
    } catch {
      return nobleBackend.ed25519(rawPublicKey)
    }
    const check: SignatureCheck = async (signature, content) => {
      const bytes = fromBase64(signature)
      if (!bytes) return false
      try {
        return await crypto.subtle.verify(ED25519, key, asBufferSource(bytes), asBufferSource(signedBytes(content)))
      } catch {
        return false
      }
    }
    return check
  },
  hmacSha256: webCryptoHmac,
}
