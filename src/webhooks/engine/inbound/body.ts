import { BadRequestError, PayloadTooLargeError } from '../errors'
import { exceedsDepth, MAX_BODY_DEPTH } from '../json-depth'
import { collectFields, type Fields } from './fields'
import type { InboundFile } from './types'

/** What a request body turned into. */
export interface ParsedBody {
  /** JSON value, text, or form fields; absent for an empty body. */
  body?: unknown
  files: InboundFile[]
}

interface FileLimits {
  maxFiles: number
  maxFileBytes: number
}

const SUPPORTED = 'application/json, text/*, application/x-www-form-urlencoded or multipart/form-data'

/**
 * Parses a receive call's body by its Content-Type. Multipart goes through the platform's `Request.formData()`
 * (undici), so no hand-written multipart parser is involved; the total size was already checked by the caller.
 */
export async function parseInboundBody(contentType: string | undefined, bytes: Uint8Array, limits: FileLimits): Promise<ParsedBody> {
  if (bytes.byteLength === 0) return { files: [] }
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  if (mediaType === '') {
    throw new BadRequestError(`The request has a body but no Content-Type header: set it to ${SUPPORTED}`)
  }
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return { body: parseJson(bytes), files: [] }
  if (mediaType.startsWith('text/')) return { body: decodeText(bytes, contentType), files: [] }
  if (mediaType === 'application/x-www-form-urlencoded') {
    return { body: collectFields(new URLSearchParams(decodeText(bytes))), files: [] }
  }
  if (mediaType === 'multipart/form-data') return parseMultipart(contentType!, bytes, limits)
  throw new BadRequestError(`Content-Type ${JSON.stringify(mediaType.slice(0, 100))} is not supported: send ${SUPPORTED}`)
}

function parseJson(bytes: Uint8Array): unknown {
  let value: unknown
  try {
    value = JSON.parse(decodeText(bytes))
  } catch {
    // The parser's message quotes part of the body, which may hold the token: keep it out of the error.
    throw new BadRequestError('The body is not valid JSON: send valid JSON or change the Content-Type header')
  }
  // Refused before token redaction (or anything else) walks it.
  if (exceedsDepth(value, MAX_BODY_DEPTH)) {
    throw new BadRequestError(`The JSON body nests objects and arrays more than ${MAX_BODY_DEPTH} levels deep: send a flatter body`)
  }
  return value
}

function decodeText(bytes: Uint8Array, contentType?: string): string {
  const charset = /;\s*charset="?([^";\s]+)"?/i.exec(contentType ?? '')?.[1]
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes)
  } catch {
    return new TextDecoder('utf-8').decode(bytes) // unknown charset label
  }
}

async function parseMultipart(contentType: string, bytes: Uint8Array, limits: FileLimits): Promise<ParsedBody> {
  let form: FormData
  try {
    form = await new Request('http://inbound.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: bytes as Uint8Array<ArrayBuffer>,
    }).formData()
  } catch {
    throw new BadRequestError(
      'The multipart/form-data body could not be parsed: check the boundary in the Content-Type header and the part headers',
    )
  }
  const fields: Array<[string, string]> = []
  const blobs: Array<{ name: string; file: File }> = []
  for (const [name, value] of form) {
    if (typeof value === 'string') {
      fields.push([name, value])
      continue
    }
    blobs.push({ name, file: value })
    if (blobs.length > limits.maxFiles) {
      throw new PayloadTooLargeError(`Too many files: at most ${limits.maxFiles} per call are accepted; send the rest in further calls`)
    }
    if (value.size > limits.maxFileBytes) {
      throw new PayloadTooLargeError(
        `File ${JSON.stringify(value.name.slice(0, 100))} has ${value.size} bytes; at most ${limits.maxFileBytes} bytes per file are accepted`,
      )
    }
  }
  const files: InboundFile[] = []
  for (const { name, file } of blobs) {
    const content = Buffer.from(await file.arrayBuffer())
    files.push({
      name,
      filename: file.name,
      contentType: file.type || 'application/octet-stream',
      size: content.byteLength,
      base64: content.toString('base64'),
    })
  }
  const body: Fields | undefined = fields.length > 0 ? collectFields(fields) : undefined
  return body === undefined ? { files } : { body, files }
}
