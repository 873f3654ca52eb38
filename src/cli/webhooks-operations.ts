/**
 * What `epilot webhooks` adds around three operations, beyond printing the answer:
 * - `triggerWebhook`: exit status 1 when the answer reports a failed delivery, a note when it was skipped, and a
 *   progress line on a terminal while a sync trigger waits;
 * - `replayEvent`, `batchReplayEvents`: a line saying what was queued (their answers may have no body).
 */
import { CliApiError } from './errors'
import type { OperationCall, OperationHooks } from './operation-hooks'
import { startProgressLine } from './progress'
import type { ResponseResult } from './request'

/**
 * The limits of a sync trigger as the webhooks contract states them (openapi.json, triggerWebhook: "at most 30
 * seconds, up to 2 retries") and as the reference engine applies them by default (`syncTimeoutMs`, `syncRetries`);
 * a test keeps them equal to the engine's defaults.
 */
export const SYNC_TRIGGER_LIMITS = { attempts: 3, attemptTimeoutSeconds: 30 } as const

type Json = Record<string, unknown>

function jsonObject(result: ResponseResult): Json | undefined {
  const body = result.body
  return body.kind === 'json' && typeof body.value === 'object' && body.value !== null && !Array.isArray(body.value) ? (body.value as Json) : undefined
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined
}

/** `503 Service Unavailable`, `ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9`: what a receiver answered, or why there was no answer. */
function outcomeOf(record: Json): string {
  const response = typeof record.http_response === 'object' && record.http_response !== null ? (record.http_response as Json) : record
  const status = text(response.status_code)
  const code = text(response.code)
  const message = text(response.message)
  return [status, status ? message : [code, message].filter(Boolean).join(': ')].filter(Boolean).join(' ') || 'no details'
}

/**
 * While a sync trigger waits, the delivery's event is in the config's log as in_progress; its `attempts` (requests
 * made so far, a reference-engine field) tells which attempt is running. Shown only when exactly one in-progress
 * event of the config started since the trigger was sent, so the number is never a guess.
 */
async function runningAttempt(call: OperationCall, sentAtMs: number): Promise<string | undefined> {
  const configId = call.values.configId
  if (configId === undefined) return undefined
  // A little before the send, for a server whose clock is slightly behind ours.
  const from = new Date(sentAtMs - 2000).toISOString()
  const result = await call.call('getWebhookEventsV2', { configId }, { limit: 10, timestamp: { from } })
  const page = result && result.status < 300 ? jsonObject(result) : undefined
  const events = Array.isArray(page?.data) ? (page.data as Json[]) : []
  const running = events.filter((event) => event.status === 'in_progress')
  const attempts = running.length === 1 ? running[0]?.attempts : undefined
  if (typeof attempts !== 'number') return undefined
  const last = attempts > 0 ? `; attempt ${attempts}: ${outcomeOf(running[0] as Json)}` : ''
  return `attempt ${attempts + 1} of ${SYNC_TRIGGER_LIMITS.attempts}${last}`
}

const triggerWebhook: OperationHooks = {
  help: [
    'Exit status 1 when the answer reports a failed delivery ("status": "failed"), after the answer is printed;',
    '0 when it succeeded, was queued (without sync=true), or was skipped because no filter condition matched',
    '(a note on stderr says so, except with --json).',
    `With -p sync=true and stderr on a terminal, a line on stderr shows the wait (sync: up to ${SYNC_TRIGGER_LIMITS.attempts} attempts`,
    `of ${SYNC_TRIGGER_LIMITS.attemptTimeoutSeconds} s) and, when the config's event log tells, which attempt is running. Not with --json.`,
  ].join('\n'),
  whileWaiting(call) {
    if (call.values.sync !== 'true' || call.json || !call.io.stderr.isTTY) return undefined
    const sentAtMs = Date.now()
    const { attempts, attemptTimeoutSeconds } = SYNC_TRIGGER_LIMITS
    let known: string | undefined
    let polling = false
    let ticks = 0
    // Every other tick: the line counts seconds, the log need not be asked that often.
    const poll = (): void => {
      if (polling || ticks++ % 2 === 1) return
      polling = true
      runningAttempt(call, sentAtMs)
        .then((attempt) => {
          known = attempt ?? known
        })
        // The line is a courtesy: a failed look-up leaves it as it was.
        .catch(() => undefined)
        .finally(() => {
          polling = false
        })
    }
    const line = startProgressLine(
      call.io.stderr,
      (seconds) => `waiting for the delivery (sync: up to ${attempts} attempts of ${attemptTimeoutSeconds} s)${known ? ` — ${known}` : ''}… ${seconds} s`,
      { onTick: poll, ...(call.io.progressIntervalMs !== undefined ? { intervalMs: call.io.progressIntervalMs } : {}) },
    )
    return () => line.stop()
  },
  afterSuccess(call, result) {
    const answer = jsonObject(result)
    if (!answer) return
    const event = text(answer.event_id)
    if (answer.status === 'failed') {
      throw new CliApiError('delivery_failed', `the delivery${event ? ` of event ${event}` : ''} failed: ${outcomeOf(answer)}`)
    }
    if ((answer.status === 'skipped' || answer.code === 'skipped') && !call.json) {
      call.io.stderr.write(`Skipped${event ? ` (event ${event})` : ''}: ${text(answer.message) ?? 'nothing was sent'}\n`)
    }
  },
}

/** The id at the end of a `Location` header (`…/events/<id>`), when the answer has one. */
function locationId(result: ResponseResult): string | undefined {
  const location = result.headers.find(([name]) => name.toLowerCase() === 'location')?.[1]
  const last = location?.split('?')[0]?.split('/').filter(Boolean).at(-1)
  return last ? decodeURIComponent(last) : undefined
}

const replayEvent: OperationHooks = {
  help: 'Says on stderr what was queued (the answer may have no body), except with --json.',
  afterSuccess(call, result) {
    if (call.json) return
    const replayedAs = locationId(result)
    call.io.stderr.write(`Replay of event ${call.values.eventId} queued${replayedAs ? ` as event ${replayedAs}` : ''} (HTTP ${result.status})\n`)
  },
}

const batchReplayEvents: OperationHooks = {
  help: 'Prints the answer, and says on stderr how many events were queued for replay, except with --json.',
  afterSuccess(call, result) {
    if (call.json) return
    const answered = jsonObject(result)?.replayed_event_ids
    const requested = (call.body as { eventIds?: unknown } | undefined)?.eventIds
    if (Array.isArray(answered)) {
      const ids = answered.map(String)
      call.io.stderr.write(`Queued replays of ${ids.length} event${ids.length === 1 ? '' : 's'}${ids.length ? `: ${ids.join(', ')}` : ''} (HTTP ${result.status})\n`)
    } else {
      const count = Array.isArray(requested) ? requested.length : 0
      call.io.stderr.write(`Queued replays of ${count} event${count === 1 ? '' : 's'} (HTTP ${result.status})\n`)
    }
  },
}

/** The hooks of the webhooks service, by operationId. */
export const webhooksOperationHooks: Record<string, OperationHooks> = { triggerWebhook, replayEvent, batchReplayEvents }
