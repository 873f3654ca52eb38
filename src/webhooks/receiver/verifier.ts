import type { CryptoBackend, SignatureCheck, SyncCryptoBackend } from '../signature/backend'
import { DEFAULT_TOLERANCE_SECONDS, HEADER_ID, HEADER_SIGNATURE, HEADER_TIMESTAMP } from '../signature/constants'
import { WebhookVerificationError } from '../signature/errors'
import {
  checkMessage,
  matchAsync,
  matchSync,
  parseKeyMaterial,
  type CheckedMessage,
  type PreparedKeys,
} from '../signature/verify'
import { normalizeBody, parsePayload } from './body'
import { readHeader } from './headers'
import { createMemoryReplayStore } from './replay-store'
import type {
  PublicKeyProvider,
  ReplayStore,
  VerifiedDelivery,
  VerifierOptions,
  WebhookRequestParts,
  WebhookVerifier,
} from './types'

type SyncCheck = (signature: Uint8Array, content: Uint8Array) => boolean

/** True for an object that looks like a {@link PublicKeyProvider}. */
export function isPublicKeyProvider(value: unknown): value is PublicKeyProvider {
  return typeof value === 'object' && value !== null && typeof (value as PublicKeyProvider).getPublicKeys === 'function'
}

function isSyncBackend(backend: CryptoBackend): backend is SyncCryptoBackend {
  return backend.name === 'node'
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

// Prepared key objects shared by all verifiers (and one-shot calls) of a backend, keyed by the key text.
const preparedByBackend = new WeakMap<CryptoBackend, Map<string, SignatureCheck | Promise<SignatureCheck>>>()
const MAX_CACHED_KEYS = 64

function prepared(backend: CryptoBackend, kind: 'ed25519' | 'hmac', text: string, raw: () => Uint8Array) {
  let cache = preparedByBackend.get(backend)
  if (!cache) preparedByBackend.set(backend, (cache = new Map()))
  const cacheKey = `${kind}:${text}`
  let check = cache.get(cacheKey)
  if (!check) {
    if (cache.size >= MAX_CACHED_KEYS) cache.clear()
    check = kind === 'ed25519' ? backend.ed25519(raw()) : backend.hmacSha256(raw())
    // Surfaced when a verification awaits it; this only keeps an early failure from being "unhandled".
    if (isPromise(check)) check.catch(() => undefined)
    cache.set(cacheKey, check)
  }
  return check
}

function staticKeyTexts(options: VerifierOptions): { publicKeys: string[]; secrets: string[]; provider?: PublicKeyProvider } {
  const publicKeys = [...(options.publicKeys ?? [])]
  let provider: PublicKeyProvider | undefined
  if (isPublicKeyProvider(options.publicKey)) provider = options.publicKey
  else if (options.publicKey !== undefined) publicKeys.unshift(options.publicKey)
  const secrets = options.secret === undefined ? [] : typeof options.secret === 'string' ? [options.secret] : [...options.secret]
  if (publicKeys.length === 0 && secrets.length === 0 && !provider) {
    throw new WebhookVerificationError('invalid_key', 'Configure publicKey, publicKeys or secret to verify webhooks.')
  }
  return provider ? { publicKeys, secrets, provider } : { publicKeys, secrets }
}

let sharedReplayStore: ReplayStore | undefined

function replayStoreOf(option: VerifierOptions['replay'], now: (() => number) | undefined): ReplayStore | undefined {
  if (option !== true) return option || undefined
  // The store must expire ids on the verifier's clock; only the real clock can share one process-wide store.
  return now ? createMemoryReplayStore({ now }) : (sharedReplayStore ??= createMemoryReplayStore())
}

/**
 * Builds a verifier on the given crypto backend. Keys are parsed here (bad keys throw `invalid_key` now, not
 * per request) and imported into the backend's key objects once.
 */
export function createVerifierWith<T = unknown>(backend: CryptoBackend, options: VerifierOptions): WebhookVerifier<T> {
  const { publicKeys, secrets, provider } = staticKeyTexts(options)
  const material = parseKeyMaterial(publicKeys, secrets)
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS
  if (!(toleranceSeconds >= 0)) throw new TypeError('toleranceSeconds must be a non-negative number.')
  const now = options.now ?? Date.now
  const replay = replayStoreOf(options.replay, options.now)

  const staticChecks = {
    ed25519: publicKeys.map((text, i) => prepared(backend, 'ed25519', text, () => material.ed25519[i] as Uint8Array)),
    hmac: secrets.map((text, i) => prepared(backend, 'hmac', text, () => material.hmac[i] as Uint8Array)),
  }
  let staticKeys: Promise<PreparedKeys> | undefined

  const providerChecks = (texts: readonly string[]): Promise<SignatureCheck[]> =>
    Promise.all(texts.map((text) => prepared(backend, 'ed25519', text, () => parseKeyMaterial([text], []).ed25519[0] as Uint8Array)))

  const keysWith = async (providerKeys: readonly string[]): Promise<PreparedKeys> => {
    staticKeys ??= Promise.all([Promise.all(staticChecks.ed25519), Promise.all(staticChecks.hmac)]).then(([ed25519, hmac]) => ({ ed25519, hmac }))
    const base = await staticKeys
    if (providerKeys.length === 0) return base
    return { ed25519: [...base.ed25519, ...(await providerChecks(providerKeys))], hmac: base.hmac }
  }

  const readMessage = (request: WebhookRequestParts): { message: CheckedMessage; body: string | Uint8Array } => {
    const body = normalizeBody(request.body)
    const headers = request.headers ?? {}
    const message = checkMessage(
      {
        id: readHeader(headers, HEADER_ID),
        timestamp: readHeader(headers, HEADER_TIMESTAMP),
        signature: readHeader(headers, HEADER_SIGNATURE),
      },
      body,
      now(),
      toleranceSeconds,
    )
    return { message, body }
  }

  const replayed = (): WebhookVerificationError =>
    new WebhookVerificationError('replayed', 'This webhook-id was already accepted; the delivery is a replay or a duplicate.')

  const remember = (message: CheckedMessage): void | Promise<void> =>
    replay?.add(message.id, (message.timestamp + toleranceSeconds) * 1000)

  const verifyDelivery = async (request: WebhookRequestParts): Promise<VerifiedDelivery<T>> => {
    const { message, body } = readMessage(request)
    const providerKeys = provider ? await provider.getPublicKeys() : []
    let version
    try {
      version = await matchAsync(message, await keysWith(providerKeys))
    } catch (err) {
      const rotated = provider && err instanceof WebhookVerificationError && err.code === 'no_matching_signature' ? await provider.refresh() : undefined
      if (!rotated) throw err
      version = await matchAsync(message, await keysWith(rotated))
    }
    const payload = parsePayload<T>(body)
    if (replay) {
      // With a synchronous store, has+add run without yielding, so concurrent duplicates cannot both pass.
      const seen = replay.has(message.id)
      if (isPromise(seen) ? await seen : seen) throw replayed()
      await remember(message)
    }
    return { payload, id: message.id, timestamp: message.timestamp, version }
  }

  const verifySync = (request: WebhookRequestParts): VerifiedDelivery<T> => {
    if (!isSyncBackend(backend)) {
      throw new TypeError('verifySync needs the Node build of @epilot/sdk/webhooks/receiver; use `await verify(...)` here.')
    }
    if (provider) throw new TypeError('verifySync cannot fetch keys; use `await verify(...)` with a key provider.')
    const { message, body } = readMessage(request)
    const version = matchSync(message, staticChecks as PreparedKeys<SyncCheck>)
    const payload = parsePayload<T>(body)
    if (replay) {
      const seen = replay.has(message.id)
      if (isPromise(seen)) throw new TypeError('verifySync needs a synchronous replay store; use `await verify(...)`.')
      if (seen) throw replayed()
      const added = remember(message)
      if (isPromise(added)) void added.catch(() => undefined)
    }
    return { payload, id: message.id, timestamp: message.timestamp, version }
  }

  return {
    verifyDelivery,
    verifySync,
    async verify(request) {
      return (await verifyDelivery(request)).payload
    },
  }
}
