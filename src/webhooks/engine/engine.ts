/**
 * `createEngine`: composes the modules — configs (CRUD, target cache), plan (filter, payload), deliveries
 * (admit, async/sync attempts, idle/close), event-log (records, search), trigger and replay — over one store,
 * one HTTP client and one signing key.
 */
import { createSigner } from '../signature'
import type { PublicKeyInfo, WebhookEngine } from './api'
import type { AttemptDeps } from './delivery/attempt'
import { createHttpClient } from './delivery/http-client'
import { resolveSigningKey } from './delivery/signing-key'
import type { DeliveryTarget } from './delivery/target'
import * as configs from './config/configs'
import { admit, createWorkTracker, runJob, type DeliveryContext } from './delivery/deliveries'
import { RequestValidationError } from './errors'
import { monotonicClock, requireEvent, searchEvents, toRecord } from './log/event-log'
import { EventsRegistry } from './config/events-registry'
import { createInboundHub } from './inbound'
import { inboundEngineMethods } from './inbound/engine-methods'
import { createEventIdGenerator } from './log/ids'
import { resolveOptions, type EngineOptions } from './options'
import { parseEmitInput } from './payload/event-input'
import { buildExamplePayload, parseExampleRequest } from './payload/example'
import { planDelivery, type Plan } from './payload/plan'
import { Dispatcher } from './delivery/dispatcher'
import { parseEventIds, replay } from './delivery/replay'
import { createMemoryStore } from './store/memory'
import { trigger } from './delivery/trigger'
import { createUrlPolicy } from './delivery/url-policy'

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
  const registry = new EventsRegistry(options.events)
  const policy = createUrlPolicy({
    ...(options.allowedSchemes ? { allowedSchemes: options.allowedSchemes } : {}),
    blockPrivateNetworks: options.blockPrivateNetworks === true,
    ...(options.lookup ? { lookup: options.lookup } : {}),
  })
  const http = createHttpClient({ maxSockets: o.maxSockets, ...(policy.lookup ? { lookup: policy.lookup } : {}) })
  const attempt: AttemptDeps = {
    send: http.send,
    now: o.now,
    env: o.env,
    maxLoggedBodyChars: o.maxLoggedBodyChars,
  }
  const configCtx: configs.ConfigContext = {
    store,
    targets: new Map<string, DeliveryTarget>(),
    target: {
      privateKey: key.privateKey,
      engineSigner: createSigner({ privateKey: key.privateKey }),
      ...(options.hmacVersion ? { hmacVersion: options.hmacVersion } : {}),
      policy,
      userAgent: o.userAgent,
      oauth: { send: http.send, policy, now: o.now, env: o.env, ...o.oauth },
    },
    now: o.now,
  }
  const work = createWorkTracker()
  const ctx: DeliveryContext = {
    store,
    configs: configCtx,
    dispatcher: new Dispatcher(
      store,
      { concurrency: o.concurrency, perConfigConcurrency: o.perConfigConcurrency, maxQueueSize: o.maxQueueSize },
      (job) => runJob(ctx, job),
    ),
    work,
    attempt,
    options: o,
    createdAt: monotonicClock(o.now),
    nextEventId: createEventIdGenerator(),
  }

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
    createConfig: (input) => configs.createConfig(configCtx, input),
    async getConfig(configId) {
      return configs.present((await configs.requireTarget(configCtx, configId)).stored.config)
    },
    updateConfig: (configId, input) => configs.updateConfig(configCtx, configId, input),
    deleteConfig: (configId) => configs.deleteConfig(configCtx, configId),
    listConfigs: (filter) => configs.listConfigs(configCtx, filter),

    async getConfiguredEvents() {
      return registry.list()
    },

    registerEvent(entry) {
      registry.register(entry)
    },

    async emit(eventName, event, metadata) {
      work.assertOpen()
      parseEmitInput(eventName, event, metadata)
      const plans: Plan[] = []
      for (const stored of await store.listConfigs({ eventName })) {
        if (stored.config.status !== 'active') continue
        plans.push(await planDelivery(eventName, configs.targetFor(configCtx, stored), event, metadata))
      }
      return { deliveries: await admit(ctx, plans) }
    },

    async trigger(configId, body, triggerOptions) {
      work.assertOpen()
      return trigger(ctx, configId, body, Boolean(triggerOptions?.sync))
    },

    async getEvent(configId, eventId) {
      return toRecord(await requireEvent(store, configId, eventId))
    },

    searchEvents: (configId, searchOptions = {}) => searchEvents(store, configId, searchOptions),

    async replayEvent(configId, eventId) {
      const [id] = await replay(ctx, configId, [eventId])
      return { eventId: id as string }
    },

    async batchReplay(configId, eventIds) {
      return { eventIds: await replay(ctx, configId, parseEventIds(eventIds)) }
    },

    async getExample(configId, request) {
      parseExampleRequest(request)
      const config = (await configs.requireTarget(configCtx, configId)).stored.config
      return buildExamplePayload(config, config.eventName, { now: new Date(o.now()) })
    },

    getPublicKey(orgId): PublicKeyInfo {
      if (typeof orgId !== 'string' || orgId.trim() === '') throw new RequestValidationError([{ path: 'orgId', message: 'is required' }])
      return { public_key: key.publicKeyPem, algorithm: 'ed25519', issuer: 'epilot' }
    },

    idle: () => work.idle(),

    async close() {
      await work.close()
      http.close()
    },

    ...inboundEngineMethods(inbound),
  }
  return engine
}
