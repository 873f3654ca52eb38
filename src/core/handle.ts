/**
 * API handles (`epilot.webhooks`, `webhooks` of `@epilot/sdk/webhooks`), the 2.x form: an object that forwards every
 * operation and axios member to a lazily created shared client, plus `getClient()`, `createClient()`, `openapi()` and
 * `help()`.
 */
import { HANDLE_CLIENT } from './handle-key'
import type { OpenApiDocument } from './openapi'

/** What a handle adds to the client it forwards to. */
export interface ApiHandleMethods<Client> {
  /** The shared client the handle forwards to (created on first use, then the same object). */
  getClient(): Client
  /** A new client that is not cached, with the same settings as the shared one. */
  createClient(): Client
  /** The service's full OpenAPI document, loaded on first call (never part of a client bundle). */
  openapi(): Promise<OpenApiDocument>
  /** Markdown help for the service (operations, parameters), built from its OpenAPI document. */
  help(): Promise<string>
}

/** A service client's operations and axios members, forwarded to the shared client, plus {@link ApiHandleMethods}. */
export type ApiHandle<Client> = Client & ApiHandleMethods<Client>

/** Builds a handle over `methods.getClient()`; nothing is created until a member other than the four is used. */
export function createApiHandle<Client extends object>(methods: ApiHandleMethods<Client>): ApiHandle<Client> {
  const own = methods as unknown as Record<PropertyKey, unknown>
  // An arrow function as target, so the handle is callable like the axios instance it stands for.
  const target = (() => undefined) as unknown as ApiHandle<Client>
  return new Proxy(target, {
    get(_, prop) {
      if (prop === HANDLE_CLIENT) return methods.getClient()
      if (Object.hasOwn(own, prop)) return own[prop]
      // Not a thenable: `await handle` must not try to call the client's (absent) `then`.
      if (prop === 'then') return undefined
      const client = methods.getClient()
      const value: unknown = Reflect.get(client, prop, client)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(client) : value
    },
    set(_, prop, value) {
      return Reflect.set(methods.getClient(), prop, value)
    },
    has(_, prop) {
      return Object.hasOwn(own, prop) || prop in methods.getClient()
    },
    apply(_, thisArg, args) {
      return Reflect.apply(methods.getClient() as unknown as (...a: unknown[]) => unknown, thisArg, args)
    },
  })
}
