import type { CryptoBackend, SignatureCheck, SyncCryptoBackend, SyncSignatureCheck } from '../signature/backend'
import { HEADER_ID, HEADER_SIGNATURE, HEADER_TIMESTAMP } from '../signature/constants'
import { WebhookVerificationError } from '../signature/errors'
import { checkMessage, matchAsync, matchSync, parseKeyMaterial, type CheckedMessage, type PreparedKeys } from '../signature/verify'
import { bodyText, normalizeBody, parsePayload } from './body'
import { readHeader } from './headers'
import { createBoundedCache, type BoundedCache } from './key-cache'
import type { VerifiedDelivery, VerifierOptions, WebhookRequestParts, WebhookVerifier } from './types'
import { readOptions } from './verifier-options'

function isSyncBackend(backend: CryptoBackend): backend is SyncCryptoBackend {
  return backend.name === 'node'
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

type Prepared = SignatureCheck | Promise<SignatureCheck>

/** Most prepared keys kept per backend: plenty for rotation, bounded for processes that see ever new keys. */
export const MAX_CACHED_KEYS = 64

// Prepared key objects shared by all verifiers (and one-shot calls) of a backend, keyed by the key text.
const preparedByBackend = new WeakMap<CryptoBackend, BoundedCache<Prepared>>()

function prepared(backend: CryptoBackend, kind: 'ed25519' | 'hmac', text: string, raw: () => Uint8Array): Prepared {
  let cache = preparedByBackend.get(backend)
  if (!cache) preparedByBackend.set(backend, (cache = createBoundedCache(MAX_CACHED_KEYS)))
  const cacheKey = `${kind}:${text}`
  let check = cache.get(cacheKey)
  if (!check) {
    check = kind === 'ed25519' ? backend.ed25519(raw()) : backend.hmacSha256(raw())
    // Surfaced when a verification awaits it; this only keeps an early failure from being "unhandled".
    if (isPromise(check)) check.catch(() => undefined)
    cache.set(cacheKey, check)
  }
  return check
}

function replayed(): WebhookVerificationError {
  return new WebhookVerificationError('replayed', 'This webhook-id was already accepted; the delivery is a replay or a duplicate.')
}

function syncUnavailable(why: string): WebhookVerificationError {
  return new WebhookVerificationError('invalid_option', `verifySync ${why}; use \`await verify(...)\` (or verifyWebhook) instead.`)
}

/**
 * Builds a verifier on the given crypto backend. Keys are parsed here (bad keys throw `invalid_key` now, not
 * per request) and imported into the backend's key objects once.
 */
export function createVerifierWith<T = unknown>(backend: CryptoBackend, options: VerifierOptions): WebhookVerifier<T> {
  const { publicKeys, secrets, provider, toleranceSeconds, now, replay, parse } = readOptions(options)
  const material = parseKeyMaterial(publicKeys, secrets)
  const toPayload = (parse ? parsePayload : bodyText) as (body: string | Uint8Array) => T

  const staticChecks = {
    ed25519: publicKeys.map((text, i) => prepared(backend, 'ed25519', text, () => material.ed25519[i] as Uint8Array)),
    hmac: secrets.map((text, i) => prepared(backend, 'hmac', text, () => material.hmac[i] as Uint8Array)),
  }
  // On node:crypto with static keys every step is synchronous: `verifySync`, and a `verify` without awaits.
  const syncChecks = isSyncBackend(backend) && !provider ? (staticChecks as PreparedKeys<SyncSignatureCheck>) : undefined
  let staticKeys: Promise<PreparedKeys> | undefined

  const providerChecks = (texts: readonly string[]): Promise<SignatureCheck[]> =>
    Promise.all(texts.map((text) => prepared(backend, 'ed25519', text, () => parseKeyMaterial([text], []).ed25519[0] as Uint8Array)))

  const keysWith = async (providerKeys: readonly string[]): Promise<PreparedKeys> => {
    staticKeys ??= Promise.all([Promise.all(staticChecks.ed25519), Promise.all(staticChecks.hmac)]).then(([ed25519, hmac]) => ({ ed25519, hmac }))
    const base = await staticKeys
    if (providerKeys.length === 0) return base
    return { ed25519: [...base.ed25519, ...(await providerChecks(providerKeys))], hmac: base.hmac }
  }

  const readMessage = (request: WebhookRequestParts): CheckedMessage => {
    const body = normalizeBody(request?.body)
    const headers = request.headers ?? {}
    return checkMessage(
      readHeader(headers, HEADER_ID, 'svix-id'),
      readHeader(headers, HEADER_TIMESTAMP, 'svix-timestamp'),
      readHeader(headers, HEADER_SIGNATURE, 'svix-signature'),
      body,
      now(),
      toleranceSeconds,
    )
  }

  const delivery = (message: CheckedMessage, version: VerifiedDelivery['version']): VerifiedDelivery<T> => ({
    payload: toPayload(message.content.body),
    id: message.id,
    timestamp: message.timestamp,
    version,
  })

  // The id is remembered until its timestamp leaves the window: a replay after that fails the clock check.
  const expiry = (accepted: VerifiedDelivery<T>): number => (accepted.timestamp + toleranceSeconds) * 1000

  /**
   * Rejects a replayed id and remembers a new one; synchronous whenever the store is. With `sync` (verifySync)
   * an async `has` is refused before anything is remembered, and an async `add` is not waited for.
   */
  const admit = (accepted: VerifiedDelivery<T>, sync: boolean): VerifiedDelivery<T> | Promise<VerifiedDelivery<T>> => {
    if (!replay) return accepted
    const record = (seen: boolean): VerifiedDelivery<T> | Promise<VerifiedDelivery<T>> => {
      if (seen) throw replayed()
      const added = replay.add(accepted.id, expiry(accepted))
      if (!isPromise(added)) return accepted
      if (!sync) return added.then(() => accepted)
      added.catch(() => undefined)
      return accepted
    }
    const seen = replay.has(accepted.id)
    if (!isPromise(seen)) return record(seen)
    if (!sync) return seen.then(record)
    seen.catch(() => undefined)
    throw syncUnavailable('needs a synchronous replay store')
  }

  const checkSync = (request: WebhookRequestParts, checks: PreparedKeys<SyncSignatureCheck>): VerifiedDelivery<T> => {
    const message = readMessage(request)
    return delivery(message, matchSync(message, checks))
  }

  const verifyAsync = async (request: WebhookRequestParts): Promise<VerifiedDelivery<T>> => {
    const message = readMessage(request)
    const providerKeys = provider ? await provider.getPublicKeys() : []
    let version
    try {
      version = await matchAsync(message, await keysWith(providerKeys))
    } catch (err) {
      const rotated = provider && err instanceof WebhookVerificationError && err.code === 'no_matching_signature' ? await provider.refresh() : undefined
      if (!rotated) throw err
      version = await matchAsync(message, await keysWith(rotated))
    }
    return admit(delivery(message, version), false)
  }

  const verifyDelivery = (request: WebhookRequestParts): Promise<VerifiedDelivery<T>> => {
    if (!syncChecks) return verifyAsync(request)
    try {
      return Promise.resolve(admit(checkSync(request, syncChecks), false))
    } catch (err) {
      return Promise.reject(err)
    }
  }

  return {
    verifyDelivery,
    verify(request) {
      if (!syncChecks || replay) return verifyDelivery(request).then((accepted) => accepted.payload)
      // The common case on Node, without the extra promise hop of going through verifyDelivery.
      try {
        return Promise.resolve(checkSync(request, syncChecks).payload)
      } catch (err) {
        return Promise.reject(err)
      }
    },
    verifySync(request) {
      if (!isSyncBackend(backend)) throw syncUnavailable('needs the Node build of @epilot/sdk/webhooks/receiver (node:crypto)')
      if (!syncChecks) throw syncUnavailable('cannot fetch keys from a key provider')
      return admit(checkSync(request, syncChecks), true) as VerifiedDelivery<T>
    },
  }
}
