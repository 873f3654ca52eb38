/**
 * Settings the default `epilot` object reads from the environment, lazily (when its first client is made, and the
 * token on every request) and safely: where `process` does not exist (browsers, workers) or env access is refused
 * (Deno without `--allow-env`), nothing is read and nothing throws.
 */

/** The environment variable naming the API base URL (e.g. a local engine: `http://127.0.0.1:4000`). */
export const ENV_API_URL = 'EPILOT_API_URL'
/** The environment variable holding a bearer token. */
export const ENV_TOKEN = 'EPILOT_TOKEN'

/** An environment variable's trimmed value, or undefined when unset, empty or unreadable here. */
export function readEnv(name: string): string | undefined {
  try {
    const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name]
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
  } catch {
    return undefined
  }
}

/**
 * `EPILOT_API_URL` when set. Throws a TypeError naming the variable (not its value, which may hold credentials) when
 * it is not an http(s) URL, so a typo does not send requests somewhere unexpected.
 */
export function envBaseURL(): string | undefined {
  const value = readEnv(ENV_API_URL)
  if (value === undefined) return undefined
  let protocol: string | undefined
  try {
    protocol = new URL(value).protocol
  } catch {
    protocol = undefined
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw new TypeError(`${ENV_API_URL} is set but is not an http(s) URL; fix or unset it`)
  return value
}
