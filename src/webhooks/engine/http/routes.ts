/**
 * The Webhooks API (openapi.json) as a route table over a `WebhookEngine`: one row per operation, same paths,
 * methods and success statuses as the spec. Only `getPublicKey` is open; every other route needs a bearer token.
 * Routes only read the HTTP request (path, query, JSON body); the engine's methods validate what they are given.
 */
import type { EventSearchOptions, WebhookEngine } from '../api'
import { isObject } from '../validation'
import { booleanQuery, optionalQuery, requiredQuery } from './query'
import type { RouteDefinition } from './router'

const CONFIGS = '/v1/webhooks/configs'
const CONFIG = `${CONFIGS}/{configId}`

function param(params: Readonly<Record<string, string>>, name: string): string {
  return params[name] as string
}

function configLocation(configId: string): string {
  return `${CONFIGS}/${encodeURIComponent(configId)}`
}

/** The 15 operations of the Webhooks API, keyed by operationId in a comment on each row. */
export function webhooksApiRoutes(engine: WebhookEngine): RouteDefinition[] {
  return [
    // getPublicKey: no auth (the key is public), but orgId is required.
    {
      method: 'GET',
      path: '/v1/webhooks/.well-known/public-key',
      auth: false,
      handler: ({ query }) => ({ status: 200, body: engine.getPublicKey(requiredQuery(query, 'orgId')) }),
    },
    // getConfiguredEvents
    {
      method: 'GET',
      path: '/v1/webhooks/configured-events',
      auth: true,
      handler: async () => ({ status: 200, body: await engine.getConfiguredEvents() }),
    },
    // getConfigs
    {
      method: 'GET',
      path: CONFIGS,
      auth: true,
      handler: async ({ query }) => {
        const eventName = optionalQuery(query, 'eventName')
        return { status: 200, body: await engine.listConfigs(eventName === undefined ? {} : { eventName }) }
      },
    },
    // createConfig: 201 + Location of the new config.
    {
      method: 'POST',
      path: CONFIGS,
      auth: true,
      handler: async (ctx) => {
        const created = await engine.createConfig(await ctx.json({ required: true }))
        return { status: 201, body: created, headers: created.id ? { Location: configLocation(created.id) } : undefined }
      },
    },
    // getConfig
    {
      method: 'GET',
      path: CONFIG,
      auth: true,
      handler: async ({ params }) => ({ status: 200, body: await engine.getConfig(param(params, 'configId')) }),
    },
    // updateConfig (PUT: the body replaces the config)
    {
      method: 'PUT',
      path: CONFIG,
      auth: true,
      handler: async (ctx) => ({
        status: 200,
        body: await engine.updateConfig(param(ctx.params, 'configId'), await ctx.json({ required: true })),
      }),
    },
    // deleteConfig: 204, no body.
    {
      method: 'DELETE',
      path: CONFIG,
      auth: true,
      handler: async ({ params }) => {
        await engine.deleteConfig(param(params, 'configId'))
        return { status: 204 }
      },
    },
    // testOAuth: one token request with the config's OAuth settings; 200 with success true or false.
    {
      method: 'POST',
      path: `${CONFIG}/test-oauth`,
      auth: true,
      handler: async ({ params }) => ({ status: 200, body: await engine.testOAuth(param(params, 'configId')) }),
    },
    // triggerWebhook: ?sync=true waits for the receiver (200); otherwise queued (202). Both answer TriggerWebhookResp.
    {
      method: 'POST',
      path: `${CONFIG}/trigger`,
      auth: true,
      handler: async (ctx) => {
        const sync = booleanQuery(ctx.query, 'sync', false)
        const body = (await ctx.json({ required: true })) as Parameters<WebhookEngine['trigger']>[1]
        // `Idempotency-Key`: a repeated trigger within 24 h answers with the first one's event and records nothing.
        const key = ctx.req.headers['idempotency-key']
        const idempotencyKey = Array.isArray(key) ? key[0] : key
        return { status: sync ? 200 : 202, body: await engine.trigger(param(ctx.params, 'configId'), body, { sync, ...(idempotencyKey !== undefined ? { idempotencyKey } : {}) }) }
      },
    },
    // batchReplayEvents: 202, no body (the spec declares none).
    {
      method: 'POST',
      path: `${CONFIG}/events/replay-batch`,
      auth: true,
      handler: async (ctx) => {
        const body = await ctx.json({ required: true })
        await engine.batchReplay(param(ctx.params, 'configId'), (isObject(body) ? body.eventIds : undefined) as string[])
        return { status: 202 }
      },
    },
    // getWehookEvents (deprecated v1 list): ?status&cursor, 25 a page.
    {
      method: 'GET',
      path: `${CONFIG}/events`,
      auth: true,
      handler: async ({ params, query }) => {
        const status = optionalQuery(query, 'status') as 'succeeded' | 'failed' | 'in_progress' | undefined
        const cursor = optionalQuery(query, 'cursor')
        return {
          status: 200,
          body: await engine.listEvents(param(params, 'configId'), { ...(status !== undefined ? { status } : {}), ...(cursor !== undefined ? { cursor } : {}) }),
          headers: { Deprecation: 'true', Link: `</v2/webhooks/configs/${encodeURIComponent(param(params, 'configId'))}/events>; rel="successor-version"` },
        }
      },
    },
    // getEventById
    {
      method: 'GET',
      path: `${CONFIG}/events/{eventId}`,
      auth: true,
      handler: async ({ params }) => ({
        status: 200,
        body: await engine.getEvent(param(params, 'configId'), param(params, 'eventId')),
      }),
    },
    // replayEvent: 202, no body; Location points at the new event.
    {
      method: 'POST',
      path: `${CONFIG}/events/{eventId}/replay`,
      auth: true,
      handler: async ({ params }) => {
        const configId = param(params, 'configId')
        const { eventId } = await engine.replayEvent(configId, param(params, 'eventId'))
        return { status: 202, headers: { Location: `${configLocation(configId)}/events/${encodeURIComponent(eventId)}` } }
      },
    },
    // getWebhookExample: the spec requires a body, but an empty one is accepted (it has no required fields).
    {
      method: 'POST',
      path: `${CONFIG}/example`,
      auth: true,
      handler: async (ctx) => ({
        status: 200,
        body: await engine.getExample(param(ctx.params, 'configId'), (await ctx.json()) as { automation_id?: string } | undefined),
      }),
    },
    // getWebhookEventsV2: optional SearchOptions body.
    {
      method: 'POST',
      path: '/v2/webhooks/configs/{configId}/events',
      auth: true,
      handler: async (ctx) => ({
        status: 200,
        body: await engine.searchEvents(param(ctx.params, 'configId'), (await ctx.json()) as EventSearchOptions | undefined),
      }),
    },
  ]
}
