/** A value or a promise of it: the Node path answers synchronously, WebCrypto and noble asynchronously. */
type MaybePromise<T> = T | Promise<T>

/**
 * What a signature covers: the UTF-8 of `prefix` (`${id}.${timestamp}.`) followed by the body as sent. Kept in
 * two parts so a backend can feed them to its primitive without first copying them into one buffer.
 */
export interface SignedContent {
  readonly prefix: string
  readonly body: string | Uint8Array
}

/**
 * Checks one signature against the signed content with one prepared key. The signature comes as the
 * canonical base64 text of the scheme's length (64 bytes Ed25519, 32 HMAC), as the header parser checked it:
 * each backend decodes it, or not, as suits it. Never throws for bad input.
 */
export type SignatureCheck = (signature: string, content: SignedContent) => MaybePromise<boolean>

/** The synchronous form of {@link SignatureCheck} (node:crypto). */
export type SyncSignatureCheck = (signature: string, content: SignedContent) => boolean

/** Name of a crypto implementation. */
type CryptoBackendName = 'node' | 'webcrypto' | 'noble'

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
  ed25519(rawPublicKey: Uint8Array): SyncSignatureCheck
  hmacSha256(key: Uint8Array): SyncSignatureCheck
}
