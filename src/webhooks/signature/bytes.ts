/** Portable byte helpers (no Buffer, no node: imports) shared by every crypto path. */

const encoder = new TextEncoder()
// Stateless between calls (no `stream` option), so one instance serves every decode. `ignoreBOM` keeps a
// leading U+FEFF in the text: the caller decides what a BOM means (see receiver/body.ts).
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text)
}

/** Decodes UTF-8 exactly (a leading BOM stays in the text), throwing on invalid sequences. */
export function decodeUtf8(bytes: Uint8Array): string {
  return strictDecoder.decode(bytes)
}

/** Concatenates byte arrays into a new one. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0
  for (const part of parts) length += part.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
// Value of each base64 character code; 255 for characters outside the standard alphabet.
const VALUE = new Uint8Array(128).fill(255)
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i

function valueAt(text: string, index: number): number {
  const code = text.charCodeAt(index)
  return code < 128 ? (VALUE[code] as number) : 255
}

/**
 * How strictly {@link fromBase64} reads: `canonical` (signatures, keys) wants the padding and zero unused low
 * bits in the last character, so each byte string has exactly one accepted text, the one the reference
 * libraries compare signatures by; `lenient` (secrets) also takes the text without padding and ignores
 * those bits, as the Standard Webhooks libraries do when they decode a secret.
 */
type Base64Mode = 'canonical' | 'lenient'

/** Decodes standard base64 (alphabet `A–Z a–z 0–9 + /`); undefined for anything else. */
export function fromBase64(text: string, mode: Base64Mode = 'canonical'): Uint8Array | undefined {
  const lenient = mode === 'lenient'
  let length = text.length
  if (length > 0 && text.charCodeAt(length - 1) === 61 /* = */) length -= text.charCodeAt(length - 2) === 61 ? 2 : 1
  const padding = text.length - length
  const rest = length % 4
  if (rest === 1) return undefined
  if (padding > 0 ? (length + padding) % 4 !== 0 : rest !== 0 && !lenient) return undefined
  const out = new Uint8Array((length * 3) >> 2)
  let o = 0
  let i = 0
  for (const whole = length - rest; i < whole; i += 4) {
    const a = valueAt(text, i)
    const b = valueAt(text, i + 1)
    const c = valueAt(text, i + 2)
    const d = valueAt(text, i + 3)
    if ((a | b | c | d) > 63) return undefined
    out[o++] = (a << 2) | (b >> 4)
    out[o++] = ((b & 15) << 4) | (c >> 2)
    out[o++] = ((c & 3) << 6) | d
  }
  if (rest > 0) {
    const a = valueAt(text, i)
    const b = valueAt(text, i + 1)
    const c = rest === 3 ? valueAt(text, i + 2) : 0
    if ((a | b | c) > 63 || (!lenient && (rest === 2 ? b & 15 : c & 3) !== 0)) return undefined
    out[o++] = (a << 2) | (b >> 4)
    if (rest === 3) out[o++] = ((b & 15) << 4) | (c >> 2)
  }
  return out
}

/**
 * True when `text` is the canonical padded base64 of exactly `byteLength` bytes: the only text a signature of
 * that length is written as. Checks without decoding (no allocation): the receiver's hot path.
 */
export function isCanonicalBase64(text: string, byteLength: number): boolean {
  const rest = byteLength % 3
  if (text.length !== Math.ceil(byteLength / 3) * 4) return false
  const chars = text.length - (rest === 0 ? 0 : 3 - rest)
  for (let i = chars; i < text.length; i++) if (text.charCodeAt(i) !== 61 /* = */) return false
  let all = 0
  for (let i = 0; i < chars; i++) all |= valueAt(text, i)
  if (all > 63) return false
  // The last character's unused low bits (4 after one leftover byte, 2 after two) must be zero.
  return rest === 0 || (valueAt(text, chars - 1) & (rest === 1 ? 15 : 3)) === 0
}

/** Compares two strings in time that depends only on their lengths (for base64 of MACs). */
export function equalText(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

/** Encodes bytes as padded standard base64. */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] as number)
  return btoa(binary)
}

/** True when `bytes` starts with `prefix`. */
export function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false
  return true
}
