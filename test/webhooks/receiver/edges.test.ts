/**
 * The edges where the reference libraries disagree or plain JavaScript leaves the types, each decided once
 * (docs/signatures.md, "Edges"): bodies of any kind, repeated headers, Svix header names, one-shot replay
 * protection with an injected clock, inputs outside the types, and the timestamp/separator/BOM edges.
 */
import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import * as portable from '../../../src/webhooks/receiver/index'
import { createNodeHandler, createVerifier, verifyWebhook, verifyWebhookSync, WebhookVerificationError } from '../../../src/webhooks/receiver/node'
import { createSigner } from '../../../src/webhooks/signature'
import { body, now, NOW_S, pair, secret, signed, codeOf } from './helpers'

const hmac = createSigner({ secret })
const signedHmac = (payload: string | Uint8Array, id = 'msg_edge', timestamp = NOW_S) => hmac.sign({ id, timestamp, body: payload })


describe('bodies of any content type (parse: false)', () => {
  it('returns the verified body as text for non-JSON and empty bodies, typed as string', async () => {
    for (const text of ['plain text', '', 'a=1&b=2', '<xml/>']) {
      const result: string = await verifyWebhook({ body: text, headers: signedHmac(text), secret, now, parse: false })
      expect(result).toBe(text)
      const fromBytes: string = createVerifier({ secret, now, parse: false }).verifySync({ body: Buffer.from(text), headers: signedHmac(text) }).payload
      expect(fromBytes).toBe(text)
    }
  })

  it('keeps JSON parsing as the default, saying how to accept other bodies', async () => {
    const err = await verifyWebhook({ body: 'plain text', headers: signedHmac('plain text'), secret, now }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'invalid_body', status: 400, message: expect.stringContaining('parse: false') })
    expect(await codeOf(verifyWebhook({ body: '', headers: signedHmac(''), secret, now }))).toBe('invalid_body')
  })

  it('checks the signature before the body: a forged non-JSON body is no_matching_signature', async () => {
    expect(await codeOf(verifyWebhook({ body: 'forged', headers: signedHmac('original'), secret, now, parse: false }))).toBe('no_matching_signature')
  })

  it('treats a UTF-8 BOM alike as text and as bytes: skipped for JSON, kept with parse: false', async () => {
    const withBom = '\uFEFF{"a":1}'
    const headers = signedHmac(withBom)
    for (const raw of [withBom, Buffer.from(withBom)]) {
      expect(await verifyWebhook({ body: raw, headers, secret, now })).toEqual({ a: 1 })
      expect(await verifyWebhook({ body: raw, headers, secret, now, parse: false })).toBe(withBom)
    }
  })

  it('refuses bytes that are not UTF-8 with invalid_body after verifying them', async () => {
    const bytes = Uint8Array.of(0xff, 0xfe, 0x00)
    expect(await codeOf(verifyWebhook({ body: bytes, headers: signedHmac(bytes), secret, now, parse: false }))).toBe('invalid_body')
  })
})

describe('repeated webhook-signature headers', () => {
  const servers: Server[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
  })

  it('accepts a valid signature on either line when Node joins two header lines with ", "', async () => {
    const seen: string[] = []
    const server = createServer(createNodeHandler({ secret, now }, (delivery) => void seen.push(delivery.id)))
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const good = signedHmac(body)
    const bad = 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc='
    for (const lines of [[good['webhook-signature'], bad], [bad, good['webhook-signature']]]) {
      // Written by hand on a socket: the same header name on two lines, as a proxy may send it.
      const head = [
        'POST / HTTP/1.1',
        'host: 127.0.0.1',
        'connection: close',
        `content-length: ${Buffer.byteLength(body)}`,
        `webhook-id: ${good['webhook-id']}`,
        `webhook-timestamp: ${good['webhook-timestamp']}`,
        ...lines.map((line) => `webhook-signature: ${line}`),
      ]
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(`${head.join('\r\n')}\r\n\r\n${body}`))
        let text = ''
        socket.on('data', (chunk: Buffer) => (text += chunk.toString()))
        socket.on('end', () => resolve(text))
        socket.on('error', reject)
      })
      expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 204 No Content')
    }
    expect(seen).toEqual(['msg_edge', 'msg_edge'])
  })

  it('accepts Fetch Headers with two appended values, and comma-joined pairs without a space', async () => {
    const good = signedHmac(body)['webhook-signature']
    const bad = 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc='
    const headers = new Headers({ 'webhook-id': 'msg_edge', 'webhook-timestamp': String(NOW_S) })
    headers.append('webhook-signature', bad)
    headers.append('webhook-signature', good)
    expect(await codeOf(portable.verifyWebhook({ body, headers, secret, now }))).toBe('ok')
    const joined = { 'webhook-id': 'msg_edge', 'webhook-timestamp': String(NOW_S), 'webhook-signature': `${bad},${good},` }
    expect(await codeOf(verifyWebhook({ body, headers: joined, secret, now }))).toBe('ok')
  })
})

describe('Svix header names', () => {
  it('verifies deliveries sent with svix-id, svix-timestamp and svix-signature, in any case', async () => {
    const h = signed()
    const svix = { 'Svix-Id': h['webhook-id'], 'svix-timestamp': h['webhook-timestamp'], 'SVIX-SIGNATURE': h['webhook-signature'] }
    expect(await codeOf(verifyWebhook({ body, headers: svix, publicKey: pair.publicKey, now }))).toBe('ok')
    expect(await codeOf(portable.verifyWebhook({ body, headers: new Headers(svix), publicKey: pair.publicKey, now }))).toBe('ok')
  })

  it('prefers webhook-* when both are present', async () => {
    const h = signed()
    const both = { ...h, 'svix-id': 'other', 'svix-timestamp': '1', 'svix-signature': 'v1,AAAA' }
    expect(await codeOf(verifyWebhook({ body, headers: both, publicKey: pair.publicKey, now }))).toBe('ok')
  })
})

describe('replay protection on one-shot calls', () => {
  it('rejects the second one-shot verifyWebhook({ replay: true }) of an id, also with an injected clock', async () => {
    for (const build of [{ verifyWebhook }, portable]) {
      const id = `msg_once_${build === portable ? 'portable' : 'node'}`
      const headers = signed({ id })
      expect(await codeOf(build.verifyWebhook({ body, headers, publicKey: pair.publicKey, now, replay: true }))).toBe('ok')
      // A fresh clock function each call: the store must not depend on its identity.
      expect(await codeOf(build.verifyWebhook({ body, headers, publicKey: pair.publicKey, now: () => NOW_S * 1000 + 5, replay: true }))).toBe('replayed')
    }
    expect(() => verifyWebhookSync({ body, headers: signed({ id: 'msg_once_node' }), publicKey: pair.publicKey, now, replay: true })).toThrow(
      expect.objectContaining({ code: 'replayed' }),
    )
  })

  it('keeps ids of a clock far from real time for their window, whatever clock other calls use', async () => {
    const headers = signed({ id: 'msg_clock_mix' })
    expect(await codeOf(verifyWebhook({ body, headers, publicKey: pair.publicKey, now, replay: true }))).toBe('ok')
    // Real-clock traffic sweeps the shared store; it must not forget the injected clock's id early.
    const realNow = Math.floor(Date.now() / 1000)
    for (let i = 0; i < 1100; i++) {
      const id = `msg_real_${i}`
      await verifyWebhook({ body, headers: signedHmac(body, id, realNow), secret, replay: true })
    }
    expect(await codeOf(verifyWebhook({ body, headers, publicKey: pair.publicKey, now: () => NOW_S * 1000 + 1000, replay: true }))).toBe('replayed')
  })
})

describe('inputs outside the types (plain JavaScript)', () => {
  const expectCode = async (input: Record<string, unknown>, code: string, message?: RegExp) => {
    const err = await verifyWebhook({ body, headers: signed(), publicKey: pair.publicKey, now, ...input } as never).catch((e: unknown) => e)
    expect(err, JSON.stringify(input)).toBeInstanceOf(WebhookVerificationError)
    expect(err).toMatchObject({ code, ...(message ? { message: expect.stringMatching(message) } : {}) })
  }

  it('header values that are numbers are read as text; objects and non-text arrays are invalid_header', async () => {
    const h = signed()
    expect(await codeOf(verifyWebhook({ body, headers: { ...h, 'webhook-timestamp': NOW_S } as never, publicKey: pair.publicKey, now }))).toBe('ok')
    await expectCode({ headers: { ...h, 'webhook-id': { id: 1 } } }, 'invalid_header', /webhook-id.*got object/)
    await expectCode({ headers: { ...h, 'webhook-signature': [h['webhook-signature'], { x: 1 }] } }, 'invalid_header', /webhook-signature/)
    await expectCode({ headers: { ...h, 'webhook-id': true } }, 'invalid_header', /got boolean/)
    await expectCode({ headers: 42 }, 'invalid_header', /headers.*got number/)
    await expectCode({ headers: null }, 'missing_header')
  })

  it('null, 0 and other non-strings as keys or secrets are invalid_key naming the option, never a TypeError', async () => {
    await expectCode({ publicKey: null }, 'invalid_key', /Configure publicKey/)
    await expectCode({ publicKey: 0 }, 'invalid_key', /publicKey.*got number/)
    await expectCode({ publicKey: undefined, secret: 0 }, 'invalid_key', /secret.*got number/)
    await expectCode({ publicKey: undefined, secret: [secret, null] }, 'invalid_key', /Secret #2.*got null/)
    await expectCode({ publicKey: undefined, publicKeys: 7 }, 'invalid_key', /publicKeys.*got number/)
    await expectCode({ publicKey: undefined, secret: null, publicKeys: null }, 'invalid_key', /Configure publicKey/)
  })

  it('accepts a PEM string passed as publicKeys (a list of one)', async () => {
    expect(await codeOf(verifyWebhook({ body, headers: signed(), publicKeys: pair.publicKeyPem, now }))).toBe('ok')
  })

  it('other options of the wrong type are invalid_option', async () => {
    await expectCode({ toleranceSeconds: '300' }, 'invalid_option', /toleranceSeconds.*got string/)
    await expectCode({ toleranceSeconds: -1 }, 'invalid_option', /toleranceSeconds/)
    await expectCode({ now: 5 }, 'invalid_option', /now.*got number/)
    await expectCode({ parse: 'no' }, 'invalid_option', /parse.*got string/)
    await expectCode({ replay: 'yes' }, 'invalid_option', /replay.*got string/)
  })

  it('a missing request or body is invalid_body; verifySync where it cannot work is invalid_option', async () => {
    await expect(createVerifier({ publicKey: pair.publicKey, now }).verify(undefined as never)).rejects.toMatchObject({ code: 'invalid_body' })
    expect(() => portable.createVerifier({ publicKey: pair.publicKey, now }).verifySync({ body, headers: signed() })).toThrow(
      expect.objectContaining({ code: 'invalid_option', message: expect.stringContaining('verify(') }),
    )
    const asyncStore = { has: async () => false, add: async () => undefined }
    expect(() => createVerifier({ publicKey: pair.publicKey, now, replay: asyncStore }).verifySync({ body, headers: signed() })).toThrow(
      expect.objectContaining({ code: 'invalid_option', message: expect.stringContaining('synchronous replay store') }),
    )
  })
})

describe('edges decided in docs/signatures.md', () => {
  const at = (offsetMs: number) => () => NOW_S * 1000 + offsetMs
  const verifyAt = (offsetMs: number, headers = signed()) => codeOf(verifyWebhook({ body, headers, publicKey: pair.publicKey, now: at(offsetMs) }))

  it('compares the tolerance in milliseconds: ts + 300 s passes, ts + 300 s + 1 ms does not (either side)', async () => {
    expect(await verifyAt(300_000)).toBe('ok')
    expect(await verifyAt(300_001)).toBe('timestamp_too_old')
    expect(await verifyAt(300_999)).toBe('timestamp_too_old')
    expect(await verifyAt(-300_000)).toBe('ok')
    expect(await verifyAt(-300_001)).toBe('timestamp_too_new')
  })

  it('rejects v1,<sig>,extra as malformed, and a tab between entries separates them like a space', async () => {
    const h = signedHmac(body)
    const entry = h['webhook-signature']
    expect(await codeOf(verifyWebhook({ body, headers: { ...h, 'webhook-signature': `${entry},extra` }, secret, now }))).toBe('malformed_signature')
    expect(await codeOf(verifyWebhook({ body, headers: { ...h, 'webhook-signature': `v2,abc\t${entry}` }, secret, now }))).toBe('ok')
  })

  it('rejects leading zeros and trailing junk in the timestamp as invalid_timestamp, even when signed that way', async () => {
    for (const timestamp of [`0${NOW_S}`, `${NOW_S}abc`, ` ${NOW_S}x`, '00']) {
      const signedAsSent = createSigner({ secret }).sign({ id: 'm', timestamp: NOW_S, body })
      const headers = { ...signedAsSent, 'webhook-timestamp': timestamp }
      expect(await codeOf(verifyWebhook({ body, headers, secret, now })), timestamp).toBe('invalid_timestamp')
    }
    expect(await codeOf(verifyWebhook({ body: '{}', headers: createSigner({ secret }).sign({ id: 'z', timestamp: 0, body: '{}' }), secret, now: () => 0 }))).toBe('ok')
  })
})
