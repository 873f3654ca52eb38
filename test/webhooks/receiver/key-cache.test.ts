import { describe, expect, it } from 'vitest'
import type { CryptoBackend } from '../../../src/webhooks/signature/backend'
import { nodeBackend } from '../../../src/webhooks/signature/node-crypto'
import { createBoundedCache } from '../../../src/webhooks/receiver/key-cache'
import { createVerifierWith, MAX_CACHED_KEYS } from '../../../src/webhooks/receiver/verifier'

describe('createBoundedCache', () => {
  it('holds at most maxEntries, forgetting the least recently used', () => {
    const cache = createBoundedCache<number>(3)
    for (const [key, value] of [['a', 1], ['b', 2], ['c', 3]] as const) cache.set(key, value)
    expect(cache.get('a')).toBe(1) // now b is the least recently used
    cache.set('d', 4)
    expect(cache.size).toBe(3)
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.get('d')]).toEqual([1, undefined, 3, 4])
  })
})

describe('the verifier\'s prepared-key cache', () => {
  /** node:crypto, counting how often an HMAC key is imported. */
  function countingBackend() {
    const imports: number[] = []
    const backend: CryptoBackend = { ...nodeBackend, hmacSha256: (key) => (imports.push(key.length), nodeBackend.hmacSha256(key)) }
    return { backend, imports }
  }
  const secretOf = (i: number) => Buffer.from(`tenant secret number ${String(i).padStart(4, '0')}`).toString('base64')

  it('imports a key once for any number of verifiers and one-shot calls', () => {
    const { backend, imports } = countingBackend()
    for (let i = 0; i < 10; i++) createVerifierWith(backend, { secret: secretOf(1) })
    expect(imports).toHaveLength(1)
  })

  it('stays bounded when a process sees ever new keys, keeping the recently used ones', () => {
    const { backend, imports } = countingBackend()
    createVerifierWith(backend, { secret: secretOf(0) })
    for (let i = 1; i <= MAX_CACHED_KEYS * 3; i++) {
      createVerifierWith(backend, { secret: secretOf(i) })
      if (i % 8 === 0) createVerifierWith(backend, { secret: secretOf(0) }) // in use all along: stays cached
    }
    const before = imports.length
    createVerifierWith(backend, { secret: secretOf(0) })
    expect(imports.length).toBe(before) // still cached
    createVerifierWith(backend, { secret: secretOf(1) })
    expect(imports.length).toBe(before + 1) // long evicted: imported again
  })
})
