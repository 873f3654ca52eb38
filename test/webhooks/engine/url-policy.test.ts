import { describe, expect, it } from 'vitest'
import { createUrlPolicy, isInternalAddress } from '../../../src/webhooks/engine/delivery/url-policy'

describe('isInternalAddress', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fc00::1', 'fd12::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1'])(
    'treats %s as internal',
    (address) => expect(isInternalAddress(address)).toBe(true),
  )
  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '2a00:1450:4001::200e', '192.0.3.1', '203.0.114.1'])(
    'treats %s as public',
    (address) => expect(isInternalAddress(address)).toBe(false),
  )

  // Issue #13: these slipped through before; every IANA special-purpose range is internal now.
  it.each([
    ['::7f00:1', 'IPv4-compatible loopback'],
    ['::127.0.0.1', 'IPv4-compatible loopback, dotted'],
    ['2002:7f00:1::', '6to4 of 127.0.0.1'],
    ['2002:a00:1::1', '6to4 of 10.0.0.1'],
    ['::ffff:0:7f00:1', 'IPv4-translated loopback'],
    ['100::1', 'discard-only'],
    ['2001::1', 'TEREDO'],
    ['2001:2::1', 'benchmarking'],
    ['3fff::1', 'documentation'],
    ['64:ff9b:1::1', 'local-use translation'],
    ['192.0.2.10', 'TEST-NET-1'],
    ['198.51.100.7', 'TEST-NET-2'],
    ['203.0.113.200', 'TEST-NET-3'],
    ['192.88.99.1', '6to4 relay anycast'],
    ['255.255.255.255', 'limited broadcast'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
  ])('treats %s (%s) as internal', (address) => expect(isInternalAddress(address)).toBe(true))
})

describe('createUrlPolicy', () => {
  it('allows loopback by default and refuses it when blockPrivateNetworks is on', () => {
    expect(createUrlPolicy().check('http://127.0.0.1:8080/x').ok).toBe(true)
    const strict = createUrlPolicy({ blockPrivateNetworks: true })
    for (const url of ['http://127.0.0.1/x', 'http://[::1]/x', 'http://localhost/x', 'http://2130706433/x', 'http://[::ffff:127.0.0.1]/x']) {
      expect(strict.check(url)).toMatchObject({ ok: false, code: 'url_blocked' })
    }
    expect(strict.check('https://93.184.216.34/x').ok).toBe(true)
  })

  it('refuses URLs whose IP literal is in a special-purpose range when blockPrivateNetworks is on', () => {
    const strict = createUrlPolicy({ blockPrivateNetworks: true })
    for (const url of ['http://[::7f00:1]/x', 'http://[::127.0.0.1]/x', 'http://[2002:7f00:1::]/x', 'http://[::ffff:0:7f00:1]/x', 'http://[100::1]/x', 'http://[2001::1]/x', 'http://192.0.2.1/x', 'http://198.51.100.1/x', 'http://203.0.113.1/x']) {
      expect(strict.check(url), url).toMatchObject({ ok: false, code: 'url_blocked' })
    }
  })

  it('refuses a host name that resolves to a special-purpose address, at connect time', async () => {
    const lookup = ((_host: string, _options: unknown, callback: (e: null, a: Array<{ address: string; family: number }>) => void) => callback(null, [{ address: '2002:7f00:1::', family: 6 }])) as never
    const strict = createUrlPolicy({ blockPrivateNetworks: true, lookup })
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => strict.lookup?.('hook.example.com', { all: true }, (e) => resolve(e)))
    expect(error?.code).toBe('url_blocked')
  })

  it('refuses schemes outside the allowed list', () => {
    expect(createUrlPolicy().check('ftp://example.com/x')).toMatchObject({ ok: false, code: 'url_blocked' })
    expect(createUrlPolicy({ allowedSchemes: ['https'] }).check('http://example.com/x').ok).toBe(false)
  })
})
