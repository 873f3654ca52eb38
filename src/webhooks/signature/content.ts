import type { SignedContent } from './backend'
import { concatBytes, utf8 } from './bytes'

/** The signed content of a message: `${id}.${timestamp}.` then the body exactly as sent. */
export function signedContent(id: string, timestamp: string, body: string | Uint8Array): SignedContent {
  return { prefix: `${id}.${timestamp}.`, body }
}

/**
 * The exact bytes that are signed, for primitives that take one buffer. A string body is UTF-8 encoded; a
 * byte body is used unchanged (so non-UTF-8 bytes still verify).
 */
export function signedBytes({ prefix, body }: SignedContent): Uint8Array {
  return typeof body === 'string' ? utf8(prefix + body) : concatBytes(utf8(prefix), body)
}
