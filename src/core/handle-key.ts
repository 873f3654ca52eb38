/** Small helpers the client and the API handles share (kept apart so the client needs no handle code). */

/** Property under which an API handle (`epilot.webhooks`) answers with the client it stands for. */
export const HANDLE_CLIENT = Symbol.for('@epilot/sdk:handle-client')

/** The client behind an API handle, or the value itself when it is not a handle. */
export function unwrapHandle<T extends object>(value: T): T {
  const inner = (value as { [HANDLE_CLIENT]?: T })[HANDLE_CLIENT]
  return inner ?? value
}

/** The host (and port) of a URL computed by `url()`, or undefined when it cannot be read. Never user info or path. */
export function hostOf(url: () => string): string | undefined {
  try {
    return new URL(url()).host || undefined
  } catch {
    return undefined
  }
}
