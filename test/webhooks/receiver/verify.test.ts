import { describe, expect, it } from 'vitest'
import {
  createMemoryReplayStore,
  createVerifier,
  verifyWebhook,
  verifyWebhookSync,
  WebhookVerificationError,
  type VerifierOptions,
  type WebhookHeadersInput,
} from '../../../src/webhooks/receiver/node'
import * as portable from '../../../src/webhooks/receiver/index'
import { body, now, NOW_S, otherPair, pair, secret, signed, codeOf } from './helpers'


const verify = (headers: WebhookHeadersInput, options: Partial<VerifierOptions> & { body?: unknown } = {}) =>
  verifyWebhook({ publicKey: pair.publicKeyPem, now, ...options, body: (options.body ?? body) as string, headers })

describe('verifyWebhook', () => {
  it('returns the parsed payload of a genuine delivery', async () => {
    expect(await verify(signed())).toEqual(JSON.parse(body))
  })

  it('accepts string, Buffer, Uint8Array and ArrayBuffer bodies alike', async () => {
    const bytes = new TextEncoder().encode(body)
    for (const raw of [body, Buffer.from(body), bytes, bytes.buffer.slice(0)]) {
      expect(await verify(signed(), { body: raw })).toEqual(JSON.parse(body))
    }
  })

  it('reads headers from plain objects in any case, array values, Fetch Headers and Node-style headers', async () => {
    const h = signed()
    const upper = { 'Webhook-Id': h['webhook-id'], 'WEBHOOK-TIMESTAMP': h['webhook-timestamp'], 'webhook-signature': [h['webhook-signature']] }
    expect(await codeOf(verify(upper))).toBe('ok')
    expect(await codeOf(verify(new Headers(h)))).toBe('ok')
    expect(await codeOf(verify({ ...h, 'content-type': 'application/json', 'x-forwarded-for': undefined }))).toBe('ok')
  })

  it('accepts the key as SPKI PEM, whpk_, bare base64 and a PEM with escaped newlines', async () => {
    for (const publicKey of [pair.publicKeyPem, pair.publicKey, pair.publicKey.slice(5), pair.publicKeyPem.replace(/\n/g, '\\n')]) {
      expect(await codeOf(verify(signed(), { publicKey }))).toBe('ok')
    }
  })

  it('verifies HMAC v1 and v1s entries with a secret with or without whsec_ and padding', async () => {
    const h = signed({ withSecret: true })
    const v1 = h['webhook-signature'].split(' ')[1]!
    const bare = secret.slice('whsec_'.length)
    for (const key of [secret, bare, bare.replace(/=+$/, '')]) {
      expect(await codeOf(verifyWebhook({ body, headers: { ...h, 'webhook-signature': v1 }, secret: key, now }))).toBe('ok')
      expect(await codeOf(verifyWebhook({ body, headers: { ...h, 'webhook-signature': v1.replace('v1,', 'v1s,') }, secret: key, now }))).toBe('ok')
    }
  })

  it('refuses a secret that is not base64 with invalid_key saying so (0.1.0 used its UTF-8 bytes)', async () => {
    const err = await verifyWebhook({ body, headers: signed({ withSecret: true }), secret: 'plain secret', now }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'invalid_key', status: 500, message: expect.stringMatching(/not valid base64.*whsec_/) })
    expect((err as Error).message).not.toContain('plain secret')
  })

  describe('rejects tampering', () => {
    it('one changed body byte', async () => {
      const changed = Buffer.from(body)
      changed[5] = changed[5]! ^ 1
      expect(await codeOf(verify(signed(), { body: changed }))).toBe('no_matching_signature')
    })
    it('a changed id', async () => {
      expect(await codeOf(verify({ ...signed(), 'webhook-id': 'msg_2' }))).toBe('no_matching_signature')
    })
    it('a changed timestamp', async () => {
      expect(await codeOf(verify({ ...signed(), 'webhook-timestamp': String(NOW_S + 1) }))).toBe('no_matching_signature')
    })
    it('one changed signature byte', async () => {
      const h = signed()
      const sig = Buffer.from(h['webhook-signature'].slice(4), 'base64')
      sig[10] = sig[10]! ^ 0x80
      expect(await codeOf(verify({ ...h, 'webhook-signature': `v1a,${sig.toString('base64')}` }))).toBe('no_matching_signature')
    })
    it('the wrong key', async () => {
      expect(await codeOf(verify(signed(), { publicKey: otherPair.publicKey }))).toBe('no_matching_signature')
      expect(await codeOf(verify(signed({ withSecret: true }), { publicKey: undefined, secret: 'whsec_d3Jvbmc=' }))).toBe('no_matching_signature')
    })
    it('a truncated or non-base64 signature', async () => {
      const h = signed()
      expect(await codeOf(verify({ ...h, 'webhook-signature': h['webhook-signature'].slice(0, -8) }))).toBe('malformed_signature')
      expect(await codeOf(verify({ ...h, 'webhook-signature': 'v1a,@@not*base64@@' }))).toBe('malformed_signature')
      expect(await codeOf(verify({ ...h, 'webhook-signature': 'v1a' }))).toBe('malformed_signature')
    })
    it('an empty or missing header', async () => {
      const h = signed()
      expect(await codeOf(verify({ ...h, 'webhook-signature': '' }))).toBe('missing_header')
      expect(await codeOf(verify({ ...h, 'webhook-signature': '   ' }))).toBe('missing_header')
      for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const) {
        const { [name]: _removed, ...rest } = h
        expect(await codeOf(verify(rest))).toBe('missing_header')
      }
    })
    it('only unknown versions', async () => {
      const h = signed()
      expect(await codeOf(verify({ ...h, 'webhook-signature': `v2,${h['webhook-signature'].slice(4)} v9,abc` }))).toBe('no_matching_signature')
    })
    it('an oversized signature header', async () => {
      const h = signed()
      const many = Array.from({ length: 21 }, () => h['webhook-signature']).join(' ')
      expect(await codeOf(verify({ ...h, 'webhook-signature': many }))).toBe('malformed_signature')
      expect(await codeOf(verify({ ...h, 'webhook-signature': `${h['webhook-signature']} v9,${'A'.repeat(8200)}` }))).toBe('malformed_signature')
    })
    it('a non-integer timestamp', async () => {
      for (const t of ['abc', '1.5', '-1', '1e9', ' 17000 00000']) {
        expect(await codeOf(verify({ ...signed(), 'webhook-timestamp': t }))).toBe('invalid_timestamp')
      }
    })
  })

  it('skips unknown versions and broken entries when another entry verifies', async () => {
    const h = signed()
    const header = `v2,Zm9v v1a,short ${h['webhook-signature']} v1,${'A'.repeat(43)}=`
    expect(await codeOf(verify({ ...h, 'webhook-signature': header }))).toBe('ok')
  })

  describe('timestamp tolerance', () => {
    it('passes exactly at the edge and fails one second beyond, in both directions', async () => {
      expect(await codeOf(verify(signed({ timestamp: NOW_S - 300 })))).toBe('ok')
      expect(await codeOf(verify(signed({ timestamp: NOW_S - 301 })))).toBe('timestamp_too_old')
      expect(await codeOf(verify(signed({ timestamp: NOW_S + 300 })))).toBe('ok')
      expect(await codeOf(verify(signed({ timestamp: NOW_S + 301 })))).toBe('timestamp_too_new')
    })
    it('uses a custom tolerance', async () => {
      expect(await codeOf(verify(signed({ timestamp: NOW_S - 11 }), { toleranceSeconds: 10 }))).toBe('timestamp_too_old')
      expect(await codeOf(verify(signed({ timestamp: NOW_S - 10 }), { toleranceSeconds: 10 }))).toBe('ok')
    })
  })

  describe('bodies', () => {
    it('refuses an already-parsed object with a message naming express.raw', async () => {
      const err = await verify(signed(), { body: JSON.parse(body) }).catch((e: unknown) => e as WebhookVerificationError)
      expect(err).toBeInstanceOf(WebhookVerificationError)
      expect((err as WebhookVerificationError).code).toBe('invalid_body')
      expect((err as WebhookVerificationError).message).toContain('express.raw')
      expect((err as WebhookVerificationError).status).toBe(500)
    })
    it('refuses a missing body and a signed body that is not JSON', async () => {
      expect(await codeOf(verifyWebhook({ body: undefined as unknown as string, headers: signed(), publicKey: pair.publicKey, now }))).toBe('invalid_body')
      const notJson = 'hello'
      expect(await codeOf(verify(signed({ payload: notJson }), { body: notJson }))).toBe('invalid_body')
    })
  })

  describe('keys', () => {
    it('rejects unreadable keys up front with invalid_key and never echoes them', () => {
      for (const options of [{ publicKey: 'whpk_short' }, { publicKey: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' }, { secret: 'whsec_%%%' }, {}]) {
        try {
          createVerifier(options)
          expect.unreachable()
        } catch (err) {
          expect((err as WebhookVerificationError).code).toBe('invalid_key')
          expect((err as Error).message).not.toMatch(/short|%%%|AAAA/)
        }
      }
    })
    it('accepts any of several keys during a rotation', async () => {
      const verifier = createVerifier({ publicKeys: [otherPair.publicKey, pair.publicKey], now })
      expect(await codeOf(verifier.verify({ body, headers: signed() }))).toBe('ok')
      expect(await codeOf(verifier.verify({ body, headers: signed({ privateKey: otherPair.privateKey }) }))).toBe('ok')
    })
  })

  describe('replay protection', () => {
    it('rejects a webhook-id already accepted inside the window, and forgets it after', async () => {
      let clock = now()
      const store = createMemoryReplayStore({ now: () => clock })
      const verifier = createVerifier({ publicKey: pair.publicKey, now: () => clock, replay: store })
      const headers = signed({ id: 'msg_replay' })
      expect(await codeOf(verifier.verify({ body, headers }))).toBe('ok')
      expect(await codeOf(verifier.verify({ body, headers }))).toBe('replayed')
      expect(await codeOf(verifier.verify({ body, headers: signed({ id: 'msg_other' }) }))).toBe('ok')
      clock += 301_000
      expect(store.has('msg_replay')).toBe(false)
    })
    it('does not remember ids of deliveries that failed verification', async () => {
      const verifier = createVerifier({ publicKey: pair.publicKey, now, replay: createMemoryReplayStore({ now }) })
      const headers = signed({ id: 'msg_forged' })
      expect(await codeOf(verifier.verify({ body: `${body} `, headers }))).toBe('no_matching_signature')
      expect(await codeOf(verifier.verify({ body, headers }))).toBe('ok')
    })
    it('works with an async store', async () => {
      const ids = new Set<string>()
      const store = { has: async (id: string) => ids.has(id), add: async (id: string) => void ids.add(id) }
      const verifier = createVerifier({ publicKey: pair.publicKey, now, replay: store })
      expect(await codeOf(verifier.verify({ body, headers: signed() }))).toBe('ok')
      expect(await codeOf(verifier.verify({ body, headers: signed() }))).toBe('replayed')
    })
    it('lets only one of two concurrent duplicates through with the in-memory store', async () => {
      const verifier = createVerifier({ publicKey: pair.publicKey, now, replay: true })
      const codes = await Promise.all([0, 1].map(() => codeOf(verifier.verify({ body, headers: signed({ id: 'dup' }) }))))
      expect(codes.sort()).toEqual(['ok', 'replayed'])
    })
  })

  it('verifies synchronously on the Node build and explains the async call elsewhere', () => {
    expect(verifyWebhookSync({ body, headers: signed(), publicKey: pair.publicKey, now })).toEqual(JSON.parse(body))
    expect(() => portable.verifyWebhookSync({ body, headers: signed(), publicKey: pair.publicKey, now })).toThrow(/verifyWebhook|verify\(/)
  })

  it('gives every error a status for HTTP mapping', async () => {
    const err = await verify({ ...signed(), 'webhook-id': 'x' }).catch((e: unknown) => e as WebhookVerificationError)
    expect(err).toMatchObject({ code: 'no_matching_signature', status: 401 })
    const missing = await verify({}).catch((e: unknown) => e as WebhookVerificationError)
    expect(missing).toMatchObject({ code: 'missing_header', status: 400 })
  })

  it('the portable build verifies the same deliveries as the Node build', async () => {
    expect(await portable.verifyWebhook({ body, headers: signed(), publicKey: pair.publicKeyPem, now })).toEqual(JSON.parse(body))
    expect(await codeOf(portable.verifyWebhook({ body: `${body} `, headers: signed(), publicKey: pair.publicKeyPem, now }))).toBe('no_matching_signature')
  })
})
