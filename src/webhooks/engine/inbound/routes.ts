import type { MountableRoute, MountedRouteContext } from '../http/mount'
import { INBOUND_RECEIVE_PATH } from './hub'
import type { InboundHub } from './types'

/** @deprecated The same type as {@link MountedRouteContext}; use that. */
export type InboundRouteContext = MountedRouteContext

/** @deprecated The same type as `MountableRoute`'s answer; use `Awaited<ReturnType<MountableRoute['handle']>>`. */
export type InboundRouteResult = Awaited<ReturnType<MountableRoute['handle']>>

/** @deprecated The same type as {@link MountableRoute}; use that. */
export type InboundRoute = MountableRoute

/** Base path of the management routes. */
export const INBOUND_BASE_PATH = '/v1/webhooks/inbound'

/**
 * The HTTP routes of inbound webhooks. The receive routes come first: a server that matches in order must try
 * `/v1/webhooks/inbound/receive` before `/v1/webhooks/inbound/{uuid}`.
 *
 * - `GET|POST /v1/webhooks/inbound/receive` (no auth; token in `x-webhook-token`, `?token=` or a body field) → 202 `{ received: true }`
 * - `POST /v1/webhooks/inbound` `{ eventKey }` → 201 webhook; `GET /v1/webhooks/inbound` → list
 * - `GET|PUT|DELETE /v1/webhooks/inbound/{uuid}` → webhook / updated webhook / 204; `{uuid}` may also be the
 *   public `webhookId` (preferred: access logs record paths, and the webhookId is not a secret)
 * @example
 * for (const route of inboundRoutes(hub)) server.mount(route)
 */
export function inboundRoutes(hub: InboundHub): MountableRoute[] {
  const receive = (method: 'GET' | 'POST'): MountableRoute => ({
    method,
    path: INBOUND_RECEIVE_PATH,
    auth: false,
    maxBodyBytes: hub.limits.maxBodyBytes,
    async handle(ctx) {
      await hub.receive({ method, headers: ctx.headers, query: ctx.query, body: ctx.body })
      return { status: 202, body: { received: true } }
    },
  })
  const item = `${INBOUND_BASE_PATH}/{uuid}`
  return [
    receive('GET'),
    receive('POST'),
    { method: 'POST', path: INBOUND_BASE_PATH, auth: true, handle: async (ctx) => ({ status: 201, body: hub.create(ctx.json() as { eventKey: string }) }) },
    { method: 'GET', path: INBOUND_BASE_PATH, auth: true, handle: async () => ({ status: 200, body: hub.list() }) },
    { method: 'GET', path: item, auth: true, handle: async (ctx) => ({ status: 200, body: hub.get(param(ctx, 'uuid')) }) },
    {
      method: 'PUT',
      path: item,
      auth: true,
      handle: async (ctx) => ({ status: 200, body: hub.update(param(ctx, 'uuid'), ctx.json() as { eventKey: string }) }),
    },
    {
      method: 'DELETE',
      path: item,
      auth: true,
      handle: async (ctx) => {
        hub.delete(param(ctx, 'uuid'))
        return { status: 204 }
      },
    },
  ]
}

function param(ctx: MountedRouteContext, name: string): string {
  return ctx.params[name] ?? ''
}
