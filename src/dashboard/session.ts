/**
 * The bearer token lives in `sessionStorage`: this tab only, gone when it closes. Never in the URL, never logged.
 */
/** The sessionStorage key of the token. */
export const TOKEN_KEY = 'epilot-webhooks-dashboard-token'

export interface TokenStore {
  get(): string | undefined
  set(token: string): void
  clear(): void
}

/** The token store over `storage` (default: this tab's `sessionStorage`). */
export function sessionTokenStore(storage: Storage = sessionStorage): TokenStore {
  return {
    get: () => storage.getItem(TOKEN_KEY) ?? undefined,
    set: (token) => storage.setItem(TOKEN_KEY, token),
    clear: () => storage.removeItem(TOKEN_KEY),
  }
}
