/**
 * Which delivery targets are allowed: URL schemes, and — with `blockPrivateNetworks` — no private, loopback,
 * link-local or otherwise internal addresses. Hostnames are checked on every connection through a guarded DNS
 * lookup, so the address checked is the address connected to (no DNS-rebinding gap).
 */
import dns from 'node:dns'
import { BlockList, isIP, type LookupFunction } from 'node:net'

/** Options of {@link createUrlPolicy}. */
export interface UrlPolicyOptions {
  /** Allowed URL schemes without the colon (default `['http', 'https']`). */
  allowedSchemes?: readonly string[]
  /** Refuse private, loopback and link-local targets (IPv4 and IPv6). Default false so local use works. */
  blockPrivateNetworks?: boolean
  /** DNS lookup to guard (default `dns.lookup`); injectable for tests. */
  lookup?: LookupFunction
}

/** Result of a URL check. */
export type UrlCheck = { ok: true; url: URL } | { ok: false; code: 'url_blocked'; message: string }

/** A URL policy: a synchronous check plus, when private networks are blocked, the lookup to connect with. */
export interface UrlPolicy {
  check(url: string): UrlCheck
  /** Pass to the HTTP client so every resolved address is checked before connecting. */
  readonly lookup?: LookupFunction
}

/**
 * Every range of the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and its updates), plus
 * multicast, site-local and the deprecated IPv4-compatible block: all internal for `blockPrivateNetworks`, including
 * the few the registry marks globally reachable (AS112, AMT, TEREDO, 6to4, …), since none is a plain public web
 * host. Prefixes that embed an IPv4 address (6to4, TEREDO, NAT64, IPv4-compatible, IPv4-translated) are refused
 * whole, so no embedding of an internal IPv4 address gets through.
 */
const SPECIAL_PURPOSE_V4: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.31.196.0', 24], // AS112-v4
  ['192.52.193.0', 24], // AMT
  ['192.88.99.0', 24], // deprecated 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['192.175.48.0', 24], // direct delegation AS112 service
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255 limited broadcast
]

const SPECIAL_PURPOSE_V6: ReadonlyArray<readonly [string, number]> = [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible addresses (::127.0.0.1 = ::7f00:1)
  ['::ffff:0:0:0', 96], // IPv4-translated (SIIT): ::ffff:0:7f00:1
  ['64:ff9b::', 96], // IPv4/IPv6 translation (NAT64; may map to anything internal)
  ['64:ff9b:1::', 48], // local-use IPv4/IPv6 translation
  ['100::', 64], // discard-only
  ['100:0:0:1::', 64], // dummy IPv6 prefix
  ['2001::', 23], // IETF protocol assignments: TEREDO, benchmarking, AMT, AS112, ORCHID, drone remote ID, …
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4 (embeds an IPv4 address: 2002:7f00:1:: is 127.0.0.1)
  ['2620:4f:8000::', 48], // direct delegation AS112 service
  ['3fff::', 20], // documentation
  ['5f00::', 16], // segment routing (SRv6) SIDs
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
]

const internal = new BlockList()
for (const [net, prefix] of SPECIAL_PURPOSE_V4) internal.addSubnet(net, prefix, 'ipv4')
// IPv4-mapped addresses (::ffff:a.b.c.d) are judged by BlockList against the IPv4 rules above.
for (const [net, prefix] of SPECIAL_PURPOSE_V6) internal.addSubnet(net, prefix, 'ipv6')

/**
 * Whether an IP address is private, loopback, link-local or in any other IANA special-purpose range (documentation,
 * benchmarking, 6to4, TEREDO, NAT64, …) rather than a public internet address. IPv4-mapped IPv6 addresses
 * (`::ffff:a.b.c.d`) are judged by their IPv4 part; strings that are not IP addresses count as internal.
 * @example
 * isInternalAddress('10.1.2.3') // true
 * isInternalAddress('::ffff:127.0.0.1') // true
 */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 4) return internal.check(address, 'ipv4')
  if (family === 6) return internal.check(address, 'ipv6')
  return true
}

function blockedError(hostname: string, address: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`Refused to connect to ${hostname} (${address}): private, loopback and link-local targets are blocked (blockPrivateNetworks).`), {
    code: 'url_blocked',
  })
}

function guardLookup(lookup: LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0)
      const list = (Array.isArray(addresses) ? addresses : [{ address: String(addresses), family: 4 }]) as dns.LookupAddress[]
      // Every address must be public: a name resolving to one public and one private address is refused.
      const bad = list.find((a) => isInternalAddress(a.address))
      if (bad) return callback(blockedError(hostname, bad.address), '', 0)
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list)
      const first = list[0]
      if (!first) return callback(Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0)
      callback(null, first.address, first.family)
    })
  }
}

/**
 * Creates the policy the engine checks each delivery (and OAuth token request) against. A refused delivery ends
 * `failed` with `http_response.code` `url_blocked` and is not retried.
 * @example
 * const policy = createUrlPolicy({ blockPrivateNetworks: true })
 * policy.check('http://127.0.0.1/hook') // { ok: false, code: 'url_blocked', … }
 */
export function createUrlPolicy(options: UrlPolicyOptions = {}): UrlPolicy {
  const schemes = new Set((options.allowedSchemes ?? ['http', 'https']).map((s) => `${s.replace(/:$/, '').toLowerCase()}:`))
  const block = options.blockPrivateNetworks === true
  return {
    lookup: block ? guardLookup(options.lookup ?? (dns.lookup as LookupFunction)) : undefined,
    check(raw) {
      let url: URL
      try {
        url = new URL(raw)
      } catch {
        return { ok: false, code: 'url_blocked', message: 'The URL does not parse; use an absolute URL such as https://example.com/hook.' }
      }
      if (!schemes.has(url.protocol)) {
        return { ok: false, code: 'url_blocked', message: `The scheme ${url.protocol} is not allowed (allowed: ${[...schemes].join(', ')}).` }
      }
      if (block) {
        const host = url.hostname.replace(/^\[|\]$/g, '')
        // IP literals never reach the lookup, so check them here; names are checked at connect time.
        if (isIP(host) && isInternalAddress(host)) return { ok: false, code: 'url_blocked', message: blockedError(host, host).message }
        if (host === 'localhost' || host.endsWith('.localhost')) return { ok: false, code: 'url_blocked', message: blockedError(host, 'loopback').message }
      }
      return { ok: true, url }
    },
  }
}
