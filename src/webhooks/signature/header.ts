import { fromBase64 } from './bytes'
import { MAX_SIGNATURE_ENTRIES, MAX_SIGNATURE_HEADER_LENGTH, SIGNATURE_VERSIONS, type SignatureVersion } from './constants'
import { WebhookVerificationError } from './errors'

/** One well-formed signature entry of a known version. */
export interface SignatureEntry {
  readonly version: SignatureVersion
  readonly signature: Uint8Array
}

/** The result of reading a `webhook-signature` header. */
export interface ParsedSignatureHeader {
  /** Well-formed entries of versions we know, in header order. */
  readonly entries: readonly SignatureEntry[]
  /** Entries of a known version whose signature is not base64 or has the wrong length. */
  readonly malformed: number
  /** Versions seen that we do not know (skipped, not fatal). */
  readonly unknownVersions: readonly string[]
}

const SIGNATURE_LENGTH: Readonly<Record<SignatureVersion, number>> = { v1a: 64, v1: 32, v1s: 32 }

function isKnownVersion(version: string): version is SignatureVersion {
  return Object.prototype.hasOwnProperty.call(SIGNATURE_VERSIONS, version)
}

/**
 * Splits a `webhook-signature` header into entries. Throws `malformed_signature` when the header is oversized
 * (longer than 8 KiB or more than 20 entries); unknown versions and broken entries are reported, not thrown,
 * so that one good entry still lets the message through.
 */
export function parseSignatureHeader(header: string): ParsedSignatureHeader {
  if (header.length > MAX_SIGNATURE_HEADER_LENGTH) {
    throw new WebhookVerificationError(
      'malformed_signature',
      `The webhook-signature header is longer than ${MAX_SIGNATURE_HEADER_LENGTH} characters.`,
    )
  }
  const tokens = header.split(/\s+/).filter((token) => token.length > 0)
  if (tokens.length > MAX_SIGNATURE_ENTRIES) {
    throw new WebhookVerificationError(
      'malformed_signature',
      `The webhook-signature header lists more than ${MAX_SIGNATURE_ENTRIES} signatures.`,
    )
  }
  const entries: SignatureEntry[] = []
  const unknownVersions: string[] = []
  let malformed = 0
  for (const token of tokens) {
    const comma = token.indexOf(',')
    const version = comma === -1 ? token : token.slice(0, comma)
    if (!isKnownVersion(version)) {
      unknownVersions.push(version.slice(0, 16))
      continue
    }
    const signature = comma === -1 ? undefined : fromBase64(token.slice(comma + 1))
    if (!signature || signature.length !== SIGNATURE_LENGTH[version]) {
      malformed++
      continue
    }
    entries.push({ version, signature })
  }
  return { entries, malformed, unknownVersions }
}
