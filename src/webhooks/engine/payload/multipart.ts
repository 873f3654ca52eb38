/**
 * `deliveryMode: 'binary_multipart'`: the attachments picked by `multipartConfig.fileSource` and the text parts of
 * `multipartConfig.extraFields` become a multipart/form-data body. Planning (pick and evaluate, once per event) writes
 * a JSON envelope that the event log keeps as the payload; each attempt encodes the envelope with the platform's
 * FormData/Blob, serialised through `Response` so the signature covers the exact bytes and boundary sent.
 */
import type jsonata from 'jsonata'
import type { EventAttachment, WebhookConfig, WebhookPayload } from '../model'
import { isObject } from '../validation'
import { parseJsonata } from './transform'

/** Defaults of `multipartConfig`, as the published contract gives them. */
export const MULTIPART_DEFAULTS = { fileFieldName: 'file', fileFieldStrategy: 'single', fileSource: 'event_attachments' } as const

/** One file part of an envelope. */
export interface EnvelopeFile {
  field: string
  filename: string
  mime_type: string
  data_base64: string
}

/** What the event log keeps as the payload of a multipart delivery (JSON text of this). */
export interface MultipartEnvelope {
  files: EnvelopeFile[]
  /** Text parts in order: `[name, value]`. */
  fields: Array<[string, string]>
}

/** What planning decided for one event. */
export type MultipartPlan = { kind: 'deliver'; payload: string } | { kind: 'skipped'; message: string } | { kind: 'failed'; message: string }

interface CompiledMultipart {
  readonly fieldName: string
  readonly single: boolean
  readonly source: jsonata.Expression
  readonly extra: ReadonlyArray<readonly [string, jsonata.Expression]>
}

// One compiled form per stored config object: a new revision is a new object, so nothing goes stale.
const compiledByConfig = new WeakMap<WebhookConfig, CompiledMultipart>()

function compile(config: WebhookConfig): CompiledMultipart {
  let compiled = compiledByConfig.get(config)
  if (!compiled) {
    const m = config.multipartConfig ?? {}
    compiled = {
      fieldName: m.fileFieldName || MULTIPART_DEFAULTS.fileFieldName,
      single: (m.fileFieldStrategy ?? MULTIPART_DEFAULTS.fileFieldStrategy) === 'single',
      source: parseJsonata(m.fileSource?.trim() || MULTIPART_DEFAULTS.fileSource),
      extra: Object.entries(m.extraFields ?? {}).map(([name, expression]) => [name, parseJsonata(expression)] as const),
    }
    compiledByConfig.set(config, compiled)
  }
  return compiled
}

/** True when the config sends files as multipart/form-data. */
export function isMultipart(config: WebhookConfig): boolean {
  return config.deliveryMode === 'binary_multipart'
}

function isAttachment(value: unknown): value is EventAttachment {
  return isObject(value) && typeof value.filename === 'string' && value.filename !== '' && typeof value.data_base64 === 'string' &&
    (value.mime_type === undefined || typeof value.mime_type === 'string')
}

/** JSONata yields a single match unwrapped and sequences as arrays; undefined and null mean none. */
function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? value : [value]
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/**
 * Picks the files and evaluates the text parts of one event for a `binary_multipart` config. Nothing picked: skipped
 * (no request). More than one with the `single` strategy, or a pick that is not an attachment: failed.
 */
export async function planMultipart(config: WebhookConfig, payload: WebhookPayload): Promise<MultipartPlan> {
  const m = compile(config)
  const picked = asList(await m.source.evaluate(payload))
  if (picked.length === 0) return { kind: 'skipped', message: 'multipartConfig.fileSource picked no attachment; nothing was sent.' }
  if (m.single && picked.length > 1) {
    return { kind: 'failed', message: `multipartConfig.fileSource picked ${picked.length} attachments, but fileFieldStrategy is single; use multi to send them all.` }
  }
  const files: EnvelopeFile[] = []
  for (const [i, item] of picked.entries()) {
    if (!isAttachment(item)) return { kind: 'failed', message: `multipartConfig.fileSource result [${i}] is not an attachment { filename, data_base64, mime_type? }.` }
    files.push({ field: m.fieldName, filename: item.filename, mime_type: item.mime_type || 'application/octet-stream', data_base64: item.data_base64 })
  }
  const fields: Array<[string, string]> = []
  for (const [name, expression] of m.extra) {
    const value: unknown = await expression.evaluate(payload)
    if (value !== undefined && value !== null) fields.push([name, text(value)])
  }
  const envelope: MultipartEnvelope = { files, fields }
  return { kind: 'deliver', payload: JSON.stringify(envelope) }
}

/**
 * Encodes a stored envelope as multipart/form-data with the platform's FormData and Blob; `Response` serialises it
 * and names the boundary, so the bytes returned are exactly what is signed and sent.
 */
export async function encodeMultipart(envelopeText: string): Promise<{ body: Uint8Array; contentType: string }> {
  const envelope = JSON.parse(envelopeText) as MultipartEnvelope
  const form = new FormData()
  for (const file of envelope.files) {
    form.append(file.field, new Blob([Buffer.from(file.data_base64, 'base64')], { type: file.mime_type }), file.filename)
  }
  for (const [name, value] of envelope.fields) form.append(name, value)
  const response = new Response(form)
  const contentType = response.headers.get('content-type') ?? 'multipart/form-data'
  return { body: new Uint8Array(await response.arrayBuffer()), contentType }
}
