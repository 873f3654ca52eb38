/**
 * `createEngine`: wires the pure stages (validate, compile, filter, payload) to the state stage (store) and the I/O
 * stage (deliver). Configs are compiled and their signers/token caches built once when saved.
 */
import { createSigner, type WebhookSigner } from '../signature'
import type {
  EmitResult,
  EventPage,
  EventSearchOptions,
  PublicKeyInfo,
  TriggerResult,
  WebhookEngine,
  WebhookEventRecord,
  WebhookEventStatus,
} from './api'
import { OAuthTokenCache } from './auth/oauth'
import { compileConfig } from './compile'
import { deriveStatus, keepMaskedSecrets, maskSecrets, SECRET_MASK, validateConfig } from './config'
import { attemptDelivery, type AttemptDeps, type AttemptResult } from './delivery/attempt'
import { retryDelay } from './delivery/backoff'
import { createHttpClient } from './delivery/http-client'
import { resolveSigningKey } from './delivery/signing-key'
import type { DeliveryTarget } from './delivery/target'
import { BadRequestError, ConfigValidationError, EngineError, NotFoundError, type ConfigIssue } from './errors'
import { EventsRegistry } from './events-registry'
import { createInboundHub } from './inbound'
import { createEventIdGenerator, shortId } from './ids'
import type { EngineEvent, Metadata, WebhookConfig } from './model'
import { resolveOptions, type EngineOptions } from './options'
import { buildExamplePayload } from './payload/example'
import { Dispatcher } from './queue'
import { createMemoryStore } from './store/memory'
import type { DeliveryJob, EventQuery, HttpResponseRecord, StoredConfig, StoredEvent } from './store/types'
import { createUrlPolicy } from './url-policy'

const LOGGED_METHODS = new Set(['GET', 'POST', 'PUT'])
const SEARCH_STATUSES = new Set(['succeeded', 'failed', 'skipped'])

/** A config as callers see it: a deep copy with secrets masked. */
function present(config: WebhookConfig): WebhookConfig {
  return structuredClone(maskSecrets(config))
}

function toRecord(e: StoredEvent): WebhookEventRecord {
  const record: WebhookEventRecord = {
    event_id: e.event_id,
    org_id: e.org_id,
    webhook_config_id: e.webhook_config_id,
    created_at: new Date(e.createdMs).toISOString(),
    event_name: e.event_name,
    status: e.status,
    attempts: e.attempts,
  }
  if (e.url !== undefined) record.url = e.url
  if (e.http_response !== undefined) record.http_response = { ...e.http_response }
  if (e.metadata !== undefined) record.metadata = { ...e.metadata }
  if (e.http_method !== undefined && LOGGED_METHODS.has(e.http_method)) record.http_method = e.http_method as WebhookEventRecord['http_method']
  if (e.payload !== undefined) record.payload = e.payload
  return record
}

function parseTime(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN
  if (Number.isNaN(ms)) throw new BadRequestError(`${field} must be an ISO 8601 date-time, e.g. 2025-10-31T12:34:56Z.`)
  return ms
}

function checkMetadata(metadata: unknown, where: string): Metadata {
  const m = metadata as Metadata | undefined
  if (!m || typeof m !== 'object' || typeof m.organization_id !== 'string' || m.organization_id === '') {
    throw new BadRequestError(`${where} needs metadata with a non-empty organization_id.`)
  }
  return m
}

/** Metadata as sent for one config: the config's id and name filled in unless the caller set them. */
function metadataFor(metadata: Metadata, config: WebhookConfig & { id: string }): Metadata {
  return { ...metadata, webhook_id: metadata.webhook_id ?? config.id, webhook_name: metadata.webhook_name ?? config.name }
}

/** What happens to one config for one event, decided before anything is recorded. */
type Plan =
  | { kind: 'deliver'; eventName: string; target: DeliveryTarget; metadata: Metadata; payload: string }
  | { kind: 'skipped' | 'failed'; eventName: string; target: DeliveryTarget; metadata: Metadata; response?: HttpResponseRecord }

/**
 * Creates the reference webhook delivery engine.
 * @example
 * ```ts
 * import { createEngine } from '@epilot/sdk/webhooks/engine'
 *
 * const engine = createEngine({ signingKey: process.env.WEBHOOK_SIGNING_KEY })
 * const config = await engine.createConfig({
 *   name: 'CRM sync', eventName: 'customer_request_created',
 *   url: 'https://crm.example.com/hooks/epilot', httpMethod: 'POST', enabled: true,
 *   auth: { authType: 'API_KEY', apiKeyConfig: { keyName: 'x-api-key', keyValue: 'secret' } },
 * })
 * await engine.emit('customer_request_created', { entity: { _id: 'e1' } }, { organization_id: '123' })
 * ```
 */
export function createEngine(options: EngineOptions = {}): WebhookEngine {
  const o = resolveOptions(options)
  const store = options.store ?? createMemoryStore()
  const key = resolveSigningKey(options.signingKey)
  const engineSigner = createSigner({ privateKey: key.privateKey })
  const registry = new EventsRegistry(options.events)
  const policy = createUrlPolicy({
    ...(options.allowedSchemes ? { allowedSchemes: options.allowedSchemes } : {}),
    blockPrivateNetworks: options.blockPrivateNetworks === true,
    ...(options.lookup ? { lookup: options.lookup } : {}),
  })
  const http = createHttpClient({ maxSockets: o.maxSockets, ...(policy.lookup ? { lookup: policy.lookup } : {}) })
  const attemptDeps: AttemptDeps = {
    send: http.send,
    policy,
    now: o.now,
    env: o.env,
    userAgent: o.userAgent,
    maxLoggedBodyChars: o.maxLoggedBodyChars,
  }
  const targets = new Map<string, DeliveryTarget>()
  const nextEventId = createEventIdGenerator()
  let lastCreatedMs = 0
  let closed = false

  // Every admitted event and every running sync trigger, until it reaches a terminal status.
  let outstanding = 0
  let idleWaiters: Array<() => void> = []
  const settle = (): void => {
    outstanding--
    if (outstanding === 0) {
      const waiters = idleWaiters
      idleWaiters = []
      for (const resolve of waiters) resolve()
    }
  }

  const dispatcher = new Dispatcher(
    store,
    { concurrency: o.concurrency, perConfigConcurrency: o.perConfigConcurrency, maxQueueSize: o.maxQueueSize },
    (job) => runJob(job),
  )

  // ---- configs -------------------------------------------------------------------------------------------

  function signingSecretIssue(input: unknown): ConfigIssue | undefined {
    const secret = (input as { signingSecret?: unknown } | null)?.signingSecret
    if (typeof secret !== 'string' || secret === '' || secret === SECRET_MASK) return undefined
    try {
      createSigner({ secret })
      return undefined
    } catch {
      return { path: 'signingSecret', message: 'must be a whsec_<base64> secret or a non-empty string' }
    }
  }

  /** validateConfig plus the engine's own checks, every issue at once. */
  function validate(input: unknown): WebhookConfig {
    const issues: ConfigIssue[] = []
    let config: WebhookConfig | undefined
    try {
      config = validateConfig(input)
    } catch (error) {
      if (!(error instanceof ConfigValidationError)) throw error
      issues.push(...error.issues)
    }
    const secretIssue = signingSecretIssue(input)
    if (secretIssue) issues.push(secretIssue)
    if (issues.length > 0 || !config) throw new ConfigValidationError(issues)
    return config
  }

  function buildTarget(stored: StoredConfig): DeliveryTarget {
    const config = stored.config
    const signer: WebhookSigner = config.signingSecret
      ? createSigner({ privateKey: key.privateKey, secret: config.signingSecret, ...(options.hmacVersion ? { hmacVersion: options.hmacVersion } : {}) })
      : engineSigner
    const oauthConfig = config.auth?.authType === 'OAUTH_CLIENT_CREDENTIALS' ? config.auth.oauthConfig : undefined
    const oauth = oauthConfig
      ? new OAuthTokenCache(oauthConfig, { send: http.send, policy, now: o.now, env: o.env, ...o.oauth })
      : undefined
    return { stored, compiled: compileConfig(config), signer, ...(oauth ? { oauth } : {}) }
  }

  /** The prepared target of a stored config; rebuilt only when the stored revision changed. */
  function targetFor(stored: StoredConfig): DeliveryTarget {
    const cached = targets.get(stored.config.id)
    if (cached && cached.stored.revision === stored.revision) return cached
    const target = buildTarget(stored)
    targets.set(stored.config.id, target)
    return target
  }

  async function loadTarget(configId: string): Promise<DeliveryTarget | undefined> {
    const stored = await store.getConfig(configId)
    return stored ? targetFor(stored) : undefined
  }

  async function requireTarget(configId: string): Promise<DeliveryTarget> {
    const target = typeof configId === 'string' ? await loadTarget(configId) : undefined
    if (!target) throw new NotFoundError(`No webhook config with id ${String(configId)}; list configs to find the id.`)
    return target
  }

  async function save(config: WebhookConfig & { id: string }, revision: number): Promise<WebhookConfig> {
    config.status = deriveStatus(config)
    const stored: StoredConfig = { config, revision }
    const target = buildTarget(stored) // compile before storing: a config that cannot compile is never saved
    await store.saveConfig(stored)
    targets.set(config.id, target)
    return present(config)
  }

  // ---- events --------------------------------------------------------------------------------------------

  function assertOpen(): void {
    if (closed) throw new EngineError('engine_closed', 503, 'The engine is closed; create a new engine to deliver more events.')
  }

  /** created_at never goes backwards, so (created_at, event_id) only grows and pages stay stable. */
  function nextCreatedMs(): number {
    lastCreatedMs = Math.max(o.now(), lastCreatedMs)
    return lastCreatedMs
  }

  async function plan(eventName: string, target: DeliveryTarget, event: EngineEvent, baseMetadata: Metadata): Promise<Plan> {
    const metadata = metadataFor(baseMetadata, target.stored.config)
    try {
      if (!target.compiled.matches(event, metadata)) return { kind: 'skipped', eventName, target, metadata }
    } catch (error) {
      return { kind: 'failed', eventName, target, metadata, response: { code: 'filter_failed', message: (error as Error).message } }
    }
    try {
      const payload = JSON.stringify(await target.compiled.buildPayload(event, metadata))
      return { kind: 'deliver', eventName, target, metadata, payload }
    } catch (error) {
      const e = error as { code?: unknown; message?: unknown }
      return { kind: 'failed', eventName, target, metadata, response: { code: 'transform_failed', message: String(e.message ?? error) } }
    }
  }

  function newEvent(
    target: DeliveryTarget,
    eventName: string,
    metadata: Metadata,
    createdMs: number,
    status: WebhookEventStatus,
    payload?: string,
    response?: HttpResponseRecord,
  ): StoredEvent {
    const config = target.stored.config
    const row: StoredEvent = {
      event_id: nextEventId(createdMs),
      org_id: metadata.organization_id,
      webhook_config_id: config.id,
      event_name: eventName,
      createdMs,
      metadata,
      status,
      attempts: 0,
    }
    if (config.url !== undefined) row.url = config.url
    if (config.httpMethod !== undefined) row.http_method = config.httpMethod
    if (payload !== undefined) row.payload = payload
    if (response !== undefined) row.http_response = response
    return row
  }

  /** Records plans and queues their deliveries. Room in the queue must already be reserved for each 'deliver'. */
  async function record(plans: Plan[]): Promise<EmitResult['deliveries']> {
    const createdMs = nextCreatedMs()
    const out: EmitResult['deliveries'] = []
    let reserved = plans.filter((p) => p.kind === 'deliver').length
    try {
      for (const p of plans) {
        if (p.kind === 'deliver') {
          const row = newEvent(p.target, p.eventName, p.metadata, createdMs, 'in_progress', p.payload)
          await store.insertEvent(row)
          outstanding++
          reserved--
          try {
            await dispatcher.push({ eventId: row.event_id, configId: row.webhook_config_id, attempts: 0, deadlineMs: createdMs + o.asyncDeadlineMs, runAtMs: createdMs })
          } catch (error) {
            // The queue refused the job: end the event now rather than leave it in_progress forever.
            dispatcher.release(1)
            await finish(row.event_id, 'failed', 0, { code: 'internal_error', message: `Could not queue the delivery: ${(error as Error).message}` })
            throw error
          }
          out.push({ configId: row.webhook_config_id, eventId: row.event_id, status: 'in_progress' })
        } else {
          const row = newEvent(p.target, p.eventName, p.metadata, createdMs, p.kind, undefined, p.response)
          await store.insertEvent(row)
          out.push({ configId: row.webhook_config_id, eventId: row.event_id, status: p.kind })
        }
      }
    } finally {
      dispatcher.release(reserved)
    }
    return out
  }

  async function finish(eventId: string, status: 'succeeded' | 'failed', attempts: number, response: HttpResponseRecord | undefined): Promise<void> {
    try {
      await store.updateEvent(eventId, { status, attempts, ...(response ? { http_response: response } : {}) })
    } finally {
      settle()
    }
  }

  async function runJob(job: DeliveryJob): Promise<void> {
    let settled = false
    try {
      const event = await store.getEvent(job.eventId)
      const target = await loadTarget(job.configId)
      if (!event || !target) {
        settled = true
        return await finish(job.eventId, 'failed', job.attempts, {
          code: 'config_deleted',
          message: 'The webhook config was deleted before this event could be delivered.',
        })
      }
      const remaining = job.deadlineMs - o.now()
      if (remaining <= 0) {
        settled = true
        return await finish(job.eventId, 'failed', job.attempts, {
          ...event.http_response,
          code: event.http_response?.code ?? 'deadline_exceeded',
          message: event.http_response?.message ?? `Not delivered within ${o.asyncDeadlineMs} ms.`,
        })
      }
      const result = await attemptDelivery(target, event, Math.min(remaining, o.asyncAttemptTimeoutMs), attemptDeps)
      const attempts = job.attempts + 1
      if (result.verdict === 'retry' && attempts < o.asyncMaxAttempts) {
        const delay = retryDelay(attempts, o.backoff, o.random, result.retryAfterMs)
        if (o.now() + delay < job.deadlineMs) {
          await store.updateEvent(job.eventId, { attempts, http_response: result.response })
          void retryLater({ ...job, attempts, runAtMs: o.now() + delay }, delay)
          return
        }
      }
      settled = true
      await finish(job.eventId, result.verdict === 'succeeded' ? 'succeeded' : 'failed', attempts, result.response)
    } catch (error) {
      // A store failure must still end the event: mark it failed (best effort) and let idle() resolve.
      if (!settled) {
        settled = true
        await finish(job.eventId, 'failed', job.attempts, { code: 'internal_error', message: (error as Error).message }).catch(() => undefined)
      }
    }
  }

  async function retryLater(job: DeliveryJob, delay: number): Promise<void> {
    try {
      await o.sleep(delay)
      await dispatcher.requeue(job)
    } catch (error) {
      await finish(job.eventId, 'failed', job.attempts, { code: 'internal_error', message: (error as Error).message }).catch(() => undefined)
    }
  }

  /** Sync delivery: up to 1 + syncRetries attempts, each aborted after syncTimeoutMs. */
  async function deliverNow(target: DeliveryTarget, row: StoredEvent): Promise<{ result: AttemptResult; attempts: number }> {
    let attempts = 0
    for (;;) {
      const result = await attemptDelivery(target, row, o.syncTimeoutMs, attemptDeps)
      attempts++
      if (result.verdict !== 'retry' || attempts > o.syncRetries) return { result, attempts }
      await store.updateEvent(row.event_id, { attempts, http_response: result.response })
      // A Retry-After longer than one attempt's timeout is not worth blocking the caller for.
      await o.sleep(Math.min(retryDelay(attempts, o.backoff, o.random, result.retryAfterMs), o.syncTimeoutMs))
    }
  }

  function toTriggerResult(row: StoredEvent, startMs: number, endMs: number, response: HttpResponseRecord | undefined, status?: 'succeeded' | 'failed'): TriggerResult {
    const out: TriggerResult = { event_id: row.event_id, start_date: new Date(startMs).toISOString(), end_date: new Date(endMs).toISOString() }
    if (status) out.status = status
    if (response?.status_code !== undefined) out.status_code = String(response.status_code)
    if (response?.message !== undefined) out.message = response.message
    if (response?.body !== undefined) out.body = response.body
    if (response?.code !== undefined) out.code = response.code
    return out
  }

  function normaliseQuery(opts: EventSearchOptions): EventQuery {
    const rawLimit = opts.limit ?? 25
    if (typeof rawLimit !== 'number' || !Number.isInteger(rawLimit) || rawLimit < 1) {
      throw new BadRequestError('limit must be an integer from 1 to 100.')
    }
    const query: EventQuery = { limit: Math.min(rawLimit, 100) }
    if (opts.cursor && (opts.cursor.created_at !== undefined || opts.cursor.event_id !== undefined)) {
      const createdMs = parseTime(opts.cursor.created_at, 'cursor.created_at')
      if (createdMs === undefined) throw new BadRequestError('cursor needs created_at (pass next_cursor back unchanged).')
      query.cursor = { createdMs, event_id: opts.cursor.event_id ?? '' }
    }
    const fromMs = parseTime(opts.timestamp?.from, 'timestamp.from')
    const toMs = parseTime(opts.timestamp?.to, 'timestamp.to')
    if (fromMs !== undefined) query.fromMs = fromMs
    if (toMs !== undefined) query.toMs = toMs
    if (opts.event_id !== undefined) query.event_id = opts.event_id
    if (opts.status !== undefined) {
      if (!SEARCH_STATUSES.has(opts.status)) throw new BadRequestError('status must be one of succeeded, failed, skipped.')
      query.status = opts.status
    }
    return query
  }

  async function replayable(configId: string, eventIds: string[]): Promise<{ target: DeliveryTarget; events: StoredEvent[] }> {
    const target = await requireTarget(configId)
    if (!target.stored.config.url || target.stored.config.status === 'incomplete') {
      throw new BadRequestError('The config is incomplete (url, httpMethod or auth secret missing); complete it before replaying.')
    }
    const events: StoredEvent[] = []
    for (const id of eventIds) {
      const event = typeof id === 'string' ? await store.getEvent(id) : undefined
      if (!event || event.webhook_config_id !== configId) throw new NotFoundError(`No event ${String(id)} for webhook config ${configId}.`)
      if (event.payload === undefined) {
        throw new BadRequestError(`Event ${id} was never sent (skipped or failed before sending); there is no payload to replay.`)
      }
      events.push(event)
    }
    return { target, events }
  }

  async function replay(target: DeliveryTarget, events: StoredEvent[]): Promise<string[]> {
    assertOpen()
    dispatcher.reserve(events.length)
    // The stored payload as sent (the same string, not re-serialised), to the config as it is now.
    const plans: Plan[] = events.map((e) => ({
      kind: 'deliver',
      eventName: e.event_name,
      target,
      metadata: e.metadata ?? { organization_id: e.org_id },
      payload: e.payload ?? '',
    }))
    return (await record(plans)).map((d) => d.eventId)
  }

  // ---- the engine ---------------------------------------------------------------------------------------

  // Inbound calls become events under their event key, so configs subscribed to that key forward them.
  const inbound = createInboundHub({
    emit: (eventKey, event, metadata) => engine.emit(eventKey, event, metadata),
    organizationId: options.inbound?.organizationId ?? 'local',
    now: () => new Date(o.now()),
    ...(options.inbound?.baseUrl !== undefined ? { baseUrl: options.inbound.baseUrl } : {}),
    ...(options.inbound?.limits ? { limits: options.inbound.limits } : {}),
    ...(options.inbound?.onError ? { onError: options.inbound.onError } : {}),
  })

  const engine: WebhookEngine = {
    async createConfig(input) {
      const config = keepMaskedSecrets(validate(input), { name: '', eventName: '' })
      const id = shortId()
      return save({ ...config, id, creationTime: new Date(o.now()).toISOString() }, 1)
    },

    async getConfig(configId) {
      return present((await requireTarget(configId)).stored.config)
    },

    async updateConfig(configId, input) {
      const current = await store.getConfig(configId)
      if (!current) throw new NotFoundError(`No webhook config with id ${String(configId)}; list configs to find the id.`)
      const config = keepMaskedSecrets(validate(input), current.config)
      const next = { ...config, id: current.config.id }
      if (current.config.creationTime !== undefined) next.creationTime = current.config.creationTime
      return save(next, current.revision + 1)
    },

    async deleteConfig(configId) {
      if (!(await store.deleteConfig(configId))) throw new NotFoundError(`No webhook config with id ${String(configId)}; list configs to find the id.`)
      targets.delete(configId)
    },

    async listConfigs(filter) {
      const list = await store.listConfigs(filter?.eventName !== undefined ? { eventName: filter.eventName } : undefined)
      return list.map((s) => present(s.config))
    },

    async getConfiguredEvents() {
      return registry.list()
    },

    registerEvent(entry) {
      registry.register(entry)
    },

    async emit(eventName, event, metadata) {
      assertOpen()
      if (typeof eventName !== 'string' || eventName === '') throw new BadRequestError('emit needs an event name, e.g. customer_request_created.')
      if (!event || typeof event !== 'object' || !event.entity || typeof event.entity !== 'object') {
        throw new BadRequestError('emit needs an event with an entity object: { entity: { … } }.')
      }
      checkMetadata(metadata, 'emit')
      const configs = await store.listConfigs({ eventName })
      const plans: Plan[] = []
      for (const stored of configs) {
        if (stored.config.status !== 'active') continue
        plans.push(await plan(eventName, targetFor(stored), event, metadata))
      }
      dispatcher.reserve(plans.filter((p) => p.kind === 'deliver').length) // all or nothing: QueueFullError records nothing
      return { deliveries: await record(plans) }
    },

    async trigger(configId, body, triggerOptions) {
      assertOpen()
      const target = await requireTarget(configId)
      const config = target.stored.config
      if (config.status === 'incomplete') throw new BadRequestError('The config is incomplete (url, httpMethod or auth secret missing); complete it before triggering.')
      if (config.status === 'inactive') throw new BadRequestError('The config is disabled; enable it before triggering.')
      const metadata = checkMetadata(body?.metadata, 'trigger')
      const event: EngineEvent = { entity: body.entity ?? {} }
      if (body.relations !== undefined) event.relations = body.relations
      if (body.activity !== undefined) event.activity = body.activity
      if (body.changed_attributes !== undefined) event.changed_attributes = body.changed_attributes
      const p = await plan(config.eventName, target, event, metadata)
      const startMs = o.now()
      if (p.kind !== 'deliver' || !triggerOptions?.sync) {
        if (p.kind === 'deliver') dispatcher.reserve(1)
        const [d] = await record([p])
        const row = d ? await store.getEvent(d.eventId) : undefined
        if (!row) throw new EngineError('internal_error', 500, 'The event could not be recorded.')
        if (p.kind === 'skipped') return { ...toTriggerResult(row, startMs, o.now(), undefined), code: 'skipped', message: 'No filter condition matched; nothing was sent.' }
        if (p.kind === 'failed') return toTriggerResult(row, startMs, o.now(), p.response, 'failed')
        return { event_id: row.event_id, start_date: new Date(startMs).toISOString() }
      }
      const row = newEvent(target, config.eventName, p.metadata, nextCreatedMs(), 'in_progress', p.payload)
      await store.insertEvent(row)
      outstanding++
      try {
        const { result, attempts } = await deliverNow(target, row)
        const status = result.verdict === 'succeeded' ? 'succeeded' : 'failed'
        await store.updateEvent(row.event_id, { status, attempts, http_response: result.response })
        return toTriggerResult(row, startMs, o.now(), result.response, status)
      } finally {
        settle()
      }
    },

    async getEvent(configId, eventId) {
      const event = typeof eventId === 'string' ? await store.getEvent(eventId) : undefined
      if (!event || event.webhook_config_id !== configId) throw new NotFoundError(`No event ${String(eventId)} for webhook config ${String(configId)}.`)
      return toRecord(event)
    },

    async searchEvents(configId, searchOptions = {}): Promise<EventPage> {
      const page = await store.searchEvents(configId, normaliseQuery(searchOptions))
      return { data: page.data.map(toRecord), has_more: page.has_more, ...(page.next_cursor ? { next_cursor: page.next_cursor } : {}) }
    },

    async replayEvent(configId, eventId) {
      const { target, events } = await replayable(configId, [eventId])
      const [id] = await replay(target, events)
      return { eventId: id as string }
    },

    async batchReplay(configId, eventIds) {
      if (!Array.isArray(eventIds) || eventIds.length === 0) throw new BadRequestError('eventIds must be a non-empty list of event ids.')
      const { target, events } = await replayable(configId, eventIds)
      return { eventIds: await replay(target, events) }
    },

    async getExample(configId) {
      const config = (await requireTarget(configId)).stored.config
      return buildExamplePayload(config, config.eventName, { now: new Date(o.now()) })
    },

    getPublicKey(orgId): PublicKeyInfo {
      if (typeof orgId !== 'string' || orgId === '') throw new BadRequestError('getPublicKey needs an orgId.')
      return { public_key: key.publicKeyPem, algorithm: 'ed25519', issuer: 'epilot' }
    },

    idle() {
      if (outstanding === 0) return Promise.resolve()
      return new Promise<void>((resolve) => idleWaiters.push(resolve))
    },

    async close() {
      closed = true
      if (outstanding > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve))
      http.close()
    },

    inbound,
    async createInboundWebhook(input) {
      return inbound.create(input)
    },
    async getInboundWebhook(id) {
      return inbound.get(id)
    },
    async listInboundWebhooks() {
      return inbound.list()
    },
    async updateInboundWebhook(id, input) {
      return inbound.update(id, input)
    },
    async deleteInboundWebhook(id) {
      inbound.delete(id)
    },
    on: (eventKey, handler) => inbound.on(eventKey, handler),
    once: (eventKey, handler) => inbound.once(eventKey, handler),
    off: (eventKey, handler) => inbound.off(eventKey, handler),
  }
  return engine
}
