/**
 * Where a bearer token comes from: a string, or a function (sync or async) called before every request,
 * so short-lived tokens can be refreshed without recreating clients.
 */
export type TokenSource = string | (() => string | undefined | Promise<string | undefined>)

/** Reads the current token from a source; an empty result means "send no Authorization header". */
export async function resolveToken(source: TokenSource | undefined): Promise<string | undefined> {
  if (source === undefined) return undefined
  const token = typeof source === 'function' ? await source() : source
  return token ? token : undefined
}
