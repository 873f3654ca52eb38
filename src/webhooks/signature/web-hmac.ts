import type { SignatureCheck } from './backend'
import { fromBase64 } from './bytes'
import { signedBytes } from './content'

/** Views any byte array as the ArrayBuffer-backed Uint8Array WebCrypto's types ask for. */
export function asBufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer
    ? (bytes as Uint8Array<ArrayBuffer>)
    : (new Uint8Array(bytes) as Uint8Array<ArrayBuffer>)
}

/** WebCrypto HMAC-SHA256 check; `subtle.verify` compares in constant time. */
export async function webCryptoHmac(keyBytes: Uint8Array): Promise<SignatureCheck> {
  const key = await crypto.subtle.importKey('raw', asBufferSource(keyBytes), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'verify',
  ])
  return async (signature, content) => {
    const bytes = fromBase64(signature)
    return bytes !== undefined && crypto.subtle.verify('HMAC', key, asBufferSource(bytes), asBufferSource(signedBytes(content)))
  }
}
