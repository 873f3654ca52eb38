/**
 * Engine benchmarks: fan-out cost vs unrelated configs, and heap after logging 100,000 events. Every figure is
 * printed as a ratio to a floor measured in the same run. Delivery throughput is measured in bench/delivery.ts.
 *
 *   npx tsx bench/engine.ts            (add --expose-gc via NODE_OPTIONS for a steadier heap figure)
 */
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import v8 from 'node:v8'
import vm from 'node:vm'
import { createEngine } from '../src/webhooks/engine'
import type { WebhookEngine } from '../src/webhooks/engine/api'
import { entity, metadata } from './event-fixture'
import { startLoopbackReceiver } from './loopback-receiver'

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

// ---- 2. memory ----------------------------------------------------------------------------------------------

const CONCURRENCY = 64

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
export async function main(only: string[] = (process.env.BENCH_ONLY ?? 'fanout,memory').split(',')): Promise<BenchRow[]> {
  const receiver = await startLoopbackReceiver()
  try {
    const rows: BenchRow[] = []
    if (only.includes('fanout')) rows.push(await benchFanOut(receiver.url))
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
    receiver.stop()
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
