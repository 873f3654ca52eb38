import { isCanonicalBase64 } from './bytes'
import { MAX_SIGNATURE_ENTRIES, MAX_SIGNATURE_HEADER_LENGTH, type SignatureVersion } from './constants'
import { WebhookVerificationError } from './errors'

/** One well-formed signature entry of a known version. */
export interface SignatureEntry {
  readonly version: SignatureVersion
  /** The signature as canonical base64 of the version's length (checked, not yet decoded). */
  readonly signature: string
}

const SIGNATURE_LENGTH: Readonly<Record<SignatureVersion, number>> = { v1a: 64, v1: 32, v1s: 32 }

function isKnownVersion(version: string): version is SignatureVersion {
  // Compared directly (not `in SIGNATURE_VERSIONS`): cheaper, and no prototype names can match.
  return version === 'v1' || version === 'v1a' || version === 'v1s'
}

/** True when the header has no space, tab, CR or LF, i.e. is a single token. */
function isOneToken(header: string): boolean {
  for (let i = 0; i < header.length; i++) if (header.charCodeAt(i) <= 32) return false
  return true
}

/** Tab, CR and LF count as the space that separates entries (the spec says space; HTTP allows tabs there). */
function withSpaces(header: string): string {
  if (header.indexOf('\t') === -1 && header.indexOf('\n') === -1 && header.indexOf('\r') === -1) return header
  return header.replace(/[\t\r\n]/g, ' ')
}

/**
 * The header's entries as a flat list `[version, signature, version, signature, …]`, where a token that is
 * not whole `version,signature` pairs contributes `[its first part, undefined]`.
 *
 * The spec's list is space-separated (`v1,<a> v1a,<b>`). Node and Fetch join a repeated header with `", "`,
 * so a token may also hold several pairs separated by commas, with at most one trailing comma. A token such
 * as `v1,<sig>,extra` is not whole pairs: a malformed entry. Throws `malformed_signature` when the header is
 * oversized (longer than 8 KiB or more than 20 entries). Scans with indexOf and slices only the parts: this
 * runs once per verification.
 */
function pairs(header: string): Array<string | undefined> {
  if (header.length > MAX_SIGNATURE_HEADER_LENGTH) {
    throw new WebhookVerificationError('malformed_signature', `The webhook-signature header is longer than ${MAX_SIGNATURE_HEADER_LENGTH} characters.`)
  }
  const text = withSpaces(header)
  const out: Array<string | undefined> = []
  for (let start = 0, end = 0; start < text.length; start = end + 1) {
    end = text.indexOf(' ', start)
    if (end === -1) end = text.length
    if (end === start) continue
    const stop = end - start > 1 && text.charCodeAt(end - 1) === 44 /* , */ ? end - 1 : end
    const first = out.length
    for (let from = start; ; ) {
      const comma = text.indexOf(',', from)
      const partEnd = comma === -1 || comma > stop ? stop : comma
      out.push(text.slice(from, partEnd))
      if (partEnd === stop) break
      from = partEnd + 1
    }
    if ((out.length - first) % 2 === 1) {
      out.length = first + 1
      out.push(undefined)
    }
    if (out.length > 2 * MAX_SIGNATURE_ENTRIES) {
      throw new WebhookVerificationError('malformed_signature', `The webhook-signature header lists more than ${MAX_SIGNATURE_ENTRIES} signatures.`)
    }
  }
  return out
}


/**
 * The well-formed entries of known versions, in header order. Unknown versions and broken entries are
 * skipped, so that one good entry still lets the message through; {@link noUsableEntry} explains an empty
 * result.
 */
export function parseSignatureHeader(header: string): SignatureEntry[] {
  // The usual header is one `version,signature` pair: read it without the general scan.
  const comma = header.indexOf(',')
  if (comma > 0 && header.length <= MAX_SIGNATURE_HEADER_LENGTH && header.indexOf(',', comma + 1) === -1 && isOneToken(header)) {
    const version = header.slice(0, comma)
    const signature = header.slice(comma + 1)
    return isKnownVersion(version) && isCanonicalBase64(signature, SIGNATURE_LENGTH[version]) ? [{ version, signature }] : []
  }
  const list = pairs(header)
  const entries: SignatureEntry[] = []
  for (let i = 0; i < list.length; i += 2) {
    const version = list[i] as string
    if (!isKnownVersion(version)) continue
    const signature = list[i + 1]
    if (signature !== undefined && isCanonicalBase64(signature, SIGNATURE_LENGTH[version])) entries.push({ version, signature })
  }
  return entries
}

/** Why a header gave no usable entry: `malformed_signature` if a known version was broken, else the versions seen. */
export function noUsableEntry(header: string): WebhookVerificationError {
  const list = pairs(header)
  const unknown: string[] = []
  for (let i = 0; i < list.length; i += 2) {
    const version = list[i] as string
    if (isKnownVersion(version)) {
      return new WebhookVerificationError('malformed_signature', 'No entry of the webhook-signature header is valid base64 of the right length.')
    }
    unknown.push(version.slice(0, 16))
  }
  return new WebhookVerificationError(
    'no_matching_signature',
    `The webhook-signature header has no v1a, v1 or v1s entry (saw: ${unknown.join(', ') || 'none'}).`,
  )
}
