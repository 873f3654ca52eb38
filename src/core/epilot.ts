import type { ClientOptions } from './client'
import { resolveToken, type TokenSource } from './token'

type ClientFactories = Record<string, (options?: ClientOptions) => unknown>

/** The root SDK object: one lazily created client per service, plus `authorize` for all of them. */
export type Epilot<Factories extends ClientFactories> = {
  readonly [Service in keyof Factories]: ReturnType<Factories[Service]>
} & {
  /**
   * Sets the token every service client of this object sends, including clients already created.
   * Pass a function (sync or async) to have it called before each request.
   */
  authorize(token: TokenSource): void
}

/**
 * Builds an `epilot`-style object over a set of client factories. Each service's client (and its
 * routing table) is created on first access, so unused services cost nothing.
 */
export function createEpilot<Factories extends ClientFactories>(factories: Factories, options: Omit<ClientOptions, 'token'> = {}): Epilot<Factories> {
  let current: TokenSource | undefined
  const clients = new Map<string, unknown>()
  const target = {
    authorize(token: TokenSource): void {
      current = token
    },
  }
  for (const [service, factory] of Object.entries(factories)) {
    Object.defineProperty(target, service, {
      enumerable: true,
      get() {
        if (!clients.has(service)) clients.set(service, factory({ ...options, token: () => resolveToken(current) }))
        return clients.get(service)
      },
    })
  }
  return target as Epilot<Factories>
}
