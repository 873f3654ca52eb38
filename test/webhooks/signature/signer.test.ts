import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import {
  createSigner,
  generateSigningKeyPair,
  signWebhook,
  toPublicKeyPem,
  WebhookSigningError,
} from '../../../src/webhooks/signature'

const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`
const body = '{"event":"test","n":1}'

describe('signer', () => {
  it('generates key pairs whose PEM and whpk_ forms describe the same key', () => {
    const pair = generateSigningKeyPair()
    expect(pair.privateKey).toMatch(/^whsk_[A-Za-z0-9+/]{43}=$/)
    expect(pair.publicKey).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/)
    expect(toPublicKeyPem(pair.publicKey)).toBe(pair.publicKeyPem)
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

  it('rejects non-integer timestamps', () => {
    expect(() => signWebhook({ id: 'm', timestamp: 1.5, body, secret })).toThrow(TypeError)
  })
})
