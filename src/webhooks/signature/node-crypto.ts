/** The node:crypto path: synchronous, native, with key objects built once. Node (and Bun/Deno) only. */
import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  generateKeyPairSync,
  sign,
  timingSafeEqual,
  verify,
  type KeyObject,
} from 'node:crypto'
import type { SyncCryptoBackend } from './backend'
import { ED25519_PKCS8_PREFIX, ED25519_SPKI_PREFIX } from './constants'
import { pkcs8FromSeed, spkiFromRaw } from './keys'

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** node:crypto implementation of the verification primitives. */
export const nodeBackend: SyncCryptoBackend = {
  name: 'node',
  ed25519(rawPublicKey) {
    const key = createPublicKey({ key: toBuffer(spkiFromRaw(rawPublicKey)), format: 'der', type: 'spki' })
    return (signature, content) => {
      if (signature.length !== 64) return false
      try {
        return verify(null, content, key, signature)
      } catch {
        return false
      }
    }
  },
  hmacSha256(keyBytes) {
    const key = createSecretKey(toBuffer(keyBytes))
    return (signature, content) => {
      if (signature.length !== 32) return false
      return timingSafeEqual(createHmac('sha256', key).update(content).digest(), signature)
    }
  },
}

/** A cached Ed25519 private key object built from a raw 32-byte seed. */
export function ed25519PrivateKeyFromSeed(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: toBuffer(pkcs8FromSeed(seed)), format: 'der', type: 'pkcs8' })
}

/** Ed25519 signature (64 bytes) of the content. */
export function signEd25519(privateKey: KeyObject, content: Uint8Array): Buffer {
  return sign(null, content, privateKey)
}

/** A cached HMAC key object. */
export function hmacKey(keyBytes: Uint8Array): KeyObject {
  return createSecretKey(toBuffer(keyBytes))
}

/** HMAC-SHA256 (32 bytes) of the content. */
export function hmacSha256(key: KeyObject, content: Uint8Array): Buffer {
  return createHmac('sha256', key).update(content).digest()
}

/** A fresh Ed25519 key pair as raw seed and raw public key bytes. */
export function generateEd25519(): { seed: Uint8Array; publicKey: Uint8Array } {
  const pair = generateKeyPairSync('ed25519')
  const pkcs8 = pair.privateKey.export({ format: 'der', type: 'pkcs8' })
  const spki = pair.publicKey.export({ format: 'der', type: 'spki' })
  return {
    seed: new Uint8Array(pkcs8.subarray(ED25519_PKCS8_PREFIX.length)),
    publicKey: new Uint8Array(spki.subarray(ED25519_SPKI_PREFIX.length)),
  }
}
