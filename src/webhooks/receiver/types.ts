import type { SignatureVersion } from '../signature/constants'

/** The raw request body exactly as received. Never a parsed object. */
export type WebhookBody = string | Uint8Array | ArrayBuffer | ArrayBufferView

/**
 * Request headers: a Fetch `Headers`, Node's `IncomingHttpHeaders`, or any plain object (any case, array
 * values). `webhook-*` names are read first, then Svix's `svix-id`, `svix-timestamp` and `svix-signature`.
 */
export type WebhookHeadersInput =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>

/** Where the Ed25519 public key comes from when it is fetched rather than configured. */
export interface PublicKeyProvider {
  /** The keys to verify with now (cached). Rejects with `key_unavailable` when none can be had. */
  getPublicKeys(): Promise<readonly string[]>
  /**
   * Called when no configured key verified a message: refetches unless one happened within the minimum
   * interval. Resolves to the new keys, or undefined when nothing was refetched or the key did not change.
   */
  refresh(): Promise<readonly string[] | undefined>
}

/**
 * Remembers webhook ids already accepted, for replay protection. Methods may be sync or async (e.g. Redis).
 * An id only needs to be kept until `expiresAtMs`: after that its timestamp is outside the tolerance anyway.
 */
export interface ReplayStore {
  /** True when `id` was accepted before and has not expired yet. */
  has(id: string): boolean | Promise<boolean>
  /** Remembers an accepted `id` until `expiresAtMs` (milliseconds since the epoch). */
  add(id: string, expiresAtMs: number): void | Promise<void>
}

/** How to verify: the key source(s), clock tolerance, what to return and optional replay protection. */
export interface VerifierOptions {
  /** Ed25519 public key (SPKI PEM, `whpk_…`, or base64 of 32 bytes), or a provider that fetches it. */
  publicKey?: string | PublicKeyProvider
  /** Several Ed25519 public keys, e.g. old and new during a rotation; any one may verify. */
  publicKeys?: string | readonly string[]
  /**
   * HMAC secret(s): base64 key bytes, optionally prefixed `whsec_` (padding optional), as every Standard
   * Webhooks library reads them. Several for rotation.
   */
  secret?: string | readonly string[]
  /** Allowed distance between the signed timestamp and now, both directions, in seconds. Default 300. */
  toleranceSeconds?: number
  /** Clock in milliseconds since the epoch (like `Date.now`); inject one in tests. */
  now?: () => number
  /**
   * Reject a `webhook-id` seen before inside the tolerance window: `true` for the process-wide in-memory
   * store (shared by every verifier and one-shot call, whatever their clock), or your own store.
   */
  replay?: boolean | ReplayStore
  /**
   * `true` (default): the payload is the body parsed as JSON. `false`: the payload is the verified body as
   * text, for any content type (including an empty body).
   */
  parse?: boolean
}

/** {@link VerifierOptions} that return the verified body as text instead of parsed JSON. */
export type RawVerifierOptions = VerifierOptions & { parse: false }

/** A delivery that passed verification. */
export interface VerifiedDelivery<T = unknown> {
  /** The parsed JSON payload (the body as text with `parse: false`). */
  payload: T
  /** The `webhook-id` header: unique per message, use it to deduplicate. */
  id: string
  /** The signed unix timestamp in seconds. */
  timestamp: number
  /** Which signature entry verified. */
  version: SignatureVersion
}

/** What one verification needs from the request. */
export interface WebhookRequestParts {
  /** The raw body exactly as received (not parsed JSON). */
  body: WebhookBody
  /** The request headers. */
  headers: WebhookHeadersInput
}

/** A verifier with its keys parsed once; reuse it for every request. */
export interface WebhookVerifier<T = unknown> {
  /** Verifies a delivery and returns its payload; throws `WebhookVerificationError` otherwise. */
  verify(request: WebhookRequestParts): Promise<T>
  /** Like `verify`, but also returns the webhook id, timestamp and matching signature version. */
  verifyDelivery(request: WebhookRequestParts): Promise<VerifiedDelivery<T>>
  /**
   * Synchronous verification. Available on the Node build with static keys (no key provider) and a
   * synchronous replay store; elsewhere it throws `invalid_option` telling you to use `verify`.
   */
  verifySync(request: WebhookRequestParts): VerifiedDelivery<T>
}
