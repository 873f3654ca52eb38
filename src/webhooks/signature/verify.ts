/**
 * The verification steps shared by every crypto path: header checks, timestamp window, signature header
 * parsing, then "does any listed signature verify with any key". Sync and async forms differ only in the
 * last step.
 */
import type { SignatureCheck, SignedContent, SyncSignatureCheck } from './backend'
import { SIGNATURE_VERSIONS, type SignatureVersion } from './constants'
import { signedContent } from './content'
import { WebhookVerificationError } from './errors'
import { noUsableEntry, parseSignatureHeader, type SignatureEntry } from './header'
import { parsePublicKey, parseSecret, secretProblemMessage } from './keys'

/** Prepared checks per scheme: Ed25519 keys for `v1a`, HMAC keys for `v1`/`v1s`. */
export interface PreparedKeys<Check = SignatureCheck> {
  ed25519: readonly Check[]
  hmac: readonly Check[]
}

/** A message whose headers passed the structural and clock checks; only the signatures remain. */
export interface CheckedMessage {
  id: string
  timestamp: number
  content: SignedContent
  entries: readonly SignatureEntry[]
}

/**
 * Decimal unix seconds of at most 12 digits without leading zeros (`0` itself is fine), so a sender and a
 * receiver can only mean the same signed text. Checked by hand: a regex costs more than the rest of the
 * header checks together.
 */
function isTimestamp(text: string): boolean {
  if (text.length > 12 || (text.charCodeAt(0) === 48 /* 0 */ && text.length > 1)) return false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 48 || code > 57) return false
  }
  return true
}

function isSpace(code: number): boolean {
  return code <= 32
}

/** The header value without surrounding whitespace; `missing_header` when absent or blank. */
function requireHeader(name: string, value: string | undefined): string {
  // trim() only when needed: this runs three times per verification.
  const text = value !== undefined && (isSpace(value.charCodeAt(0)) || isSpace(value.charCodeAt(value.length - 1))) ? value.trim() : value
  if (text === undefined || text === '') throw new WebhookVerificationError('missing_header', `The ${name} header is missing or empty.`)
  return text
}

/**
 * Runs every check that needs no key: headers present, timestamp an integer within `toleranceSeconds` of
 * `nowMs` in either direction (exactly at the edge passes; compared in milliseconds), signature header well
 * formed with at least one entry of a version we know.
 */
export function checkMessage(
  idHeader: string | undefined,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  body: string | Uint8Array,
  nowMs: number,
  toleranceSeconds: number,
): CheckedMessage {
  const id = requireHeader('webhook-id', idHeader)
  const timestampText = requireHeader('webhook-timestamp', timestampHeader)
  const signatures = requireHeader('webhook-signature', signatureHeader)
  if (!isTimestamp(timestampText)) {
    throw new WebhookVerificationError('invalid_timestamp', 'The webhook-timestamp header must be integer unix seconds (digits only, no leading zeros).')
  }
  const timestamp = Number(timestampText)
  const skewMs = nowMs - timestamp * 1000
  if (skewMs > toleranceSeconds * 1000) {
    throw new WebhookVerificationError(
      'timestamp_too_old',
      `The webhook timestamp is more than ${toleranceSeconds}s in the past; check the receiver's clock or raise toleranceSeconds.`,
    )
  }
  if (-skewMs > toleranceSeconds * 1000) {
    throw new WebhookVerificationError(
      'timestamp_too_new',
      `The webhook timestamp is more than ${toleranceSeconds}s in the future; check the receiver's clock or raise toleranceSeconds.`,
    )
  }
  const entries = parseSignatureHeader(signatures)
  if (entries.length === 0) throw noUsableEntry(signatures)
  return { id, timestamp, content: signedContent(id, timestampText, body), entries }
}

function checksFor<Check>(keys: PreparedKeys<Check>, version: SignatureVersion): readonly Check[] {
  return SIGNATURE_VERSIONS[version] === 'ed25519' ? keys.ed25519 : keys.hmac
}

function noMatch(): WebhookVerificationError {
  return new WebhookVerificationError(
    'no_matching_signature',
    'No signature in the webhook-signature header matches the configured keys; check the key (and that the body is the raw body as received).',
  )
}

/** Returns the version of the first entry that verifies; throws `no_matching_signature` if none does. */
export function matchSync(
  message: CheckedMessage,
  keys: PreparedKeys<SyncSignatureCheck>,
): SignatureVersion {
  for (const entry of message.entries) {
    for (const check of checksFor(keys, entry.version)) {
      if (check(entry.signature, message.content)) return entry.version
    }
  }
  throw noMatch()
}

/** Async form of {@link matchSync}. */
export async function matchAsync(message: CheckedMessage, keys: PreparedKeys): Promise<SignatureVersion> {
  for (const entry of message.entries) {
    for (const check of checksFor(keys, entry.version)) {
      if (await check(entry.signature, message.content)) return entry.version
    }
  }
  throw noMatch()
}

/** Parses key strings into raw bytes, throwing `invalid_key` (without echoing the key) on the first bad one. */
export function parseKeyMaterial(publicKeys: readonly string[], secrets: readonly string[]): { ed25519: Uint8Array[]; hmac: Uint8Array[] } {
  const ed25519 = publicKeys.map((text, index) => {
    const raw = parsePublicKey(text)
    if (!raw) {
      throw new WebhookVerificationError(
        'invalid_key',
        `Public key #${index + 1} is not an Ed25519 SPKI PEM, a whpk_ key or base64 of 32 bytes.`,
      )
    }
    return raw
  })
  const hmac = secrets.map((text, index) => {
    const bytes = parseSecret(text)
    if (typeof bytes === 'string') throw new WebhookVerificationError('invalid_key', secretProblemMessage(`Secret #${index + 1}`, bytes))
    return bytes
  })
  return { ed25519, hmac }
}
