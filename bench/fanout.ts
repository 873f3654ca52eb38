/**
 * Fan-out bench (issue #15): what configs that do not receive an event cost an emit.
 *
 * 1. Same event: emit to 1,000 configs of the event, 10 of which match, vs an emit to those 10 alone (goal ≤ 15×).
 *    The 990 others each cost one filter evaluation and a compact `skipped` record.
 * 2. Other events: emit to 1 matching config beside N configs of OTHER events, N = 10 … 10,000, vs N = 1
 *    (goal: flat, 1.0 ± 0.2).
 *
 * Engines run with concurrency 0, so only emit itself is timed (lookup, filters, payload, record, enqueue). They are
 * never closed (close waits for their queued deliveries, which never run); they are dropped after their figure.
 * Rounds are interleaved (order rotating); each ratio is the median of the per-round ratios.
 *
 *   npx tsx bench/fanout.ts
 */
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import v8 from 'node:v8'
import vm from 'node:vm'
import { createEngine } from '../src/webhooks/engine'
import type { WebhookEngine } from '../src/webhooks/engine/api'
import { entity, metadata } from './event-fixture'

const URL = 'http://127.0.0.1:9/never-called' // concurrency 0: nothing is sent
const EVENT = 'product_updated'
const ROUNDS = 7

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

function gc(): void {
  const fn = (globalThis as { gc?: () => void }).gc
  if (fn) return fn()
  v8.setFlagsFromString('--expose-gc')
  ;(vm.runInNewContext('gc') as () => void)()
}

/** An engine whose emits are timed: nothing is delivered and the queue never fills. */
function quietEngine(): WebhookEngine {
  return createEngine({ concurrency: 0, maxQueueSize: 100_000_000 })
}

/** `matching` configs of the event that match, `skipping` of the event that do not, `others` of other events. */
async function fanOutEngine(matching: number, skipping: number, others: number): Promise<WebhookEngine> {
  const engine = quietEngine()
  const match = { conditions: [{ field: 'entity.product_category', operation: 'equals' as const, values: ['solar'] }] }
  for (let i = 0; i < matching; i++) await engine.createConfig({ name: `match-${i}`, eventName: EVENT, url: URL, httpMethod: 'POST', filterConditions: match })
  for (let i = 0; i < skipping; i++) {
    const skip = { conditions: [{ field: 'entity.product_category', operation: 'equals' as const, values: [`category-${i}`] }] }
    await engine.createConfig({ name: `skip-${i}`, eventName: EVENT, url: URL, httpMethod: 'POST', filterConditions: skip })
  }
  for (let i = 0; i < others; i++) await engine.createConfig({ name: `other-${i}`, eventName: `other_event_${i % 500}`, url: URL, httpMethod: 'POST' })
  return engine
}

/** µs per emit over `n` emits. */
async function timeEmits(engine: WebhookEngine, n: number): Promise<number> {
  const t0 = performance.now()
  for (let i = 0; i < n; i++) await engine.emit(EVENT, { entity }, metadata)
  return ((performance.now() - t0) * 1000) / n
}

interface Side {
  engine: WebhookEngine
  emits: number
  samples: number[]
}

/** Interleaved rounds (order rotating, each side from a collected heap); returns per-side medians and the median ratio vs side 0. */
async function rounds(sides: Side[]): Promise<{ medians: number[]; ratios: number[][] }> {
  for (const s of sides) await timeEmits(s.engine, Math.ceil(s.emits / 4)) // warm up
  const ratios: number[][] = sides.map(() => [])
  for (let round = 0; round < ROUNDS; round++) {
    const times: number[] = new Array(sides.length).fill(0)
    for (let k = 0; k < sides.length; k++) {
      const i = (round + k) % sides.length
      const side = sides[i] as Side
      gc()
      times[i] = await timeEmits(side.engine, side.emits)
      side.samples.push(times[i] as number)
    }
    sides.forEach((_, i) => ratios[i]?.push((times[i] as number) / (times[0] as number)))
  }
  return { medians: sides.map((s) => median(s.samples)), ratios }
}

function line(figure: string, value: number, floor: number, ratio: number, goal: string, spread: number[]): void {
  const lo = Math.min(...spread)
  const hi = Math.max(...spread)
  console.log(`${figure}: ${value.toFixed(1)} µs / ${floor.toFixed(1)} µs = ${ratio.toFixed(2)}× (goal ${goal}; rounds ${lo.toFixed(2)}–${hi.toFixed(2)})`)
}

/** One printed figure. */
export interface FanOutRow {
  name: string
  value: number
  floor: number
  ratio: number
  goal: string
}

/** Runs both fan-out benches and prints `figure / floor = ratio (goal)`; returns the rows. */
export async function main(): Promise<FanOutRow[]> {
  console.log('(figures taken on a shared, busy 2-core machine; compare ratios, not absolute times)')
  const rows: FanOutRow[] = []

  // 1. same event: 1,000 configs, 10 matching, vs the 10 alone.
  {
    const alone = await fanOutEngine(10, 0, 0)
    const crowded = await fanOutEngine(10, 990, 0)
    const { medians, ratios } = await rounds([
      { engine: alone, emits: 400, samples: [] },
      { engine: crowded, emits: 100, samples: [] },
    ])
    const ratio = median(ratios[1] as number[])
    line('emit to 1,000 same-event configs (10 match) / emit to those 10', medians[1] as number, medians[0] as number, ratio, '≤ 15×', ratios[1] as number[])
    rows.push({ name: 'same-event fan-out 1,000 (10 match) / 10', value: medians[1] as number, floor: medians[0] as number, ratio, goal: '≤ 15×' })
  }

  // 2. other events: 1 matching config beside N configs of other events, vs N = 1.
  {
    const counts = [1, 10, 100, 1_000, 10_000]
    const engines: Side[] = []
    for (const n of counts) engines.push({ engine: await fanOutEngine(1, 0, n), emits: 2_000, samples: [] })
    const { medians, ratios } = await rounds(engines)
    counts.forEach((n, i) => {
      if (i === 0) return
      const ratio = median(ratios[i] as number[])
      line(`emit, 1 match + ${n.toLocaleString('en-US')} other-event configs / + 1`, medians[i] as number, medians[0] as number, ratio, '1.0 ± 0.2', ratios[i] as number[])
      rows.push({ name: `other-event fan-out ${n} / 1`, value: medians[i] as number, floor: medians[0] as number, ratio, goal: '1.0 ± 0.2' })
    })
  }
  return rows
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
