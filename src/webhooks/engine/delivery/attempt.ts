/** One delivery attempt: auth → sign → send → classify. Never throws; every outcome becomes a verdict. */
import { isRetryableStatus, parseRetryAfter } from '../../../core/retry-policy'
import { HEADER_ID, HEADER_SIGNATURE, HEADER_TIMESTAMP } from '../../signature/constants'
import type { EngineContext } from '../context'
import { encodeMultipart } from '../payload/multipart'
import type { HttpResponseRecord, StoredEvent } from '../store/types'
import { DeliveryFailure, isRetryableNetworkCode } from './failure'
import type { HttpOutcome, HttpResponseOutcome } from './http-client'
import type { SignedBody } from './request-signer'
import { MASKED, type DeliveryTarget } from './target'

/** What an attempt means for the event, what was sent and when. */
export interface AttemptResult {
  verdict: 'succeeded' | 'retry' | 'failed'
  response: HttpResponseRecord
  /** From a 429/503 Retry-After, in ms. */
  retryAfterMs?: number
  /** The headers of the (last) request sent, secret values (authorization, the API key header) as `***`; absent when nothing was sent. */
  requestHeaders?: Record<string, string>
  /** When the attempt began (epoch ms, the engine clock). */
  startedMs: number
  /** How long it took, including an OAuth token fetch and a resend after a 401. */
  durationMs: number
}

/** What an attempt uses of the engine's context: the HTTP client, the clock, env and `maxLoggedBodyChars`. */
export type AttemptContext = Pick<EngineContext, 'http' | 'options'>

/** One request as sent and its outcome. */
interface Exchange {
  outcome: HttpOutcome
  signed: SignedBody
  /** The value of an auth header set at send time (env secret, OAuth bearer), masked in the log. */
  authValue: string | undefined
  /** The OAuth token used, so a 401 can invalidate exactly that token. */
  token: string | undefined
  /** The content-type sent instead of the target's (multipart deliveries: with their boundary). */
  contentType?: string
}

/** The fixed header list with `content-type` set to `value` (a copy; the target's list is shared). */
function withContentType(fixed: readonly string[], value: string): string[] {
  const list = [...fixed]
  const at = list.findIndex((name, i) => i % 2 === 0 && name === 'content-type')
  if (at === -1) list.push('content-type', value)
  else list[at + 1] = value
  return list
}

function firstNonSpace(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return text[i] as string
  }
  return ''
}

function loggedBody(outcome: HttpResponseOutcome, maxChars: number): unknown {
  const text = outcome.body
  if (text === '') return undefined
  if (!outcome.truncated && text.length <= maxChars) {
    const first = firstNonSpace(text)
    if (first === '{' || first === '[') {
      try {
        return JSON.parse(text) as unknown
      } catch {
        // not JSON after all: keep the text
      }
    }
    return text
  }
  return `${text.slice(0, maxChars)}…[truncated]`
}

/** Classifies a receiver response: 2xx succeeded; 408, 429 and 5xx retry; any other status is final. */
function classifyStatus(status: number): AttemptResult['verdict'] {
  if (status >= 200 && status < 300) return 'succeeded'
  if (isRetryableStatus(status)) return 'retry'
  return 'failed'
}

/** Every result has the same shape (fields in one order), whatever the outcome. */
function result(
  verdict: AttemptResult['verdict'],
  response: HttpResponseRecord,
  startedMs: number,
  ctx: AttemptContext,
  requestHeaders?: Record<string, string>,
  retryAfterMs?: number,
): AttemptResult {
  return { verdict, response, retryAfterMs, requestHeaders, startedMs, durationMs: ctx.options.now() - startedMs }
}

function failureResult(error: unknown, startedMs: number, ctx: AttemptContext): AttemptResult {
  if (error instanceof DeliveryFailure) {
    return result(error.retryable ? 'retry' : 'failed', { message: error.message, code: error.code }, startedMs, ctx, undefined, error.retryAfterMs)
  }
  const message = error instanceof Error ? error.message : String(error)
  return result('failed', { message, code: 'internal_error' }, startedMs, ctx)
}

/** The request's headers: the target's fixed list, then an auth header read at send time, then the signature headers. */
function headerList(fixed: readonly string[], authName: string | undefined, authValue: string | undefined, eventId: string, signed: SignedBody): string[] {
  const n = fixed.length
  const list = new Array<string>(n + (authValue === undefined ? 6 : 8))
  for (let i = 0; i < n; i++) list[i] = fixed[i] as string
  let at = n
  if (authValue !== undefined) {
    list[at++] = authName as string
    list[at++] = authValue
  }
  list[at++] = HEADER_ID
  list[at++] = eventId
  list[at++] = HEADER_TIMESTAMP
  list[at++] = signed.timestamp
  list[at++] = HEADER_SIGNATURE
  list[at] = signed.signature
  return list
}

/** The headers of a sent request as the log keeps them: secret values masked. */
function maskedHeaders(target: DeliveryTarget, eventId: string, sent: Exchange): Record<string, string> {
  const fixed = target.maskedHeaders
  const out: Record<string, string> = {}
  for (let i = 0; i < fixed.length; i += 2) out[fixed[i] as string] = fixed[i + 1] as string
  if (sent.authValue !== undefined) out[target.auth.name as string] = MASKED
  if (sent.contentType !== undefined) out['content-type'] = sent.contentType
  out[HEADER_ID] = eventId
  out[HEADER_TIMESTAMP] = sent.signed.timestamp
  out[HEADER_SIGNATURE] = sent.signed.signature
  return out
}

/** Authenticates, signs and sends once. Throws a DeliveryFailure when auth cannot be had. */
async function send(target: DeliveryTarget, event: StoredEvent, url: URL, timeoutMs: number, ctx: AttemptContext): Promise<Exchange> {
  const auth = target.auth
  let authValue: string | undefined
  let token: string | undefined
  switch (auth.kind) {
    case 'env':
      authValue = auth.value(ctx.options.env)
      break
    case 'oauth':
      token = await auth.cache.token()
      authValue = `Bearer ${token}`
      break
    case 'broken':
      throw auth.failure()
    default:
      break
  }
  // A multipart delivery is encoded per attempt (a fresh boundary); the signature covers those exact bytes.
  const multipart = event.multipart ? await encodeMultipart(event.payload ?? '') : undefined
  const signed = await target.signer.sign(event.event_id, Math.floor(ctx.options.now() / 1000), multipart ? multipart.body : event.payload ?? '')
  const fixed = multipart ? withContentType(target.headers, multipart.contentType) : target.headers
  const headers = headerList(fixed, auth.name, authValue, event.event_id, signed)
  const outcome = await ctx.http.send({ url, method: target.method, headers, body: signed.body, timeoutMs })
  return { outcome, signed, authValue, token, ...(multipart ? { contentType: multipart.contentType } : {}) }
}

/**
 * Sends `event.payload` to the target's current URL, signed with `webhook-id` = the event id.
 * A 401 with an OAuth token fetches a new token once and resends once, inside the same attempt.
 */
export async function attemptDelivery(target: DeliveryTarget, event: StoredEvent, timeoutMs: number, ctx: AttemptContext): Promise<AttemptResult> {
  const startedMs = ctx.options.now()
  try {
    const checked = target.url
    if (!checked.ok) return result('failed', { message: checked.message, code: checked.code }, startedMs, ctx)
    let sent = await send(target, event, checked.url, timeoutMs, ctx)
    if (sent.token !== undefined && sent.outcome.kind === 'response' && sent.outcome.status === 401 && target.oauth) {
      target.oauth.invalidate(sent.token)
      sent = await send(target, event, checked.url, timeoutMs, ctx)
    }
    const outcome = sent.outcome
    const requestHeaders = maskedHeaders(target, event.event_id, sent)
    if (outcome.kind === 'error') {
      return result(isRetryableNetworkCode(outcome.code) ? 'retry' : 'failed', { message: outcome.message, code: outcome.code }, startedMs, ctx, requestHeaders)
    }
    const verdict = classifyStatus(outcome.status)
    const response: HttpResponseRecord = { status_code: outcome.status, message: outcome.statusText }
    const logged = loggedBody(outcome, ctx.options.maxLoggedBodyChars)
    if (logged !== undefined) response.body = logged
    const retryAfterMs = verdict === 'retry' ? parseRetryAfter(outcome.headers['retry-after'], ctx.options.now()) : undefined
    return result(verdict, response, startedMs, ctx, requestHeaders, retryAfterMs)
  } catch (error) {
    return failureResult(error, startedMs, ctx)
  }
}
