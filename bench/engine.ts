/**
 * Engine benchmark: heap after logging 100,000 events, printed as a ratio to a floor measured in the same run.
 * Fan-out is measured in bench/fanout.ts, delivery throughput in bench/delivery.ts.
 *
 *   npx tsx bench/engine.ts            (add --expose-gc via NODE_OPTIONS for a steadier heap figure)
 */
import { pathToFileURL } from 'node:url'
import v8 from 'node:v8'
import vm from 'node:vm'
import { createEngine } from '../src/webhooks/engine'
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



function gc(): void {
  const fn = (globalThis as { gc?: () => void }).gc
  if (fn) return fn()
  v8.setFlagsFromString('--expose-gc')
  ;(vm.runInNewContext('gc') as () => void)()
}

// ---- memory  ----------------------------------------------------------------------------------------------

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
export async function main(only: string[] = (process.env.BENCH_ONLY ?? 'memory').split(',')): Promise<BenchRow[]> {
  const receiver = await startLoopbackReceiver()
  try {
    const rows: BenchRow[] = []
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
