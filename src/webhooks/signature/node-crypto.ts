/** The node:crypto path: synchronous, native, with key objects built once. Node (and Bun/Deno) only. */
import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto'
import type { SignedContent, SyncCryptoBackend } from './backend'
import { equalText } from './bytes'
import { ED25519_PKCS8_PREFIX, ED25519_SPKI_PREFIX } from './constants'
import { pkcs8FromSeed, spkiFromRaw } from './keys'

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/**
 * The signed bytes as one Buffer (Ed25519 takes its message whole), each part UTF-8 encoded straight into it:
 * no joined copy of the body as a string first.
 */
function contentBuffer({ prefix, body }: SignedContent): Buffer {
  if (typeof body !== 'string') return Buffer.concat([Buffer.from(prefix), body])
  const prefixLength = Buffer.byteLength(prefix)
  const out = Buffer.allocUnsafe(prefixLength + Buffer.byteLength(body))
  out.write(prefix, 0)
  out.write(body, prefixLength)
  return out
}

/**
 * HMAC-SHA256 of the signed content. The two parts go to the HMAC one after the other, strings as UTF-8 by
 * node itself: no joined copy of the body is made (the largest cost of a verify after the HMAC itself).
 */
export function hmacSha256(key: KeyObject | Uint8Array, { prefix, body }: SignedContent): Buffer {
  return createHmac('sha256', key).update(prefix).update(body).digest()
}

/** {@link hmacSha256} as base64 text, encoded by node without an intermediate Buffer. */
function hmacSha256Base64(key: Uint8Array, { prefix, body }: SignedContent): string {
  return createHmac('sha256', key).update(prefix).update(body).digest('base64')
}

/** node:crypto implementation of the verification primitives. */
export const nodeBackend: SyncCryptoBackend = {
  name: 'node',
  ed25519(rawPublicKey) {
    const key = createPublicKey({ key: toBuffer(spkiFromRaw(rawPublicKey)), format: 'der', type: 'spki' })
    return (signature, content) => {
      try {
        return verify(null, contentBuffer(content), key, Buffer.from(signature, 'base64'))
      } catch {
        return false
      }
    }
  },
  hmacSha256(keyBytes) {
    // The raw key, not a KeyObject: createHmac starts measurably faster from bytes on Node 20.
    const key = toBuffer(keyBytes.slice())
    // Compared as base64 text in constant time, as the reference libraries compare: the signature needs no
    // decoding (it was checked to be canonical base64, so equal text means equal bytes).
    return (signature, content) => equalText(hmacSha256Base64(key, content), signature)
  },
}

/** A cached Ed25519 private key object built from a raw 32-byte seed. */
export function ed25519PrivateKeyFromSeed(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: toBuffer(pkcs8FromSeed(seed)), format: 'der', type: 'pkcs8' })
}

/** Ed25519 signature (64 bytes) of the signed content. */
export function signEd25519(privateKey: KeyObject, content: SignedContent): Buffer {
  return sign(null, contentBuffer(content), privateKey)
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
