/**
 * Cross-verification with the `standardwebhooks` and `svix` npm packages, both directions: what they sign we
 * verify, and what we sign they verify. Secrets with and without `whsec_` (and without base64 padding),
 * JSON and non-JSON bodies (text, empty, a UTF-8 BOM), `webhook-*` and Svix's `svix-*` header names.
 */
import fc from 'fast-check'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import { Webhook as SvixWebhook } from 'svix'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as portable from '../../../src/webhooks/receiver/index'
import * as node from '../../../src/webhooks/receiver/node'
import { createSigner } from '../../../src/webhooks/signature'

const NOW_S = 1_700_000_000
const now = () => NOW_S * 1000
const key = Buffer.from('cross-verification key, 30 byte')
const SECRETS = {
  prefixed: `whsec_${key.toString('base64')}`,
  unprefixed: key.toString('base64'),
  'unprefixed, unpadded': key.toString('base64').replace(/=+$/, ''),
}

const jsonBody = fc.json().filter((text) => text.length > 0)
const textBody = fc.oneof(fc.string(), fc.constantFrom('', 'plain text, not JSON', '\uFEFF{"bom":true}', 'a=1&b=2', '<xml/>'))

type Library = { name: string; sign(id: string, date: Date, body: string): string; verify(body: string, headers: Record<string, string>): unknown }

function libraries(secret: string): Library[] {
  // Both libraries read a Buffer body as its UTF-8 text; svix wraps standardwebhooks with svix-* names.
  return [
    { name: 'standardwebhooks', ...bind(new StandardWebhook(secret)) },
    { name: 'svix', ...bind(new SvixWebhook(secret)) },
  ]
}

function bind(wh: { sign(id: string, date: Date, body: string): string; verify(body: string, headers: Record<string, string>): unknown }) {
  return { sign: wh.sign.bind(wh), verify: wh.verify.bind(wh) }
}

afterEach(() => vi.useRealTimers())

describe.each(Object.entries(SECRETS))('with a %s secret', (_kind, secret) => {
  it.each([
    ['JSON', jsonBody, true],
    ['non-JSON', textBody, false],
  ] as const)('we verify what standardwebhooks and svix sign (%s bodies), on both builds', async (_name, bodies, json) => {
    await fc.assert(
      fc.asyncProperty(bodies, fc.stringMatching(/^msg_[A-Za-z0-9]{1,24}$/), async (body, id) => {
        for (const library of libraries(secret)) {
          const signature = library.sign(id, new Date(NOW_S * 1000), body)
          const names = library.name === 'svix' ? ['svix-id', 'svix-timestamp', 'svix-signature'] : ['webhook-id', 'webhook-timestamp', 'webhook-signature']
          const headers = { [names[0]!]: id, [names[1]!]: String(NOW_S), [names[2]!]: signature }
          for (const build of [node, portable]) {
            const raw = await build.verifyWebhook({ body, headers, secret, now, parse: false })
            expect(raw).toBe(body)
            if (json) expect(await build.verifyWebhook({ body: Buffer.from(body), headers, secret, now })).toEqual(JSON.parse(body))
          }
        }
      }),
      { numRuns: 60 },
    )
  })

  it.each([
    ['JSON', jsonBody],
    ['non-JSON', textBody],
  ] as const)('standardwebhooks and svix verify what we sign (%s bodies), on both signers', async (_name, bodies) => {
    vi.useFakeTimers({ now: NOW_S * 1000, toFake: ['Date'] })
    const nodeSigner = createSigner({ secret })
    await fc.assert(
      fc.asyncProperty(bodies, fc.stringMatching(/^msg_[A-Za-z0-9]{1,24}$/), async (body, id) => {
        const fromNode = nodeSigner.sign({ id, timestamp: NOW_S, body })
        const fromPortable = await portable.signWebhook({ id, timestamp: NOW_S, body, secret })
        expect(fromPortable).toEqual(fromNode)
        for (const library of libraries(secret)) {
          expect(acceptedBy(library, body, fromNode), library.name).toBe(true)
          if (isJson(body) && body !== '') expect(library.verify(body, fromNode)).toEqual(JSON.parse(body))
        }
        const svixNames = { 'svix-id': fromNode['webhook-id'], 'svix-timestamp': fromNode['webhook-timestamp'], 'svix-signature': fromNode['webhook-signature'] }
        if (isJson(body) && body !== '') expect(new SvixWebhook(secret).verify(body, svixNames)).toEqual(JSON.parse(body))
      }),
      { numRuns: 60 },
    )
  })
})

/**
 * Whether a library accepted the signature. They JSON.parse the body only after a signature matched, so a
 * SyntaxError (a body that is not JSON, or an empty one in svix's copy of standardwebhooks 1.0) means accepted.
 */
function acceptedBy(library: Library, body: string, headers: Record<string, string>): boolean {
  try {
    library.verify(body, headers)
    return true
  } catch (err) {
    return err instanceof SyntaxError
  }
}

function isJson(text: string): boolean {
  if (text === '') return true
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

describe('disagreements are rejections on both sides', () => {
  it('a signature from another secret fails in every direction', async () => {
    const other = `whsec_${Buffer.from('another key entirely, 30 bytes').toString('base64')}`
    const signature = new StandardWebhook(other).sign('msg_x', new Date(NOW_S * 1000), '{}')
    const headers = { 'webhook-id': 'msg_x', 'webhook-timestamp': String(NOW_S), 'webhook-signature': signature }
    await expect(node.verifyWebhook({ body: '{}', headers, secret: SECRETS.prefixed, now })).rejects.toMatchObject({ code: 'no_matching_signature' })
    vi.useFakeTimers({ now: NOW_S * 1000, toFake: ['Date'] })
    const ours = createSigner({ secret: SECRETS.prefixed }).sign({ id: 'msg_x', timestamp: NOW_S, body: '{}' })
    expect(() => new StandardWebhook(other).verify('{}', ours)).toThrow(/No matching signature/)
  })
})
