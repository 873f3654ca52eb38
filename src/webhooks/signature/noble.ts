/**
 * The pure-JS Ed25519 path (@noble/ed25519, strict RFC 8032 checks so it agrees with OpenSSL), for runtimes
 * whose WebCrypto lacks Ed25519. HMAC still uses WebCrypto, which every such runtime has.
 */
import { verifyAsync } from '@noble/ed25519'
import type { CryptoBackend } from './backend'
import { fromBase64 } from './bytes'
import { signedBytes } from './content'
import { webCryptoHmac } from './web-hmac'

/** @noble/ed25519 implementation of Ed25519 verification. */
export const nobleBackend: CryptoBackend = {
  name: 'noble',
  ed25519(rawPublicKey) {
    const key = rawPublicKey.slice()
    return async (signature, content) => {
      const bytes = fromBase64(signature)
      if (!bytes) return false
      try {
        return await verifyAsync(bytes, signedBytes(content), key, { zip215: false })
      } catch {
        return false
      }
    }
  },
  hmacSha256: webCryptoHmac,
}
