/**
 * The route table: data (method + OpenAPI-style path template + handler + options), compiled once into
 * segment lists and matched per request without regular expressions.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/** What a route handler gets for one request. Body and query are read lazily, at most once. */
export interface RequestContext {
  readonly req: IncomingMessage
  readonly res: ServerResponse
  /** Upper-case HTTP method. */
  readonly method: string
  /** The path, without query string, as sent (percent-encoded). */
  readonly path: string
  /** Decoded path parameters, e.g. `{ configId: 'a/b' }` for `/v1/webhooks/configs/a%2Fb`. */
  readonly params: Readonly<Record<string, string>>
  /** The query string's parameters (values are strings). */
  readonly query: URLSearchParams
  /** The body exactly as sent (size-limited; 413 beyond the limit). Use it to verify signatures. */
  rawBody(): Promise<Buffer>
  /**
   * The body parsed as JSON; `undefined` when empty. Non-empty bodies need a JSON `Content-Type` (else 415).
   * With `required: true` an empty body is a 400.
   */
  json(options?: { required?: boolean }): Promise<unknown>
}

/** What a handler answers. `body` is sent as JSON; leave it out for an empty answer (e.g. 204). */
export interface RouteResponse {
  status: number
  body?: unknown
  headers?: Readonly<Record<string, string>>
}

/**
 * Handles one matched request. Return a {@link RouteResponse}; or write to `ctx.res` yourself and return
 * nothing. Throw `EngineError` (or `HttpError` for a status/code of your own) for error answers.
 */
export type RouteHandler = (ctx: RequestContext) => RouteResponse | void | Promise<RouteResponse | void>

/** Per-route options. */
export interface RouteOptions {
  /** Require `Authorization: Bearer <token>` (checked before the body is read). */
  auth: boolean
  /** Body size limit for this route; defaults to the server's `bodyLimitBytes`. */
  bodyLimitBytes?: number
}

/** One row of the route table. */
export interface RouteDefinition extends RouteOptions {
  /** HTTP method, e.g. `POST`. */
  method: string
  /** Path template with `{name}` parameters filling whole segments, e.g. `/v1/webhooks/configs/{configId}`. */
  path: string
  handler: RouteHandler
}

type Segment = { kind: 'static'; value: string } | { kind: 'param'; name: string }

interface CompiledRoute {
  readonly definition: RouteDefinition
  readonly segments: readonly Segment[]
}

/** Result of matching a request against the table. */
export type RouteMatch =
  | { kind: 'found'; route: RouteDefinition; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allow: string[] }
  | { kind: 'not_found' }
  | { kind: 'bad_path' }

const PARAM = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/

function compile(definition: RouteDefinition): CompiledRoute {
  if (!definition.path.startsWith('/')) throw new TypeError(`Route path must start with "/": ${definition.path}`)
  const segments = definition.path
    .slice(1)
    .split('/')
    .map((part): Segment => {
      const param = PARAM.exec(part)
      if (param) return { kind: 'param', name: param[1] as string }
      if (part.includes('{') || part.includes('}')) throw new TypeError(`A path parameter must fill a whole segment: ${definition.path}`)
      return { kind: 'static', value: part }
    })
  return { definition: { ...definition, method: definition.method.toUpperCase() }, segments }
}

/** Static segments beat parameters, position by position, so `/events/replay-batch` wins over `/events/{eventId}`. */
function bySpecificity(a: CompiledRoute, b: CompiledRoute): number {
  const length = Math.min(a.segments.length, b.segments.length)
  for (let i = 0; i < length; i++) {
    const ka = (a.segments[i] as Segment).kind
    const kb = (b.segments[i] as Segment).kind
    if (ka !== kb) return ka === 'static' ? -1 : 1
  }
  return 0
}

function matches(route: CompiledRoute, parts: readonly string[]): boolean {
  if (route.segments.length !== parts.length) return false
  for (let i = 0; i < parts.length; i++) {
    const segment = route.segments[i] as Segment
    const part = parts[i] as string
    if (segment.kind === 'static' ? segment.value !== part : part === '') return false
  }
  return true
}

/** A mutable route table; `add` may be called at any time (routes added later are matched from then on). */
export class Router {
  private routes: CompiledRoute[] = []

  /** Adds a route; throws when the same method and template are already taken. */
  add(definition: RouteDefinition): void {
    const compiled = compile(definition)
    const shape = (r: CompiledRoute): string => r.segments.map((s) => (s.kind === 'static' ? s.value : '{}')).join('/')
    if (this.routes.some((r) => r.definition.method === compiled.definition.method && shape(r) === shape(compiled))) {
      throw new TypeError(`Route ${compiled.definition.method} ${definition.path} is already defined`)
    }
    // Stable sort keeps insertion order among equally specific routes.
    this.routes = [...this.routes, compiled].sort(bySpecificity)
  }

  /** The routes in match order. */
  list(): RouteDefinition[] {
    return this.routes.map((r) => r.definition)
  }

  /**
   * Finds the route for a method and a raw (percent-encoded) path without query string. Only the most specific
   * template that fits the path counts, whatever the method: `PUT /inbound/receive` is a 405 when only
   * `GET|POST /inbound/receive` exist, not a call of `PUT /inbound/{uuid}`.
   */
  match(method: string, path: string): RouteMatch {
    const parts = path.slice(1).split('/')
    let allow: string[] | undefined
    let best: CompiledRoute | undefined
    for (const route of this.routes) {
      if (!matches(route, parts)) continue
      best ??= route
      if (bySpecificity(route, best) !== 0) break
      if (route.definition.method !== method) {
        allow ??= []
        if (!allow.includes(route.definition.method)) allow.push(route.definition.method)
        continue
      }
      const params: Record<string, string> = {}
      for (let i = 0; i < parts.length; i++) {
        const segment = route.segments[i] as Segment
        if (segment.kind !== 'param') continue
        try {
          params[segment.name] = decodeURIComponent(parts[i] as string)
        } catch {
          return { kind: 'bad_path' }
        }
      }
      return { kind: 'found', route: route.definition, params }
    }
    return allow ? { kind: 'method_not_allowed', allow } : { kind: 'not_found' }
  }
}
