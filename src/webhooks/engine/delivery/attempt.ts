/** One delivery attempt: auth → sign → send → classify. Never throws; every outcome becomes a verdict. */
import { isRetryableStatus, parseRetryAfter } from '../../../core/retry-policy'
import type { EngineContext } from '../context'
import { authHeaders } from './auth-headers'
import type { HttpResponseRecord, StoredEvent } from '../store/types'
import { DeliveryFailure, isRetryableNetworkCode } from './failure'
import type { HttpResponseOutcome } from './http-client'
import type { DeliveryTarget } from './target'

/** What an attempt means for the event. */
export interface AttemptResult {
  verdict: 'succeeded' | 'retry' | 'failed'
  response: HttpResponseRecord
  /** From a 429/503 Retry-After, in ms. */
  retryAfterMs?: number
}

/** What an attempt uses of the engine's context: the HTTP client, the clock, env and `maxLoggedBodyChars`. */
export type AttemptContext = Pick<EngineContext, 'http' | 'options'>

function loggedBody(outcome: HttpResponseOutcome, maxChars: number): unknown {
  const text = outcome.body
  if (text === '') return undefined
  if (!outcome.truncated && text.length <= maxChars) {
    const first = text.trimStart()[0]
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

function failureResult(error: unknown): AttemptResult {
  if (error instanceof DeliveryFailure) {
    return {
      verdict: error.retryable ? 'retry' : 'failed',
      response: { message: error.message, code: error.code },
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    }
  }
  const message = error instanceof Error ? error.message : String(error)
  return { verdict: 'failed', response: { message, code: 'internal_error' } }
}

/**
 * Sends `event.payload` to the target's current URL, signed with `webhook-id` = the event id.
 * A 401 with an OAuth token fetches a new token once and resends once, inside the same attempt.
 */
export async function attemptDelivery(target: DeliveryTarget, event: StoredEvent, timeoutMs: number, ctx: AttemptContext): Promise<AttemptResult> {
  try {
    const config = target.stored.config
    const checked = target.url
    if (!checked.ok) return { verdict: 'failed', response: { message: checked.message, code: checked.code } }
    const body = event.payload ?? ''
    const method = config.httpMethod ?? 'POST'

    const send = async (): Promise<{ outcome: Awaited<ReturnType<EngineContext['http']['send']>>; token?: string }> => {
      const auth = await authHeaders(config.auth, ctx.options.env, target.oauth)
      const signature = target.signer.sign({ id: event.event_id, timestamp: Math.floor(ctx.options.now() / 1000), body })
      const headers: Record<string, string> = { ...target.headers, ...auth.headers, ...signature }
      const outcome = await ctx.http.send({ url: checked.url, method, headers, body, timeoutMs })
      return { outcome, token: auth.token }
    }

    let { outcome, token } = await send()
    if (outcome.kind === 'response' && outcome.status === 401 && token !== undefined && target.oauth) {
      target.oauth.invalidate(token)
      ;({ outcome } = await send())
    }
    if (outcome.kind === 'error') {
      return { verdict: isRetryableNetworkCode(outcome.code) ? 'retry' : 'failed', response: { message: outcome.message, code: outcome.code } }
    }
    const verdict = classifyStatus(outcome.status)
    const response: HttpResponseRecord = { status_code: outcome.status, message: outcome.statusText }
    const logged = loggedBody(outcome, ctx.options.maxLoggedBodyChars)
    if (logged !== undefined) response.body = logged
    const retryAfterMs = verdict === 'retry' ? parseRetryAfter(outcome.headers['retry-after'], ctx.options.now()) : undefined
    return retryAfterMs !== undefined ? { verdict, response, retryAfterMs } : { verdict, response }
  } catch (error) {
    return failureResult(error)
  }
}
