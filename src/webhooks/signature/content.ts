import { concatBytes, utf8 } from './bytes'

/**
 * The exact bytes that are signed: UTF-8 of `${id}.${timestamp}.` followed by the body as sent.
 * A string body is UTF-8 encoded; a byte body is used unchanged (so non-UTF-8 bytes still verify).
 */
export function signedContent(id: string, timestamp: string, body: string | Uint8Array): Uint8Array {
  if (typeof body === 'string') return utf8(`${id}.${timestamp}.${body}`)
  return concatBytes(utf8(`${id}.${timestamp}.`), body)
}
