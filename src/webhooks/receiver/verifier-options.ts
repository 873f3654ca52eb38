/**
 * Reads {@link VerifierOptions} as plain JavaScript may pass them: every wrong type becomes a
 * `WebhookVerificationError` (`invalid_key` for key material, `invalid_option` for the rest) naming the option
 * and what it got, never the value. `null` counts as not given.
 */
import { DEFAULT_TOLERANCE_SECONDS } from '../signature/constants'
import { kindOf, WebhookVerificationError } from '../signature/errors'
import { createMemoryReplayStore } from './replay-store'
import type { PublicKeyProvider, ReplayStore, VerifierOptions } from './types'

/** The options, checked and with defaults filled in. */
interface ReadOptions {
  publicKeys: string[]
  secrets: string[]
  provider?: PublicKeyProvider
  toleranceSeconds: number
  now: () => number
  replay?: ReplayStore
  parse: boolean
}

function invalidOption(message: string): WebhookVerificationError {
  return new WebhookVerificationError('invalid_option', message)
}

function isPublicKeyProvider(value: unknown): value is PublicKeyProvider {
  return typeof value === 'object' && value !== null && typeof (value as PublicKeyProvider).getPublicKeys === 'function'
}

/** A key option as a list of strings: one string is a list of one; anything else is `invalid_key`. */
function keyList(value: unknown, option: string, item: string): string[] {
  if (value === undefined || value === null) return []
  const list: readonly unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : []
  if (typeof value !== 'string' && !Array.isArray(value)) {
    throw new WebhookVerificationError('invalid_key', `${option} must be a string or a list of strings (got ${kindOf(value)}).`)
  }
  return list.map((entry, index) => {
    if (typeof entry !== 'string') throw new WebhookVerificationError('invalid_key', `${item} #${index + 1} must be a string (got ${kindOf(entry)}).`)
    return entry
  })
}

// One process-wide store for `replay: true`. It runs on the real clock: each verifier converts the expiry
// it computes on its own clock into real time (see replayStoreFor), so verifiers and one-shot calls with
// injected clocks share it without one clock sweeping out ids another still needs.
let sharedReplayStore: ReplayStore | undefined

function replayStoreFor(option: unknown, now: () => number): ReplayStore | undefined {
  if (option === undefined || option === null || option === false) return undefined
  if (option === true) {
    const shared = (sharedReplayStore ??= createMemoryReplayStore())
    if (now === Date.now) return shared
    return { has: (id) => shared.has(id), add: (id, expiresAtMs) => shared.add(id, Date.now() + (expiresAtMs - now())) }
  }
  const store = option as Partial<ReplayStore>
  if (typeof store !== 'object' || typeof store.has !== 'function' || typeof store.add !== 'function') {
    throw invalidOption(`replay must be true, false or a store with has(id) and add(id, expiresAtMs) (got ${kindOf(option)}).`)
  }
  return store as ReplayStore
}

/** Checks the options; throws on the first wrong one. */
export function readOptions(options: VerifierOptions): ReadOptions {
  if (typeof options !== 'object' || options === null) {
    throw new WebhookVerificationError('invalid_key', 'Pass options with publicKey, publicKeys or secret to verify webhooks.')
  }
  const provider = isPublicKeyProvider(options.publicKey) ? options.publicKey : undefined
  const publicKeys = [...keyList(provider ? undefined : options.publicKey, 'publicKey', 'Public key'), ...keyList(options.publicKeys, 'publicKeys', 'Public key')]
  const secrets = keyList(options.secret, 'secret', 'Secret')
  if (publicKeys.length === 0 && secrets.length === 0 && !provider) {
    throw new WebhookVerificationError('invalid_key', 'Configure publicKey, publicKeys or secret to verify webhooks.')
  }
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS
  if (typeof toleranceSeconds !== 'number' || !(toleranceSeconds >= 0)) {
    throw invalidOption(`toleranceSeconds must be a non-negative number of seconds (got ${kindOf(toleranceSeconds)}).`)
  }
  const now = options.now ?? Date.now
  if (typeof now !== 'function') throw invalidOption(`now must be a function returning milliseconds since the epoch (got ${kindOf(now)}).`)
  const parse = options.parse ?? true
  if (typeof parse !== 'boolean') throw invalidOption(`parse must be true or false (got ${kindOf(parse)}).`)
  const replay = replayStoreFor(options.replay, now)
  return { publicKeys, secrets, toleranceSeconds, now, parse, ...(provider ? { provider } : {}), ...(replay ? { replay } : {}) }
}
