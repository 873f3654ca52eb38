/**
 * Credentials inside a config URL (`https://user:pass@host/…`, `?api_key=…`): masked wherever a URL is shown, and
 * restored from the stored URL when a masked URL is saved back — the same contract as the secret fields
 * (`config/secrets.ts`). Works on the URL text, so everything but the masked parts stays exactly as written.
 */

/** What a credential inside a URL looks like in responses and the event log (the same mask as secret fields). */
export const URL_SECRET_MASK = '********'

/**
 * Query parameter names treated as secrets, compared after lower-casing and removing `-`, `_` and `.`:
 * a name equal to one of {@link SECRET_QUERY_EXACT} or containing one of {@link SECRET_QUERY_PARTS}.
 */
export const SECRET_QUERY_EXACT: readonly string[] = ['key', 'sig', 'pwd', 'pass', 'code', 'auth', 'jwt', 'sid', 'session']

/** Parts of a query parameter name that make it a secret (see {@link SECRET_QUERY_EXACT}). */
export const SECRET_QUERY_PARTS: readonly string[] = [
  'token',
  'secret',
  'passw',
  'apikey',
  'accesskey',
  'privatekey',
  'signature',
  'credential',
  'authorization',
  'sessionid',
  'clientsecret',
]

/** Whether a query parameter of this name carries a secret (e.g. `api_key`, `access_token`, `X-Amz-Signature`). */
export function isSecretQueryName(name: string): boolean {
  const n = name.toLowerCase().replace(/[-_.]/g, '')
  return SECRET_QUERY_EXACT.includes(n) || SECRET_QUERY_PARTS.some((part) => n.includes(part))
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

/** A URL split where credentials can sit: `scheme://` · userinfo · `@host…path` · `?query` · `#fragment`. */
interface UrlParts {
  head: string
  user: string
  password: string | undefined
  rest: string
  query: string | undefined
  fragment: string
}

const AUTHORITY = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^/?#]*)/

function split(url: string): UrlParts | undefined {
  const match = AUTHORITY.exec(url)
  if (!match) return undefined
  const head = match[1] as string
  const authority = match[2] as string
  const at = authority.lastIndexOf('@')
  const userinfo = at === -1 ? undefined : authority.slice(0, at)
  const colon = userinfo === undefined ? -1 : userinfo.indexOf(':')
  let tail = url.slice(match[0].length)
  const hash = tail.indexOf('#')
  const fragment = hash === -1 ? '' : tail.slice(hash)
  if (hash !== -1) tail = tail.slice(0, hash)
  const question = tail.indexOf('?')
  const query = question === -1 ? undefined : tail.slice(question + 1)
  const path = question === -1 ? tail : tail.slice(0, question)
  return {
    head,
    user: userinfo === undefined ? '' : colon === -1 ? userinfo : userinfo.slice(0, colon),
    password: colon === -1 || userinfo === undefined ? undefined : userinfo.slice(colon + 1),
    rest: `${at === -1 ? authority : authority.slice(at + 1)}${path}`,
    query,
    fragment,
  }
}

function join(p: UrlParts, userinfo: string): string {
  return `${p.head}${userinfo}${p.rest}${p.query === undefined ? '' : `?${p.query}`}${p.fragment}`
}

function userinfoOf(user: string, password: string | undefined): string {
  return password === undefined ? user : `${user}:${password}`
}

/** Maps the value of every secret-named `name=value` pair of a raw query; other pairs stay byte for byte. */
function mapSecretParams(query: string, fn: (name: string, value: string, index: number) => string): string {
  let index = 0
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      if (eq === -1) return pair
      const name = decode(pair.slice(0, eq))
      if (!isSecretQueryName(name)) return pair
      return `${pair.slice(0, eq + 1)}${fn(name, pair.slice(eq + 1), index++)}`
    })
    .join('&')
}

/**
 * The URL with its credentials masked: the user-info password (or a user name standing alone, which is then the
 * credential, e.g. `https://<token>@host`) and the value of every query parameter whose name looks like a secret.
 * Text that is not an absolute URL is returned as it is.
 * @example
 * maskUrl('https://bob:hunter2@hooks.example.com/in?api_key=k1&x=1')
 * // 'https://bob:********@hooks.example.com/in?api_key=********&x=1'
 */
export function maskUrl(url: string): string {
  const p = split(url)
  if (!p) return url
  let userinfo = userinfoOf(p.user, p.password)
  if (p.password !== undefined && p.password !== '') userinfo = `${p.user}:${URL_SECRET_MASK}`
  else if (p.password === undefined && p.user !== '') userinfo = URL_SECRET_MASK
  const masked = { ...p, query: p.query === undefined ? undefined : mapSecretParams(p.query, (_n, value) => (value === '' ? value : URL_SECRET_MASK)) }
  return join(masked, userinfo === '' ? '' : `${userinfo}@`)
}

/** Whether a URL holds the mask in place of a credential (so saving it needs the stored URL's values). */
function containsMaskedPart(url: string): boolean {
  const p = split(url)
  if (!p) return false
  if (p.password === URL_SECRET_MASK || (p.password === undefined && p.user === URL_SECRET_MASK)) return true
  let found = false
  if (p.query !== undefined) mapSecretParams(p.query, (_n, value) => ((found ||= value === URL_SECRET_MASK), value))
  return found
}

/** Origin as written (scheme and authority without user info), lower-cased: credentials only return to it. */
function originText(p: UrlParts): string {
  const slash = p.rest.search(/[/?#]/)
  const authority = slash === -1 ? p.rest : p.rest.slice(0, slash)
  return `${p.head}${authority}`.toLowerCase()
}

/**
 * For saves: every masked credential in `incoming` takes the value at the same place of the stored URL — the
 * password, a lone user name, or the n-th secret-named query parameter of the same name. Returns undefined when a
 * mask cannot be restored (no stored URL, another origin, or no such credential there): the caller answers 400,
 * so neither the mask nor a stored credential is ever sent to a new host.
 * @example
 * keepMaskedUrl('https://bob:********@h.example/x', 'https://bob:hunter2@h.example/old') // 'https://bob:hunter2@h.example/x'
 */
export function keepMaskedUrl(incoming: string, stored: string | undefined): string | undefined {
  if (!containsMaskedPart(incoming)) return incoming
  const p = split(incoming)
  const s = stored === undefined ? undefined : split(stored)
  if (!p || !s || originText(p) !== originText(s)) return undefined
  let ok = true
  let user = p.user
  let password = p.password
  if (password === URL_SECRET_MASK) {
    if (s.password === undefined || s.password === '') ok = false
    password = s.password
  } else if (password === undefined && user === URL_SECRET_MASK) {
    if (s.password !== undefined || s.user === '') ok = false
    user = s.user
  }
  const storedParams = new Map<string, string[]>()
  if (s.query !== undefined) {
    mapSecretParams(s.query, (name, value) => {
      storedParams.set(name, [...(storedParams.get(name) ?? []), value])
      return value
    })
  }
  const seen = new Map<string, number>()
  const query =
    p.query === undefined
      ? undefined
      : mapSecretParams(p.query, (name, value) => {
          const n = seen.get(name) ?? 0
          seen.set(name, n + 1)
          if (value !== URL_SECRET_MASK) return value
          const original = storedParams.get(name)?.[n]
          if (original === undefined) ok = false
          return original ?? value
        })
  if (!ok) return undefined
  const userinfo = userinfoOf(user, password)
  return join({ ...p, query }, userinfo === '' ? '' : `${userinfo}@`)
}
