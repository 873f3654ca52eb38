import { Webhook } from 'standardwebhooks'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSigner } from '../../../src/webhooks/signature'
import type { CryptoBackend } from '../../../src/webhooks/signature/backend'
import { nobleBackend } from '../../../src/webhooks/signature/noble'
import { nodeBackend } from '../../../src/webhooks/signature/node-crypto'
import { signWebhookPortable } from '../../../src/webhooks/signature/sign-portable'
import { webCryptoBackend } from '../../../src/webhooks/signature/web-crypto'
import { createVerifierWith } from '../../../src/webhooks/receiver/verifier'
import fixture from '../../fixtures/signature-vectors.json'

const keyOf = (name: string) => fixture.keys.find((key) => key.name === name)!
const secretOf = (name: string) => fixture.secrets.find((secret) => secret.name === name)!.secret
const backends: CryptoBackend[] = [nodeBackend, webCryptoBackend, nobleBackend]

/** Verification outcome as a comparable value: the version that matched, or the error code. */
async function outcome(backend: CryptoBackend, options: Parameters<typeof createVerifierWith>[1], body: string, headers: Record<string, string>) {
  try {
    return (await createVerifierWith(backend, options).verifyDelivery({ body, headers })).version
  } catch (err) {
    return (err as { code: string }).code
  }
}

function tampered(vector: (typeof fixture.vectors)[number]): Array<{ body: string; headers: Record<string, string> }> {
  const flipBody = vector.body.slice(0, -1) + (vector.body.endsWith('}') ? ' ' : '}')
  return [
    { body: flipBody, headers: vector.headers },
    { body: vector.body, headers: { ...vector.headers, 'webhook-id': `${vector.id}x` } },
    { body: vector.body, headers: { ...vector.headers, 'webhook-timestamp': String(vector.timestamp + 1) } },
  ]
}

describe('known-answer vectors', () => {
  afterEach(() => vi.useRealTimers())

  it('includes the Standard Webhooks specification example signature', () => {
    const vector = fixture.vectors.find((v) => v.id === 'msg_p5jXN8AQM9LWM0D4loKWxJek' && v.secret === 'spec-secret')!
    expect(vector.headers['webhook-signature']).toContain('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })

  it.each(fixture.vectors)('the Node signer reproduces $id with $key and $secret', (vector) => {
    const signer = createSigner({ privateKey: keyOf(vector.key).privateKey, secret: secretOf(vector.secret) })
    expect(signer.sign(vector)).toEqual(vector.headers)
  })

  it.each(fixture.vectors)('the portable signer reproduces $id with $key and $secret', async (vector) => {
    const headers = await signWebhookPortable({ ...vector, privateKey: keyOf(vector.key).privateKey, secret: secretOf(vector.secret) })
    expect(headers).toEqual(vector.headers)
  })

  it.each(fixture.vectors)('the v1 entry of $id matches the standardwebhooks package', (vector) => {
    const secret = secretOf(vector.secret)
    const wh = new Webhook(secret) // base64 after an optional whsec_, as our signer and verifier read it
    const v1 = vector.headers['webhook-signature'].split(' ')[1]
    expect(wh.sign(vector.id, new Date(vector.timestamp * 1000), vector.body)).toBe(v1)
    vi.useFakeTimers({ now: vector.timestamp * 1000, toFake: ['Date'] })
    expect(wh.verify(vector.body, { ...vector.headers, 'webhook-signature': v1! })).toEqual(JSON.parse(vector.body))
  })

  for (const backend of backends) {
    it.each(fixture.vectors)(`the ${backend.name} path verifies $id from every public key format and the secret`, async (vector) => {
      const key = keyOf(vector.key)
      const now = () => vector.timestamp * 1000
      const [v1a, v1] = vector.headers['webhook-signature'].split(' ')
      for (const publicKey of [key.publicKey, key.publicKeyPem, key.publicKey.slice(5)]) {
        expect(await outcome(backend, { publicKey, now }, vector.body, { ...vector.headers, 'webhook-signature': v1a! })).toBe('v1a')
      }
      expect(await outcome(backend, { secret: secretOf(vector.secret), now }, vector.body, { ...vector.headers, 'webhook-signature': v1! })).toBe('v1')
      const s = v1!.replace(/^v1,/, 'v1s,')
      expect(await outcome(backend, { secret: secretOf(vector.secret), now }, vector.body, { ...vector.headers, 'webhook-signature': s })).toBe('v1s')
    })
  }

  it.each(fixture.vectors)('node:crypto, WebCrypto and noble agree on $id and its tampered variants', async (vector) => {
    const key = keyOf(vector.key)
    const wrongKey = fixture.keys.find((k) => k.name !== vector.key)!
    const now = () => vector.timestamp * 1000
    const cases = [{ body: vector.body, headers: vector.headers }, ...tampered(vector)]
    for (const { body, headers } of cases) {
      for (const options of [{ publicKey: key.publicKey, now }, { publicKey: wrongKey.publicKey, now }, { secret: secretOf(vector.secret), now }]) {
        const results = await Promise.all(backends.map((backend) => outcome(backend, options, body, headers)))
        expect(new Set(results).size, JSON.stringify(results)).toBe(1)
      }
    }
    expect(await outcome(nobleBackend, { publicKey: key.publicKey, now }, vector.body, vector.headers)).toBe('v1a')
  })
})
