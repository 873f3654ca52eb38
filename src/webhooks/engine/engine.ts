/**
 * `createEngine`: builds the one {@link EngineContext} (options and clock, store, HTTP client, URL policy, signing key,
 * target cache, dispatcher, work tracker, event ids) and composes the stages over it — the pipeline of an event is
 * match (configs of its name) → filter → payload (payload/plan) → record (log) → queue (delivery/dispatcher) →
 * attempt (delivery/attempt) → log (its outcome).
 */
import type { PublicKeyInfo, WebhookEngine } from './api'
import * as configs from './config/configs'
import { EventsRegistry } from './config/events-registry'
import { testOAuth } from './config/test-oauth'
import type { EngineContext } from './context'
import { admit, runJob } from './delivery/deliveries'
import { CircuitBreaker } from './delivery/circuit-breaker'
import { Dispatcher } from './delivery/dispatcher'
import { EndpointBudget } from './delivery/endpoint-budget'
import { EndpointGate } from './delivery/endpoint-gate'
import { HealthTracker, healthSettings } from './delivery/endpoint-health'
import { checkRoom, engineStats, withHealth } from './delivery/engine-stats'
import { createHttpClient } from './delivery/http-client'
import { parseEventIds, replay } from './delivery/replay'
import { resolveSigningKey } from './delivery/signing-key'
import { trigger } from './delivery/trigger'
import { createUrlPolicy } from './delivery/url-policy'
import { createWorkTracker } from './delivery/work-tracker'
import { RequestValidationError } from './errors'
import { createInboundHub } from './inbound/hub'
import { inboundEngineMethods } from './inbound/engine-methods'
import { monotonicClock, requireEvent, searchEvents, toRecord } from './log/event-log'
import { createEventIdGenerator } from './log/ids'
import { listEventsV1 } from './log/legacy-list'
import { resolveOptions, type EngineOptions } from './options'
import { parseEmitInput, parseIdempotencyKey } from './payload/event-input'
import { buildExamplePayload, parseExampleRequest } from './payload/example'
import { planEmit, type Plan } from './payload/plan'
import { createMemoryStore } from './store/memory'
import { startPruner } from './store/pruner'

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
  const store = options.store ?? createMemoryStore({ maxEvents: o.maxEvents ?? 100_000 })
  const key = resolveSigningKey(options.signingKey)
  const registry = new EventsRegistry(options.events)
  const urlPolicy = createUrlPolicy({
    ...(options.allowedSchemes ? { allowedSchemes: options.allowedSchemes } : {}),
    blockPrivateNetworks: options.blockPrivateNetworks === true,
    ...(options.lookup ? { lookup: options.lookup } : {}),
  })
  const http = createHttpClient({ maxSockets: o.maxSockets, ...(urlPolicy.lookup ? { lookup: urlPolicy.lookup } : {}) })
  const work = createWorkTracker()
  const breaker = new CircuitBreaker(o.circuitBreaker, o.now)
  const endpoints = new EndpointGate(new EndpointBudget(o.perEndpointConcurrency), breaker)
  const ctx: EngineContext = {
    options: o,
    store,
    http,
    urlPolicy,
    signing: {
      ...key,
      ...(options.hmacVersion ? { hmacVersion: options.hmacVersion } : {}),
    },
    targets: new Map(),
    dispatcher: new Dispatcher(
      store,
      { concurrency: o.concurrency, perConfigConcurrency: o.perConfigConcurrency, leaseMs: o.leaseMs, pollIntervalMs: o.pollIntervalMs, maxQueueSize: o.maxQueueSize },
      (job) => runJob(ctx, job),
      {
        // An injected sleep (a fake clock) drives the waits for retries; real timers otherwise.
        clock: options.sleep ? { now: o.now, sleep: o.sleep } : { now: o.now },
        ...(options.workerId !== undefined ? { workerId: options.workerId } : {}),
        endpoints: { gate: endpoints, originOf: (configId) => ctx.targets.get(configId)?.origin, now: o.now },
      },
    ),
    endpoints,
    health: new HealthTracker(breaker, healthSettings(o.disableAfterDays), o.now),
    work,
    createdAt: monotonicClock(o.now),
    nextEventId: createEventIdGenerator(),
  }

  const pruner = startPruner(store, o)
  void ctx.dispatcher.start()

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
    createConfig: async (input) => withHealth(ctx, await configs.createConfig(ctx, input)),
    async getConfig(configId) {
      return withHealth(ctx, configs.present((await configs.requireTarget(ctx, configId)).stored.config))
    },
    updateConfig: async (configId, input) => withHealth(ctx, await configs.updateConfig(ctx, configId, input)),
    deleteConfig: (configId) => configs.deleteConfig(ctx, configId),
    listConfigs: async (filter) => (await configs.listConfigs(ctx, filter)).map((config) => withHealth(ctx, config)),

    async getConfiguredEvents() {
      return registry.list()
    },

    registerEvent(entry) {
      registry.register(entry)
    },

    async emit(eventName, event, metadata, emitOptions) {
      work.assertOpen()
      parseEmitInput(eventName, event, metadata)
      const key = parseIdempotencyKey(emitOptions?.idempotencyKey)
      const plans: Plan[] = []
      const plan = planEmit(eventName, event, metadata)
      for (const stored of await store.listConfigs({ eventName })) {
        if (stored.config.status !== 'active') continue
        const p = plan(configs.targetFor(ctx, stored)) // a non-matching config answers synchronously
        plans.push(p instanceof Promise ? await p : p)
      }
      return { deliveries: (await admit(ctx, plans, key === undefined ? undefined : { key: `emit:${key}` })).deliveries }
    },

    async trigger(configId, body, triggerOptions) {
      work.assertOpen()
      return trigger(ctx, configId, body, Boolean(triggerOptions?.sync), parseIdempotencyKey(triggerOptions?.idempotencyKey))
    },

    async getEvent(configId, eventId) {
      return toRecord(await requireEvent(store, configId, eventId))
    },

    searchEvents: (configId, searchOptions = {}) => searchEvents(store, configId, searchOptions),
    listEvents: (configId, listOptions) => listEventsV1(store, configId, listOptions),
    testOAuth: (configId) => testOAuth(ctx, configId),

    async replayEvent(configId, eventId) {
      const [id] = await replay(ctx, configId, [eventId])
      return { eventId: id as string }
    },

    async batchReplay(configId, eventIds) {
      return { eventIds: await replay(ctx, configId, parseEventIds(eventIds)) }
    },

    async getExample(configId, request) {
      parseExampleRequest(request)
      const config = (await configs.requireTarget(ctx, configId)).stored.config
      return buildExamplePayload(config, config.eventName, { now: new Date(o.now()) })
    },

    getPublicKey(orgId): PublicKeyInfo {
      if (typeof orgId !== 'string' || orgId.trim() === '') throw new RequestValidationError([{ path: 'orgId', message: 'is required' }])
      return { public_key: ctx.signing.publicKeyPem, algorithm: 'ed25519', issuer: 'epilot' }
    },

    async idle() {
      await work.idle()
      await ctx.dispatcher.idle()
    },
    stats: () => engineStats(ctx),
    drain: (room) => ctx.dispatcher.whenRoom(checkRoom(room, o.maxQueueSize)),

    async close() {
      await work.close()
      // A store private to this process would lose queued deliveries: deliver them first. A durable store keeps
      // them for the other workers (or the next start): only the attempts running here are awaited.
      await ctx.dispatcher.stop(!store.durable)
      pruner.stop()
      http.close()
    },

    ...inboundEngineMethods(inbound),
  }
  return engine
}
