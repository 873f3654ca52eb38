import { describe, expect, it } from 'vitest'
import { createUrlPolicy, isInternalAddress } from '../../../src/webhooks/engine/delivery/url-policy'

describe('isInternalAddress', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fc00::1', 'fd12::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1'])(
    'treats %s as internal',
    (address) => expect(isInternalAddress(address)).toBe(true),
  )
  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('treats %s as public', (address) =>
    expect(isInternalAddress(address)).toBe(false),
  )
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

  it('refuses schemes outside the allowed list', () => {
    expect(createUrlPolicy().check('ftp://example.com/x')).toMatchObject({ ok: false, code: 'url_blocked' })
    expect(createUrlPolicy({ allowedSchemes: ['https'] }).check('http://example.com/x').ok).toBe(false)
  })
})
