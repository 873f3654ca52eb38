import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSigner } from '../../../src/webhooks/signature'
import { createVerifier, WebhookVerificationError } from '../../../src/webhooks/receiver/node'
import { now, NOW_S, pair, secret } from './helpers'

const signer = createSigner({ privateKey: pair.privateKey, secret })
const verifiers = [createVerifier({ publicKey: pair.publicKey, now }), createVerifier({ secret, now })]

const message = fc.record({
  id: fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
  timestamp: fc.integer({ min: NOW_S - 300, max: NOW_S + 300 }),
  body: fc.json(),
})

type Message = { id: string; timestamp: number; body: string }

/** One alteration of the signed message: a body byte, the id or the timestamp. */
const alteration = fc.oneof(
  fc.record({ kind: fc.constant('body' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('id' as const), suffix: fc.stringMatching(/^[A-Za-z0-9]{1,4}$/) }),
  fc.record({ kind: fc.constant('timestamp' as const), delta: fc.integer({ min: -300, max: 300 }).filter((d) => d !== 0) }),
)

type Alteration = typeof alteration extends fc.Arbitrary<infer A> ? A : never

function alter(m: Message, a: Alteration) {
  const bytes = new TextEncoder().encode(m.body)
  switch (a.kind) {
    case 'body': {
      const copy = bytes.slice()
      const i = a.at % copy.length
      copy[i] = copy[i]! ^ (1 << a.bit)
      return { ...m, raw: copy as Uint8Array }
    }
    case 'id':
      return { ...m, id: m.id + a.suffix, raw: bytes }
    case 'timestamp':
      return { ...m, timestamp: Math.min(Math.max(m.timestamp + a.delta, NOW_S - 300), NOW_S + 300), raw: bytes }
  }
}

describe('property: no altered message verifies', () => {
  it('genuine messages verify with both the Ed25519 key and the HMAC secret', async () => {
    await fc.assert(
      fc.asyncProperty(message, async (m) => {
        const headers = signer.sign(m)
        for (const verifier of verifiers) expect(await verifier.verify({ body: m.body, headers })).toEqual(JSON.parse(m.body))
      }),
      { numRuns: 100 },
    )
  })

  it('a flipped body bit, an extended id or a shifted timestamp never verifies', async () => {
    await fc.assert(
      fc.asyncProperty(message, alteration, async (m, a) => {
        const headers = signer.sign(m)
        const altered = alter(m, a)
        if (altered.id === m.id && altered.timestamp === m.timestamp && altered.raw.every((b, i) => b === new TextEncoder().encode(m.body)[i])) return
        for (const verifier of verifiers) {
          const error = await verifier
            .verify({ body: altered.raw, headers: { ...headers, 'webhook-id': altered.id, 'webhook-timestamp': String(altered.timestamp) } })
            .then(() => undefined, (err: unknown) => err)
          expect(error).toBeInstanceOf(WebhookVerificationError)
          expect((error as WebhookVerificationError).code).toBe('no_matching_signature')
        }
      }),
      { numRuns: 150 },
    )
  })
})
