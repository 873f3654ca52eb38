import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createPublicKeyProvider, createVerifier, WebhookVerificationError } from '../../../src/webhooks/receiver/node'
import { body, now, otherPair, pair, signed } from './helpers'

function fakeEndpoint(initial: string) {
  const state = { key: initial, calls: 0, fail: false }
  const fetchPublicKey = async (orgId: string) => {
    state.calls++
    expect(orgId).toBe('org-1')
    if (state.fail) throw new Error('endpoint down')
    return { public_key: state.key }
  }
  return { state, fetchPublicKey }
}

describe('createPublicKeyProvider', () => {
  let server: Server | undefined
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

  it('fetches the key from the well-known endpoint with global fetch and caches it for the TTL', async () => {
    const requests: string[] = []
    server = createServer((req, res) => {
      requests.push(req.url ?? '')
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ public_key: pair.publicKeyPem, algorithm: 'ed25519', issuer: 'epilot' }))
    })
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    let clock = 0
    const provider = createPublicKeyProvider({ orgId: 'org 1', baseURL, ttlMs: 1000, now: () => clock })
    expect(await provider.getPublicKeys()).toEqual([pair.publicKeyPem])
    expect(await provider.getPublicKeys()).toEqual([pair.publicKeyPem])
    expect(requests).toEqual(['/v1/webhooks/.well-known/public-key?orgId=org%201'])
    clock = 60_001
    await provider.getPublicKeys()
    expect(requests).toHaveLength(2)
  })

  it('reports an endpoint error as key_unavailable (503)', async () => {
    server = createServer((_req, res) => res.writeHead(500).end())
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    const provider = createPublicKeyProvider({ orgId: 'o', baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` })
    await expect(provider.getPublicKeys()).rejects.toMatchObject({ code: 'key_unavailable', status: 503 })
  })

  it('verifies with the fetched key and refetches once when a rotated key signs', async () => {
    const { state, fetchPublicKey } = fakeEndpoint(pair.publicKeyPem)
    let clock = 0
    const provider = createPublicKeyProvider({ orgId: 'org-1', fetchPublicKey, minRefetchIntervalMs: 60_000, now: () => clock })
    const verifier = createVerifier({ publicKey: provider, now })
    await verifier.verify({ body, headers: signed() })
    expect(state.calls).toBe(1)

    clock = 120_000
    state.key = otherPair.publicKey // the platform rotated its key
    const rotated = signed({ privateKey: otherPair.privateKey })
    await expect(verifier.verify({ body, headers: rotated })).resolves.toEqual(JSON.parse(body))
    expect(state.calls).toBe(2)
    await verifier.verify({ body, headers: rotated })
    expect(state.calls).toBe(2)
  })

  it('refetches at most once per interval when no key verifies', async () => {
    const { state, fetchPublicKey } = fakeEndpoint(pair.publicKey)
    let clock = 0
    const provider = createPublicKeyProvider({ orgId: 'org-1', fetchPublicKey, minRefetchIntervalMs: 60_000, now: () => clock })
    const verifier = createVerifier({ publicKey: provider, now })
    const forged = signed({ privateKey: otherPair.privateKey })
    await provider.getPublicKeys()
    clock = 60_000
    for (let i = 0; i < 5; i++) {
      await expect(verifier.verify({ body, headers: forged })).rejects.toMatchObject({ code: 'no_matching_signature' })
    }
    expect(state.calls).toBe(2) // first load + one refetch
    clock = 120_000
    await expect(verifier.verify({ body, headers: forged })).rejects.toBeInstanceOf(WebhookVerificationError)
    expect(state.calls).toBe(3)
  })

  it('keeps using the last good key when a refetch fails, and fails fast while it never had one', async () => {
    const { state, fetchPublicKey } = fakeEndpoint(pair.publicKey)
    let clock = 0
    const provider = createPublicKeyProvider({ orgId: 'org-1', fetchPublicKey, ttlMs: 10, minRefetchIntervalMs: 100, now: () => clock })
    await provider.getPublicKeys()
    state.fail = true
    clock = 1000
    expect(await provider.getPublicKeys()).toEqual([pair.publicKey])

    const down = fakeEndpoint(pair.publicKey)
    down.state.fail = true
    const cold = createPublicKeyProvider({ orgId: 'org-1', fetchPublicKey: down.fetchPublicKey, now: () => 0 })
    await expect(cold.getPublicKeys()).rejects.toMatchObject({ code: 'key_unavailable' })
    await expect(cold.getPublicKeys()).rejects.toMatchObject({ code: 'key_unavailable' })
    expect(down.state.calls).toBe(1)
  })

  it('rejects an endpoint answer that is not an Ed25519 key', async () => {
    const provider = createPublicKeyProvider({ orgId: 'org-1', fetchPublicKey: async () => ({ public_key: 'nonsense' }) })
    await expect(provider.getPublicKeys()).rejects.toMatchObject({ code: 'key_unavailable' })
  })
})

describe('createPublicKeyProvider input', () => {
  it('names a missing or non-string orgId with a typed error', () => {
    for (const options of [{}, { orgId: 7 }, { orgId: '' }, undefined]) {
      expect(() => createPublicKeyProvider(options as never)).toThrow(expect.objectContaining({ name: 'WebhookVerificationError', code: 'invalid_option', message: expect.stringContaining('orgId') }))
    }
  })
})
