/** A value or a promise of it: the Node path answers synchronously, WebCrypto and noble asynchronously. */
export type MaybePromise<T> = T | Promise<T>

/** Checks one signature against the signed content with one prepared key. Never throws for bad input. */
export type SignatureCheck = (signature: Uint8Array, content: Uint8Array) => MaybePromise<boolean>

/** Name of a crypto implementation. */
export type CryptoBackendName = 'node' | 'webcrypto' | 'noble'

/**
 * One implementation of the two primitives verification needs. Keys are prepared once (imported into the
 * runtime's key objects) and the returned checks are reused for every message.
 */
export interface CryptoBackend {
  readonly name: CryptoBackendName
  /** Prepares an Ed25519 check for a raw 32-byte public key. */
  ed25519(rawPublicKey: Uint8Array): MaybePromise<SignatureCheck>
  /** Prepares an HMAC-SHA256 check (constant-time) for the key bytes. */
  hmacSha256(key: Uint8Array): MaybePromise<SignatureCheck>
}

/** A backend whose key preparation and checks are synchronous (node:crypto). */
export interface SyncCryptoBackend extends CryptoBackend {
  ed25519(rawPublicKey: Uint8Array): (signature: Uint8Array, content: Uint8Array) => boolean
  hmacSha256(key: Uint8Array): (signature: Uint8Array, content: Uint8Array) => boolean
}
