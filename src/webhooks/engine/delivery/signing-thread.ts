/**
 * Delivery signatures off the event loop. Every signature asked for during one turn of the event loop goes to a
 * worker thread in one message; the worker signs them all (Ed25519 `v1a` and HMAC-SHA256 `v1`) and answers with
 * one message. Measured on a 2-core machine (event-loop CPU per signature): ≈ 7 µs this way, ≈ 20–29 µs with
 * node:crypto's asynchronous `sign` (one libuv thread-pool job each) plus an inline HMAC, 60–100 µs with a worker
 * pool that posts one message per task (tinypool, piscina) — so the batching is the point.
 *
 * The worker holds one batch at a time; signatures asked for meanwhile gather into the next batch, sent when it
 * answers. When it falls behind (a batch takes longer than {@link WORKER_LAG_MS}, e.g. when other processes
 * starve it of CPU), the next batch is signed on libuv's thread pool instead, several threads at once, so one
 * slow thread never holds every delivery up. The same path serves where no worker can be started, or after one
 * failed: slower for the event loop, never lost.
 *
 * One worker serves the whole process: it starts on the first signature, keeps the process alive only while it
 * has work, and is stateless (each batch carries its keys; the worker caches a few key objects), so nothing needs
 * closing.
 */
import { createHmac, createPrivateKey, sign, type KeyObject } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { setImmediate, setTimeout } from 'node:timers'
import { Worker } from 'node:worker_threads'

/** The worker: CommonJS evaluated from this text, so the package ships no extra file. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createHmac, createPrivateKey, sign } = require('node:crypto')
const keys = new Map()
function keyObject(der) {
  const id = Buffer.from(der).toString('base64')
  let key = keys.get(id)
  if (key === undefined) {
    if (keys.size >= 16) keys.delete(keys.keys().next().value)
    key = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' })
    keys.set(id, key)
  }
  return key
}
parentPort.on('message', (batch) => {
  try {
    const data = Buffer.from(batch.data)
    const keyObjects = batch.keys.map(keyObject)
    const n = batch.ends.length
    const ed = new Array(n)
    const mac = new Array(n)
    let start = 0
    for (let i = 0; i < n; i++) {
      const end = batch.ends[i]
      const content = data.subarray(start, end)
      ed[i] = sign(null, content, keyObjects[batch.keyOf[i]]).toString('base64')
      const secret = batch.secretOf[i]
      mac[i] = secret < 0 ? '' : createHmac('sha256', batch.secrets[secret]).update(content).digest('base64')
      start = end
    }
    parentPort.postMessage({ ed, mac })
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) })
  }
})
`

/** How long the worker may take over a batch before the next one goes to libuv's thread pool instead. */
export const WORKER_LAG_MS = 4

/** Key objects for the thread-pool path, one per engine key. */
const keyObjects = new WeakMap<Uint8Array, KeyObject>()

function keyObjectOf(pkcs8: Uint8Array): KeyObject {
  let key = keyObjects.get(pkcs8)
  if (key === undefined) {
    key = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' })
    keyObjects.set(pkcs8, key)
  }
  return key
}

/** Signatures asked for in one turn of the event loop; `ed[i]`/`mac[i]` (base64) are set when `done` resolves. */
export class SignatureBatch {
  readonly contents: Buffer[] = []
  readonly keys: Uint8Array[] = []
  readonly keyOf: number[] = []
  readonly secrets: Uint8Array[] = []
  readonly secretOf: number[] = []
  ed: string[] = []
  /** `''` where the item has no HMAC secret. */
  mac: string[] = []
  /** When it was posted to the worker (performance.now()). */
  sentAt = 0
  readonly done: Promise<void>
  private resolve!: () => void
  private reject!: (error: Error) => void
  private waiting = 0

  constructor() {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve
      this.reject = reject
    })
  }

  /** Adds one message; returns its index in `ed`/`mac`. */
  add(pkcs8: Uint8Array, secret: Uint8Array | undefined, content: Buffer): number {
    let key = this.keys.indexOf(pkcs8)
    if (key < 0) key = this.keys.push(pkcs8) - 1
    let secretIndex = -1
    if (secret !== undefined) {
      secretIndex = this.secrets.indexOf(secret)
      if (secretIndex < 0) secretIndex = this.secrets.push(secret) - 1
    }
    this.keyOf.push(key)
    this.secretOf.push(secretIndex)
    return this.contents.push(content) - 1
  }

  /** The worker's answer. */
  answered(ed: string[], mac: string[]): void {
    this.ed = ed
    this.mac = mac
    this.resolve()
  }

  /** Signs every item on libuv's thread pool (Ed25519), the HMACs on this thread meanwhile. */
  signOnThreadPool(): void {
    const n = this.contents.length
    this.ed = new Array<string>(n)
    this.mac = new Array<string>(n)
    this.waiting = n
    for (let i = 0; i < n; i++) {
      const content = this.contents[i] as Buffer
      sign(null, content, keyObjectOf(this.keys[this.keyOf[i] as number] as Uint8Array), (error, signature) => this.signed(i, error, signature))
    }
    for (let i = 0; i < n; i++) {
      const secret = this.secretOf[i] as number
      this.mac[i] = secret < 0 ? '' : createHmac('sha256', this.secrets[secret] as Uint8Array).update(this.contents[i] as Buffer).digest('base64')
    }
  }

  private signed(i: number, error: Error | null, signature: Buffer): void {
    if (error) return this.reject(error)
    this.ed[i] = signature.toString('base64')
    if (--this.waiting === 0) this.resolve()
  }
}

/** How the signing worker starts, and how long a batch may take before the worker is given up (tests change both). */
export interface SigningThreadOptions {
  createWorker?: (source: string) => Worker
  /** A worker that holds a batch this long is stopped; its batches and later ones are signed on the thread pool. */
  stallMs?: number
}

const startWorker = (source: string): Worker => new Worker(source, { eval: true, execArgv: [], stdout: false, stderr: false })

/** A signing worker and the batch being collected (the engine uses one per process: {@link signingThread}). */
export class SigningThread {
  private worker: Worker | undefined
  /** Set when no worker can be used: every batch goes to the thread pool. */
  private unavailable = false
  private collecting: SignatureBatch | undefined
  private flushScheduled = false
  private lagTimerSet = false
  private watchdogSet = false
  /** Batches posted to the worker and not answered yet (one at a time). */
  private readonly sent: SignatureBatch[] = []
  private readonly createWorker: (source: string) => Worker
  private readonly stallMs: number

  constructor(options: SigningThreadOptions = {}) {
    this.createWorker = options.createWorker ?? startWorker
    this.stallMs = options.stallMs ?? 2000
  }

  /** The batch signatures asked for now join. */
  batch(): SignatureBatch {
    this.collecting ??= new SignatureBatch()
    if (!this.flushScheduled) {
      this.flushScheduled = true
      setImmediate(flush, this) // once this turn's I/O callbacks have added theirs
    }
    return this.collecting
  }

  /**
   * Sends the collected batch: to the worker when it is idle; held while the worker signs the previous batch
   * (so batches grow instead of queueing), unless that one is late — then to the thread pool.
   */
  flush(): void {
    this.flushScheduled = false
    const batch = this.collecting
    if (batch === undefined) return
    const now = performance.now()
    const busy = this.sent[0]
    if (!this.unavailable && busy !== undefined && now - busy.sentAt < WORKER_LAG_MS) {
      if (!this.lagTimerSet) {
        this.lagTimerSet = true
        setTimeout(lagCheck, WORKER_LAG_MS - (now - busy.sentAt), this).unref()
      }
      return // sent when the worker answers, or by the lag check
    }
    this.collecting = undefined
    const worker = this.unavailable || busy !== undefined ? undefined : this.start()
    if (worker === undefined) return batch.signOnThreadPool()
    let length = 0
    for (const content of batch.contents) length += content.length
    const data = new Uint8Array(length)
    const ends = new Array<number>(batch.contents.length)
    let at = 0
    for (let i = 0; i < batch.contents.length; i++) {
      const content = batch.contents[i] as Buffer
      data.set(content, at)
      at += content.length
      ends[i] = at
    }
    batch.sentAt = now
    if (this.sent.push(batch) === 1) worker.ref() // keep the process alive while signatures are pending
    worker.postMessage({ data: data.buffer, ends, keys: batch.keys, keyOf: batch.keyOf, secrets: batch.secrets, secretOf: batch.secretOf }, [data.buffer])
    if (!this.watchdogSet) {
      this.watchdogSet = true
      setTimeout(watchdog, this.stallMs, this).unref()
    }
  }

  /** Stops a worker that has held a batch for `stallMs` (its 'exit' hands the batches to the thread pool). */
  watchdog(): void {
    this.watchdogSet = false
    const oldest = this.sent[0]
    if (oldest === undefined || this.worker === undefined) return
    const age = performance.now() - oldest.sentAt
    if (age >= this.stallMs) {
      const worker = this.worker
      this.failed(worker)
      void worker.terminate()
      return
    }
    this.watchdogSet = true
    setTimeout(watchdog, this.stallMs - age, this).unref()
  }

  lagCheck(): void {
    this.lagTimerSet = false
    if (!this.flushScheduled) this.flush()
  }

  private start(): Worker | undefined {
    if (this.worker) return this.worker
    try {
      const worker = this.createWorker(WORKER_SOURCE)
      worker.unref()
      worker.on('message', (answer: { ed?: string[]; mac?: string[]; error?: string }) => this.answered(answer))
      worker.on('error', () => this.failed(worker))
      worker.on('exit', () => this.failed(worker))
      this.worker = worker
      return worker
    } catch {
      this.unavailable = true // e.g. the permission model forbids workers
      return undefined
    }
  }

  private answered(answer: { ed?: string[]; mac?: string[]; error?: string }): void {
    const batch = this.sent.shift()
    if (this.sent.length === 0) this.worker?.unref()
    // When the worker could not sign (it says why), the same work here gives the caller the error or the signatures.
    if (batch !== undefined) {
      if (answer.ed && answer.mac) batch.answered(answer.ed, answer.mac)
      else batch.signOnThreadPool()
    }
    if (!this.flushScheduled) this.flush() // the batch that waited for this answer
  }

  /** The worker died: sign what it held on the thread pool, and use the thread pool from now on. */
  private failed(worker: Worker): void {
    if (this.worker !== worker) return
    this.worker = undefined
    this.unavailable = true
    for (const batch of this.sent.splice(0)) batch.signOnThreadPool()
    if (!this.flushScheduled) this.flush()
  }
}

function lagCheck(thread: SigningThread): void {
  thread.lagCheck()
}

function watchdog(thread: SigningThread): void {
  thread.watchdog()
}

function flush(thread: SigningThread): void {
  thread.flush()
}

let shared: SigningThread | undefined

/** The process's signing thread (created on first use). */
export function signingThread(): SigningThread {
  shared ??= new SigningThread()
  return shared
}
