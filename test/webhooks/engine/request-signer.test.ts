import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { createSigner, WebhookSigningError } from '../../../src/webhooks/signature'
import { createDeliverySigner } from '../../../src/webhooks/engine/delivery/request-signer'
import { resolveSigningKey } from '../../../src/webhooks/engine/delivery/signing-key'
import { SigningThread, type SigningThreadOptions } from '../../../src/webhooks/engine/delivery/signing-thread'
import fixture from '../../fixtures/signature-vectors.json'

const keyOf = (name: string) => fixture.keys.find((key) => key.name === name)!.privateKey
const secretOf = (name: string) => fixture.secrets.find((secret) => secret.name === name)!.secret

describe('delivery signer (Ed25519 on the thread pool, HMAC inline)', () => {
  it.each(fixture.vectors.map((v) => [`${v.key} + ${v.secret}, id ${v.id}`, v] as const))('signs the known-answer vector %s exactly as the sync signer', async (_name, vector) => {
    const privateKey = keyOf(vector.key)
    const secret = secretOf(vector.secret)
    const signer = createDeliverySigner(resolveSigningKey(privateKey).pkcs8, secret)
    const signed = await signer.sign(vector.id, vector.timestamp, vector.body)
    const sync = createSigner({ privateKey, secret }).sign({ id: vector.id, timestamp: vector.timestamp, body: vector.body })
    expect(signed.signature).toBe(vector.headers['webhook-signature'])
    expect(signed.signature).toBe(sync['webhook-signature'])
    expect(signed.timestamp).toBe(vector.headers['webhook-timestamp'])
    // The bytes to send are the body, exactly as signed.
    expect(Buffer.from(signed.body).toString('utf8')).toBe(vector.body)
  })

  it('signs byte bodies over the bytes as they are, the same as the string they encode', async () => {
    const vector = fixture.vectors[1]!
    const signer = createDeliverySigner(resolveSigningKey(keyOf(vector.key)).pkcs8, secretOf(vector.secret))
    const bytes = new TextEncoder().encode(vector.body)
    const signed = await signer.sign(vector.id, vector.timestamp, bytes)
    expect(signed.signature).toBe(vector.headers['webhook-signature'])
    expect([...signed.body]).toEqual([...bytes])
    const binary = new Uint8Array([0xff, 0x00, 0xfe, 0x0a])
    const privateKey = keyOf(vector.key)
    const sync = createSigner({ privateKey, secret: secretOf(vector.secret) }).sign({ id: 'b', timestamp: 5, body: binary })
    const ours = await signer.sign('b', 5, binary)
    expect(ours.signature).toBe(sync['webhook-signature'])
    expect([...ours.body]).toEqual([...binary])
  })

  it('signs v1a only without a secret, labels the HMAC v1s when asked, and keeps concurrent signatures apart', async () => {
    const privateKey = keyOf('key-2')
    const keyObject = resolveSigningKey(privateKey).pkcs8
    const only = createDeliverySigner(keyObject)
    const syncOnly = createSigner({ privateKey })
    const messages = Array.from({ length: 20 }, (_, i) => ({ id: `evt_${i}`, timestamp: 1_700_000_000 + (i % 3), body: `{"i":${i}}` }))
    const signed = await Promise.all(messages.map((m) => only.sign(m.id, m.timestamp, m.body)))
    expect(signed.map((s) => s.signature)).toEqual(messages.map((m) => syncOnly.sign(m)['webhook-signature']))
    expect(signed.map((s) => s.timestamp)).toEqual(messages.map((m) => String(m.timestamp)))
    const secret = secretOf('spec-secret')
    const v1s = await createDeliverySigner(keyObject, secret, 'v1s').sign('x', 1, '{}')
    expect(v1s.signature).toBe(createSigner({ privateKey, secret, hmacVersion: 'v1s' }).sign({ id: 'x', timestamp: 1, body: '{}' })['webhook-signature'])
    expect(v1s.signature).toMatch(/^v1a,\S+ v1s,\S+$/)
  })

  it('refuses an unreadable secret without echoing it', () => {
    const keyObject = resolveSigningKey(undefined).pkcs8
    expect(() => createDeliverySigner(keyObject, 'whsec_not base64!!')).toThrow(WebhookSigningError)
    try {
      createDeliverySigner(keyObject, 'whsec_not base64!!')
    } catch (error) {
      expect((error as Error).message).not.toContain('not base64!!')
    }
  })
})

describe('signing thread', () => {
  /** Signs every vector through `thread` (all asked for in the same turn) and checks them against the fixture. */
  async function signsTheVectors(thread: SigningThread): Promise<void> {
    const signed = await Promise.all(
      fixture.vectors.map((v) => createDeliverySigner(resolveSigningKey(keyOf(v.key)).pkcs8, secretOf(v.secret), undefined, thread).sign(v.id, v.timestamp, v.body)),
    )
    expect(signed.map((s) => s.signature)).toEqual(fixture.vectors.map((v) => v.headers['webhook-signature']))
  }

  /** A thread whose workers are counted, and whose posted batches are counted. */
  function countingThread(options: SigningThreadOptions & { source?: string } = {}) {
    const counts = { workers: 0, batches: 0 }
    const thread = new SigningThread({
      ...options,
      createWorker(source) {
        counts.workers++
        const worker = new Worker(options.source ?? source, { eval: true })
        const post = worker.postMessage.bind(worker)
        worker.postMessage = (value: unknown, transfer?: never) => {
          counts.batches++
          post(value, transfer)
        }
        return worker
      },
    })
    return { thread, counts }
  }

  it('sends the signatures asked for in one turn to the worker as one batch', async () => {
    const { thread, counts } = countingThread()
    await signsTheVectors(thread)
    expect(counts).toEqual({ workers: 1, batches: 1 })
  })

  it('signs on the thread pool where no worker can be started', async () => {
    await signsTheVectors(
      new SigningThread({
        createWorker: () => {
          throw new Error('workers are not allowed here')
        },
      }),
    )
  })

  it('loses nothing when the worker dies: its batch is signed on the thread pool, and so is every later one', async () => {
    const { thread, counts } = countingThread({ source: 'process.exit(3)' })
    await signsTheVectors(thread)
    await signsTheVectors(thread)
    expect(counts.workers).toBe(1)
  })

  it('stops a worker that never answers and signs its batch on the thread pool', async () => {
    const { thread, counts } = countingThread({ source: "require('node:worker_threads').parentPort.on('message', () => {})", stallMs: 50 })
    await signsTheVectors(thread)
    await signsTheVectors(thread)
    expect(counts).toEqual({ workers: 1, batches: 1 })
  })

  it('signs on the thread pool while the worker is late with the previous batch, without waiting for it', async () => {
    let release: (() => void) | undefined
    const thread = new SigningThread({
      createWorker(source) {
        const worker = new Worker(source, { eval: true })
        const post = worker.postMessage.bind(worker)
        // The first batch reaches the worker only when the test says so: until then the worker is "late".
        worker.postMessage = (value: unknown, transfer?: never) => void (release = () => post(value, transfer))
        return worker
      },
    })
    const vector = fixture.vectors[0]!
    const signer = createDeliverySigner(resolveSigningKey(keyOf(vector.key)).pkcs8, secretOf(vector.secret), undefined, thread)
    const first = signer.sign(vector.id, vector.timestamp, vector.body)
    await new Promise((resolve) => setImmediate(resolve)) // the first batch has gone to the worker
    expect(release).toBeDefined()
    const second = await signer.sign(vector.id, vector.timestamp, vector.body)
    expect(second.signature).toBe(vector.headers['webhook-signature'])
    release?.()
    expect((await first).signature).toBe(vector.headers['webhook-signature'])
  })
})
