import { fromBase64 } from './bytes'
import { MAX_SIGNATURE_ENTRIES, MAX_SIGNATURE_HEADER_LENGTH, SIGNATURE_VERSIONS, type SignatureVersion } from './constants'
import { WebhookVerificationError } from './errors'

/** One well-formed signature entry of a known version. */
export interface SignatureEntry {
  readonly version: SignatureVersion
  readonly signature: Uint8Array
}

/** The result of reading a `webhook-signature` header. */
interface ParsedSignatureHeader {
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

/** Space, tab, CR, LF: what separates entries (the spec says space; HTTP allows tabs there too). */
function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13
}

function tooMany(): WebhookVerificationError {
  return new WebhookVerificationError('malformed_signature', `The webhook-signature header lists more than ${MAX_SIGNATURE_ENTRIES} signatures.`)
}

/**
 * Splits a `webhook-signature` header into entries. The spec's list is space-separated (`v1,<a> v1a,<b>`);
 * Node and Fetch join a repeated header with `", "`, so a token may also hold several `version,signature`
 * pairs separated by commas, with at most one trailing comma. A token that is not whole pairs (e.g.
 * `v1,<sig>,extra`) is a malformed entry. Throws `malformed_signature` when the header is oversized (longer
 * than 8 KiB or more than 20 entries); unknown versions and broken entries are reported, not thrown, so that
 * one good entry still lets the message through.
 */
export function parseSignatureHeader(header: string): ParsedSignatureHeader {
  if (header.length > MAX_SIGNATURE_HEADER_LENGTH) {
    throw new WebhookVerificationError(
      'malformed_signature',
      `The webhook-signature header is longer than ${MAX_SIGNATURE_HEADER_LENGTH} characters.`,
    )
  }
  const entries: SignatureEntry[] = []
  const unknownVersions: string[] = []
  let malformed = 0
  let count = 0
  const version = (name: string): SignatureVersion | undefined => {
    if (++count > MAX_SIGNATURE_ENTRIES) throw tooMany()
    if (isKnownVersion(name)) return name
    unknownVersions.push(name.slice(0, 16))
    return undefined
  }
  for (let start = 0, end = 0; start < header.length; start = end) {
    while (start < header.length && isSpace(header.charCodeAt(start))) start++
    end = start
    while (end < header.length && !isSpace(header.charCodeAt(end))) end++
    if (start === end) break
    const parts = header.slice(start, header.charCodeAt(end - 1) === 44 /* , */ && end - start > 1 ? end - 1 : end).split(',')
    if (parts.length % 2 === 1) {
      if (version(parts[0] as string)) malformed++
      continue
    }
    for (let i = 0; i < parts.length; i += 2) {
      const known = version(parts[i] as string)
      if (!known) continue
      const signature = fromBase64(parts[i + 1] as string)
      if (signature?.length === SIGNATURE_LENGTH[known]) entries.push({ version: known, signature })
      else malformed++
    }
  }
  return { entries, malformed, unknownVersions }
}
