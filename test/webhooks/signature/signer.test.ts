import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import {
  createSigner,
  generateSigningKeyPair,
  signWebhook,
  WebhookSigningError,
} from '../../../src/webhooks/signature'
import { parsePublicKey, pemFromRaw } from '../../../src/webhooks/signature/keys'

const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`
const body = '{"event":"test","n":1}'

describe('signer', () => {
  it('generates key pairs whose PEM and whpk_ forms describe the same key', () => {
    const pair = generateSigningKeyPair()
    expect(pair.privateKey).toMatch(/^whsk_[A-Za-z0-9+/]{43}=$/)
    expect(pair.publicKey).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/)
    expect(pemFromRaw(parsePublicKey(pair.publicKey)!)).toBe(pair.publicKeyPem)
    expect(createPublicKey(pair.publicKeyPem).asymmetricKeyType).toBe('ed25519')
  })

  it('signs v1a entries that node:crypto verifies over id.timestamp.body', () => {
    const pair = generateSigningKeyPair()
    const headers = createSigner({ privateKey: pair.privateKey }).sign({ id: 'msg_1', timestamp: 1700000000, body })
    expect(headers['webhook-id']).toBe('msg_1')
    expect(headers['webhook-timestamp']).toBe('1700000000')
    const [version, signature] = headers['webhook-signature'].split(',')
    expect(version).toBe('v1a')
    const content = Buffer.from(`msg_1.1700000000.${body}`)
    expect(verify(null, content, createPublicKey(pair.publicKeyPem), Buffer.from(signature!, 'base64'))).toBe(true)
  })

  it('signs v1 entries the standardwebhooks package accepts', () => {
    const timestamp = Math.floor(Date.now() / 1000)
    const headers = signWebhook({ id: 'msg_2', timestamp, body, secret })
    expect(headers['webhook-signature']).toMatch(/^v1,/)
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body))
  })

  it('lists v1a then v1 when given both keys, and can label the HMAC entry v1s', () => {
    const pair = generateSigningKeyPair()
    const headers = signWebhook({ id: 'm', timestamp: 1, body, privateKey: pair.privateKey, secret, hmacVersion: 'v1s' })
    expect(headers['webhook-signature'].split(' ').map((entry) => entry.split(',')[0])).toEqual(['v1a', 'v1s'])
  })

  it('accepts a PKCS#8 PEM private key and signs the same bytes for string and Uint8Array bodies', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
    const signer = createSigner({ privateKey: pem })
    const fromString = signer.sign({ id: 'm', timestamp: 5, body })
    const fromBytes = signer.sign({ id: 'm', timestamp: 5, body: new TextEncoder().encode(body) })
    expect(fromBytes).toEqual(fromString)
    const signature = Buffer.from(fromString['webhook-signature'].slice(4), 'base64')
    expect(verify(null, Buffer.from(`m.5.${body}`), publicKey, signature)).toBe(true)
  })

  it('refuses to create a signer without keys or with unreadable keys, without echoing them', () => {
    expect(() => createSigner({})).toThrow(WebhookSigningError)
    try {
      createSigner({ privateKey: 'whsk_not-base64!!' })
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(WebhookSigningError)
      expect((err as WebhookSigningError).code).toBe('invalid_key')
      expect((err as Error).message).not.toContain('not-base64')
    }
    expect(() => createSigner({ secret: '' })).toThrow(WebhookSigningError)
  })

  it('rejects a message it cannot sign with invalid_message, naming what was wrong', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ id: 'm', timestamp: 1.5, body }, /timestamp.*got 1\.5/],
      [{ id: 'm', timestamp: -1, body }, /timestamp/],
      [{ id: 'm', timestamp: '1614265330', body }, /timestamp.*got string/],
      [{ id: 123, timestamp: 1, body }, /id.*got number/],
      [{ id: '', timestamp: 1, body }, /id/],
      [{ id: 'm', timestamp: 1, body: { event: 'x' } }, /body.*got object.*JSON\.stringify/],
    ]
    for (const [message, reason] of cases) {
      const error = (() => {
        try {
          signWebhook({ ...message, secret } as unknown as Parameters<typeof signWebhook>[0])
        } catch (err) {
          return err as WebhookSigningError
        }
      })()
      expect(error, JSON.stringify(message)).toBeInstanceOf(WebhookSigningError)
      expect(error).toMatchObject({ code: 'invalid_message', message: expect.stringMatching(reason) })
    }
  })

  it('reads secrets like the Standard Webhooks libraries: base64 with or without whsec_ and padding', () => {
    const message = { id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330, body: '{"test": 2432232314}' }
    const expected = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' // the specification's example
    for (const secret of ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', ' whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n']) {
      expect(signWebhook({ ...message, secret })['webhook-signature']).toBe(expected)
    }
    const padded = Buffer.from('twenty-five bytes of key.').toString('base64')
    expect(padded.endsWith('=')).toBe(true)
    expect(signWebhook({ ...message, secret: padded.replace(/=+$/, '') })).toEqual(signWebhook({ ...message, secret: `whsec_${padded}` }))
  })

  it('refuses a secret that is not base64 or empty with invalid_key, saying which, never echoing it', () => {
    for (const [secret, reason] of [
      ['plain secret', /not valid base64.*whsec_/],
      ['whsec_!!!', /not valid base64/],
      ['whsec_', /empty/],
      ['   ', /empty/],
    ] as const) {
      try {
        createSigner({ secret })
        expect.unreachable()
      } catch (err) {
        expect(err).toMatchObject({ name: 'WebhookSigningError', code: 'invalid_key', message: expect.stringMatching(reason) })
        if (secret.trim()) expect((err as Error).message).not.toContain(secret.replace('whsec_', '') || secret)
      }
    }
  })

  it('turns wrong key types from plain JavaScript into typed errors', () => {
    expect(() => createSigner({ secret: 0 } as never)).toThrow(expect.objectContaining({ code: 'invalid_key', message: expect.stringContaining('got number') }))
    expect(() => createSigner({ privateKey: {} } as never)).toThrow(expect.objectContaining({ code: 'invalid_key' }))
    expect(() => createSigner({ secret: null, privateKey: null } as never)).toThrow(expect.objectContaining({ code: 'missing_key' }))
    expect(() => createSigner(null as never)).toThrow(expect.objectContaining({ code: 'missing_key' }))
    expect(() => createSigner({ secret, hmacVersion: 'v2' } as never)).toThrow(expect.objectContaining({ code: 'invalid_key', message: expect.stringContaining('hmacVersion') }))
  })
})
