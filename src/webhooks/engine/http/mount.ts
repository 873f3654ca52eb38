/**
 * Adapts routes written as plain data with a pre-read body (the shape `inboundRoutes(hub)` returns) to the
 * server's route table: the server reads the body (size-limited) and hands it over as a Buffer.
 */
import type { IncomingHttpHeaders } from 'node:http'
import { EngineError } from '../errors'
import type { RouteDefinition } from './router'

/** What a mounted route's `handle` gets: the body already read. */
export interface MountedRouteContext {
  params: Record<string, string>
  query: URLSearchParams
  headers: IncomingHttpHeaders
  /** The raw body (empty when none was sent). */
  body: Buffer
  /** The body parsed as JSON (`undefined` when empty), whatever its content type; invalid JSON is a 400. */
  json(): unknown
}

/** A route as plain data with a body-first handler, e.g. each entry of `inboundRoutes(hub)`. */
export interface MountableRoute {
  method: string
  /** Path template with `{name}` parameters. */
  path: string
  /** Whether the server checks the bearer token before calling `handle`. */
  auth: boolean
  /** Body limit for this route (default: the server's). */
  maxBodyBytes?: number
  handle(ctx: MountedRouteContext): Promise<{ status: number; body?: unknown }>
}

function parseAnyJson(body: Buffer): unknown {
  if (body.length === 0) return undefined
  try {
    return JSON.parse(body.toString('utf8')) as unknown
  } catch {
    throw new EngineError('invalid_json', 'The request body is not valid JSON; check quoting and trailing commas')
  }
}

/** The route-table row for a mountable route. */
export function mountedRoute(route: MountableRoute): RouteDefinition {
  return {
    method: route.method,
    path: route.path,
    auth: route.auth,
    ...(route.maxBodyBytes === undefined ? {} : { bodyLimitBytes: route.maxBodyBytes }),
    handler: async (ctx) => {
      const body = await ctx.rawBody()
      let parsed: { value: unknown } | undefined
      return route.handle({
        params: { ...ctx.params },
        query: ctx.query,
        headers: ctx.req.headers,
        body,
        json: () => (parsed ??= { value: parseAnyJson(body) }).value,
      })
    },
  }
}
