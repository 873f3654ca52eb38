/**
 * Engine benchmarks: fan-out cost vs unrelated configs, signed+logged delivery throughput and latency vs a bare
 * keep-alive node:http loop, and heap after logging 100,000 events. Every figure is printed as a ratio to a floor
 * measured in the same run.
 *
 *   npx tsx bench/engine.ts            (add --expose-gc via NODE_OPTIONS for a steadier heap figure)
 */
import http from 'node:http'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import v8 from 'node:v8'
import vm from 'node:vm'
import { Worker } from 'node:worker_threads'
import { createSigner, generateSigningKeyPair, type WebhookSigner } from '../src/webhooks/signature'
import { createEngine } from '../src/webhooks/engine'
import type { WebhookEngine } from '../src/webhooks/engine/api'
import { createMemoryStore } from '../src/webhooks/engine/store/memory'
import type { EngineStore } from '../src/webhooks/engine/store/types'

/** One printed figure. */
export interface BenchRow {
  name: string
  value: number
  unit: string
  floor: number
  /** value / floor */
  ratio: number
  target: string
}

const metadata = { organization_id: 'org-bench', user_id: 'u-1', action: 'bench' }
const entity = {
  _id: '0b3c5a1e-8f2d-4a7b-9c1e-2d3f4a5b6c7d',
  _schema: 'product',
  _title: 'Solar Panel 400W',
  _org: 'org-bench',
  _created_at: '2025-01-01T00:00:00.000Z',
  _updated_at: '2025-01-01T00:00:00.000Z',
  _tags: ['solar', 'premium'],
  name: 'Solar Panel 400W',
  code: 'SP-400',
  type: 'product',
  product_category: 'solar',
  active: true,
  description: 'High efficiency monocrystalline module with 25 years of linear performance warranty.',
  price: { amount: 39900, currency: 'EUR', tax: 'standard' },
}

// ---- receiver in a worker thread, so it does not share the engine's event loop ---------------------------

const RECEIVER_SOURCE = `
const http = require('node:http')
const { parentPort } = require('node:worker_threads')
const server = http.createServer((req, res) => {
  req.resume()
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': 11 }); res.end('{"ok":true}') })
})
server.keepAliveTimeout = 60000
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port))
`

async function startWorkerReceiver(): Promise<{ url: string; stop: () => Promise<number> }> {
  const worker = new Worker(RECEIVER_SOURCE, { eval: true })
  const port = await new Promise<number>((resolve) => worker.once('message', resolve))
  return { url: `http://127.0.0.1:${port}/hook`, stop: () => worker.terminate() }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
}

function gc(): void {
  const fn = (globalThis as { gc?: () => void }).gc
  if (fn) return fn()
  v8.setFlagsFromString('--expose-gc')
  ;(vm.runInNewContext('gc') as () => void)()
}

// ---- 1. fan-out ------------------------------------------------------------------------------------------

async function fanOutEngine(otherConfigs: number, url: string): Promise<WebhookEngine> {
  // concurrency 0: jobs stay queued, so only emit itself (lookup, filter, payload, record, enqueue) is timed.
  const engine = createEngine({ concurrency: 0, maxQueueSize: 10_000_000 })
  await engine.createConfig({ name: 'match', eventName: 'product_updated', url, httpMethod: 'POST' })
  for (let i = 0; i < otherConfigs; i++) {
    await engine.createConfig({ name: `other-${i}`, eventName: `other_event_${i % 500}`, url, httpMethod: 'POST' })
  }
  return engine
}

async function timeEmits(engine: WebhookEngine, n: number): Promise<number> {
  const t0 = performance.now()
  for (let i = 0; i < n; i++) await engine.emit('product_updated', { entity }, metadata)
  return ((performance.now() - t0) * 1000) / n // µs per emit
}

async function benchFanOut(url: string): Promise<BenchRow> {
  const alone = await fanOutEngine(0, url)
  const crowded = await fanOutEngine(10_000, url)
  await timeEmits(alone, 2000)
  await timeEmits(crowded, 2000)
  const a: number[] = []
  const c: number[] = []
  // Alternate the two and start each round from a collected heap, so GC debt of one does not bill the other.
  for (let round = 0; round < 9; round++) {
    gc()
    a.push(await timeEmits(alone, 3000))
    gc()
    c.push(await timeEmits(crowded, 3000))
  }
  const floor = median(a)
  const value = median(c)
  return { name: 'emit, 1 match + 10,000 other configs (µs/emit)', value, unit: 'µs', floor, ratio: value / floor, target: '1.0 ± 0.2' }
}

// ---- 2. delivery throughput and latency ------------------------------------------------------------------

const CONCURRENCY = 64
const BODY = JSON.stringify({ metadata, entity })

/** The floor: a bare keep-alive POST loop; with `signer`, each request also carries the same signature headers. */
async function bareLoop(url: string, total: number, signer?: WebhookSigner): Promise<{ perSecond: number; latencies: number[] }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  const target = new URL(url)
  let n = 0
  const post = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) }
      if (signer) Object.assign(headers, signer.sign({ id: `msg_${n++}`, timestamp: Math.floor(Date.now() / 1000), body: BODY }))
      const req = http.request(target, { method: 'POST', agent, headers })
      req.on('response', (res) => {
        res.resume()
        res.on('end', resolve)
      })
      req.on('error', reject)
      req.end(BODY)
    })
  const latencies: number[] = []
  let started = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (started++ < total) {
        const s = performance.now()
        await post()
        latencies.push(performance.now() - s)
      }
    }),
  )
  const seconds = (performance.now() - t0) / 1000
  agent.destroy()
  return { perSecond: total / seconds, latencies }
}

/** A store wrapper that tells waiters when an event reaches a terminal status (the store is the seam). */
function observedStore(): { store: EngineStore; done: (eventId: string) => Promise<void> } {
  const inner = createMemoryStore()
  const waiters = new Map<string, () => void>()
  const finished = new Set<string>()
  const store: EngineStore = {
    ...inner,
    async updateEvent(eventId, update) {
      await inner.updateEvent(eventId, update)
      if (update.status === 'succeeded' || update.status === 'failed') {
        const resolve = waiters.get(eventId)
        if (resolve) {
          waiters.delete(eventId)
          resolve()
        } else finished.add(eventId)
      }
    },
  }
  const done = (eventId: string): Promise<void> =>
    finished.delete(eventId) ? Promise.resolve() : new Promise((resolve) => waiters.set(eventId, resolve))
  return { store, done }
}

async function engineLoop(url: string, total: number): Promise<{ perSecond: number; latencies: number[]; failed: number }> {
  const { store, done } = observedStore()
  const engine = createEngine({ store, concurrency: CONCURRENCY, perConfigConcurrency: CONCURRENCY, maxQueueSize: total + CONCURRENCY })
  const { id } = await engine.createConfig({
    name: 'bench',
    eventName: 'product_updated',
    url,
    httpMethod: 'POST',
    signingSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  const latencies: number[] = []
  let started = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (started++ < total) {
        const s = performance.now()
        const { deliveries } = await engine.emit('product_updated', { entity }, metadata)
        await done(deliveries[0]?.eventId ?? '')
        latencies.push(performance.now() - s)
      }
    }),
  )
  const seconds = (performance.now() - t0) / 1000
  const failed = (await engine.searchEvents(id ?? '', { status: 'failed', limit: 100 })).data.length
  await engine.close()
  return { perSecond: total / seconds, latencies, failed }
}

/** µs per signature (v1a + v1), as the engine signs each delivery. */
function signCost(): number {
  const signer = createSigner({ privateKey: generateSigningKeyPair().privateKey, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
  const n = 20_000
  for (let i = 0; i < 2000; i++) signer.sign({ id: `w${i}`, timestamp: 1_700_000_000, body: BODY })
  const t0 = performance.now()
  for (let i = 0; i < n; i++) signer.sign({ id: `m${i}`, timestamp: 1_700_000_000, body: BODY })
  return ((performance.now() - t0) * 1000) / n
}

/** µs per event through emit → queue → worker → log, with the request refused before the network (no signing, no I/O). */
async function pipelineCost(): Promise<number> {
  const engine = createEngine({ concurrency: CONCURRENCY, perConfigConcurrency: CONCURRENCY, maxQueueSize: 1_000_000, allowedSchemes: ['https'] })
  await engine.createConfig({ name: 'p', eventName: 'product_updated', url: 'http://127.0.0.1:9/none', httpMethod: 'POST' })
  const run = async (n: number): Promise<number> => {
    const t0 = performance.now()
    for (let i = 0; i < n; i++) {
      await engine.emit('product_updated', { entity }, metadata)
      if (i % 500 === 499) await engine.idle()
    }
    await engine.idle()
    return ((performance.now() - t0) * 1000) / n
  }
  await run(5000)
  const value = await run(30_000)
  await engine.close()
  return value
}

async function benchDelivery(url: string): Promise<BenchRow[]> {
  const total = 20_000
  await bareLoop(url, 3000) // warm up both paths
  await engineLoop(url, 3000)
  const signer = createSigner({ privateKey: generateSigningKeyPair().privateKey, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
  const bare = await bareLoop(url, total)
  const bareSigned = await bareLoop(url, total, signer)
  const eng = await engineLoop(url, total)
  if (eng.failed > 0) throw new Error(`${eng.failed} deliveries failed during the bench`)
  const sign = signCost()
  const pipeline = await pipelineCost()
  const bareUs = 1e6 / bare.perSecond
  const b = bare.latencies.sort((x, y) => x - y)
  const e = eng.latencies.sort((x, y) => x - y)
  return [
    { name: `deliveries/s, signed (v1a+v1) + logged, concurrency ${CONCURRENCY}`, value: eng.perSecond, unit: '/s', floor: bare.perSecond, ratio: eng.perSecond / bare.perSecond, target: '≥ 0.5' },
    {
      name: 'same, floor = bare loop that also signs each request (v1a+v1)',
      value: eng.perSecond,
      unit: '/s',
      floor: bareSigned.perSecond,
      ratio: eng.perSecond / bareSigned.perSecond,
      target: 'report',
    },
    { name: 'delivery latency p50 (emit → logged terminal)', value: percentile(e, 50), unit: 'ms', floor: percentile(b, 50), ratio: percentile(e, 50) / percentile(b, 50), target: 'report' },
    { name: 'delivery latency p99', value: percentile(e, 99), unit: 'ms', floor: percentile(b, 99), ratio: percentile(e, 99) / percentile(b, 99), target: 'report' },
    // Where the time goes, each against the wall time of one bare request at the same concurrency.
    { name: 'breakdown: v1a+v1 signature per delivery (floor = bare request)', value: sign, unit: 'µs', floor: bareUs, ratio: sign / bareUs, target: 'report' },
    { name: 'breakdown: engine pipeline per event, no I/O (floor = bare request)', value: pipeline, unit: 'µs', floor: bareUs, ratio: pipeline / bareUs, target: 'report' },
  ]
}

// ---- 3. memory --------------------------------------------------------------------------------------------

async function benchMemory(url: string): Promise<BenchRow> {
  const total = 100_000
  gc()
  const before = process.memoryUsage().heapUsed
  const engine = createEngine({ concurrency: CONCURRENCY, perConfigConcurrency: CONCURRENCY, maxQueueSize: total })
  const { id } = await engine.createConfig({ name: 'mem', eventName: 'product_updated', url, httpMethod: 'POST' })
  let payloadBytes = 0
  for (let i = 0; i < total; i++) {
    const e = { ...entity, _id: `id-${i}`, sequence: i }
    await engine.emit('product_updated', { entity: e }, metadata)
    if (i % 5000 === 4999) await engine.idle()
  }
  await engine.idle()
  const page = await engine.searchEvents(id ?? '', { limit: 1 })
  payloadBytes = (page.data[0]?.payload?.length ?? 0) * total
  gc()
  const heapMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024
  const floorMb = payloadBytes / 1024 / 1024
  await engine.close()
  return { name: 'heap after logging 100,000 delivered events (MB; floor = raw payload text)', value: heapMb, unit: 'MB', floor: floorMb, ratio: heapMb / floorMb, target: '< 200 MB' }
}

/** Runs every engine benchmark and prints a table; returns the rows. */
export async function main(only: string[] = (process.env.BENCH_ONLY ?? 'fanout,delivery,memory').split(',')): Promise<BenchRow[]> {
  const receiver = await startWorkerReceiver()
  try {
    const rows: BenchRow[] = []
    if (only.includes('fanout')) rows.push(await benchFanOut(receiver.url))
    if (only.includes('delivery')) rows.push(...(await benchDelivery(receiver.url)))
    if (only.includes('memory')) rows.push(await benchMemory(receiver.url))
    console.table(
      rows.map((r) => ({
        figure: r.name,
        value: `${r.value.toFixed(2)} ${r.unit}`,
        floor: `${r.floor.toFixed(2)} ${r.unit}`,
        ratio: r.ratio.toFixed(2),
        target: r.target,
      })),
    )
    return rows
  } finally {
    await receiver.stop()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
