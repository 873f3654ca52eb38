/**
 * Delivery benchmark: signed (`v1a` + `v1`) and logged engine deliveries at concurrency 64 to a loopback receiver
 * running in its own process, against floors measured in the same run:
 *   (a) an undici Pool loop that signs `v1a` + `v1` inline on the main thread (what a hand-written sender does),
 *   (b) a bare, unsigned keep-alive node:http loop,
 * plus an unsigned undici Pool loop for reference. The loops run interleaved over several rounds (their order
 * rotating), and each ratio is the median of the per-round ratios, printed with the spread over rounds.
 * CPU per delivery (whole process, and the main thread alone on Linux) says where the time goes.
 *
 *   npx tsx bench/delivery.ts        BENCH_ROUNDS=7 BENCH_DELIVERIES=5000 to change the size
 *   BENCH_ONLY=engine node --cpu-prof --import tsx bench/delivery.ts    one loop alone (to profile it)
 */
import { createHmac, createPrivateKey, sign } from 'node:crypto'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { Pool } from 'undici'
import { createEngine } from '../src/webhooks/engine'
import type { DeliveryAttemptInfo } from '../src/webhooks/engine/options'
import { resolveSigningKey } from '../src/webhooks/engine/delivery/signing-key'
import { entity, metadata } from './event-fixture'
import { startLoopbackReceiver } from './loopback-receiver'

const CONCURRENCY = 64
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const PER_ROUND = Number(process.env.BENCH_DELIVERIES ?? 4000)
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

/** What the engine sends for this event (metadata gains webhook_id/webhook_name), so the floors send as much. */
const BODY = JSON.stringify({ metadata: { ...metadata, webhook_id: 'xxxxxxxxxx', webhook_name: 'bench' }, entity })

// ---- measuring --------------------------------------------------------------------------------------------

/** CPU ms of the main thread alone (Linux: /proc), or undefined elsewhere. */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 // utime + stime, in clock ticks of 10 ms
  } catch {
    return undefined
  }
}

function processCpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

interface LoopFigures {
  perSecond: number
  /** µs of CPU per delivery, whole process (the thread pool included). */
  cpuUs: number
  /** µs of main-thread CPU per delivery (Linux), NaN elsewhere. */
  mainUs: number
  /** Event-loop utilization of the main thread while the loop ran (1 = never idle). */
  elu: number
}

/** Runs `total` sends, `CONCURRENCY` at a time, and measures them. */
async function measure(total: number, send: () => Promise<void>, after?: () => Promise<void>): Promise<LoopFigures> {
  let started = 0
  const worker = async (): Promise<void> => {
    while (started++ < total) await send()
  }
  const main0 = mainThreadCpuMs()
  const cpu0 = processCpuMs()
  const elu0 = performance.eventLoopUtilization()
  const t0 = performance.now()
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  if (after) await after()
  const ms = performance.now() - t0
  const elu = performance.eventLoopUtilization(elu0).utilization
  const cpuUs = ((processCpuMs() - cpu0) * 1000) / total
  const main1 = mainThreadCpuMs()
  const mainUs = main0 === undefined || main1 === undefined ? Number.NaN : ((main1 - main0) * 1000) / total
  return { perSecond: (total * 1000) / ms, cpuUs, mainUs, elu }
}

// ---- the loops ----------------------------------------------------------------------------------------------

type Loop = (url: string, total: number) => Promise<LoopFigures>

/** Signed + logged engine deliveries: emit → queue → sign → send → log, 64 events in flight. */
const engineLoop: Loop = async (url, total) => {
  const waiting = new Map<string, () => void>()
  const early = new Set<string>()
  let failed: DeliveryAttemptInfo | undefined
  const engine = createEngine({
    concurrency: CONCURRENCY,
    perConfigConcurrency: CONCURRENCY,
    perEndpointConcurrency: CONCURRENCY, // one receiver: let all 64 in flight reach it, as the floors do
    maxQueueSize: total + CONCURRENCY,
    onAttempt(info) {
      if (info.outcome !== 'succeeded') failed ??= info
      const resolve = waiting.get(info.eventId)
      if (resolve) {
        waiting.delete(info.eventId)
        resolve()
      } else early.add(info.eventId)
    },
  })
  await engine.createConfig({ name: 'bench', eventName: 'product_updated', url, httpMethod: 'POST', signingSecret: SECRET })
  const delivered = (eventId: string): Promise<void> => (early.delete(eventId) ? Promise.resolve() : new Promise((resolve) => waiting.set(eventId, resolve)))
  const figures = await measure(
    total,
    async () => {
      const { deliveries } = await engine.emit('product_updated', { entity }, metadata)
      await delivered(deliveries[0]?.eventId ?? '')
    },
    () => engine.idle(), // every outcome logged
  )
  await engine.close()
  if (failed) throw new Error(`a delivery did not succeed during the bench: ${JSON.stringify(failed)}`)
  return figures
}

/** (a) undici Pool, signing v1a + v1 inline (synchronous node:crypto) on the main thread, reading the response. */
function undiciLoop(signed: boolean): Loop {
  const key = createPrivateKey({ key: Buffer.from(resolveSigningKey(undefined).pkcs8), format: 'der', type: 'pkcs8' })
  const hmacKey = Buffer.from(SECRET.slice('whsec_'.length), 'base64')
  return async (url, total) => {
    const target = new URL(url)
    const pool = new Pool(target.origin, { connections: CONCURRENCY, pipelining: 1 })
    let n = 0
    const figures = await measure(total, async () => {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'bench' }
      if (signed) {
        const id = `msg_${n++}`
        const timestamp = String(Math.floor(Date.now() / 1000))
        const content = Buffer.from(`${id}.${timestamp}.${BODY}`)
        headers['webhook-id'] = id
        headers['webhook-timestamp'] = timestamp
        headers['webhook-signature'] = `v1a,${sign(null, content, key).toString('base64')} v1,${createHmac('sha256', hmacKey).update(content).digest('base64')}`
      }
      const res = await pool.request({ path: target.pathname, method: 'POST', headers, body: BODY })
      await res.body.text()
      if (res.statusCode !== 200) throw new Error(`receiver answered ${res.statusCode}`)
    })
    await pool.close()
    return figures
  }
}

/** (b) bare keep-alive node:http POSTs, unsigned, response drained. */
const nodeHttpLoop: Loop = async (url, total) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  const target = new URL(url)
  const length = String(Buffer.byteLength(BODY))
  const figures = await measure(
    total,
    () =>
      new Promise<void>((resolve, reject) => {
        const req = http.request(target, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': length } })
        req.on('response', (res) => {
          res.resume()
          res.on('end', resolve)
        })
        req.on('error', reject)
        req.end(BODY)
      }),
  )
  agent.destroy()
  return figures
}

// ---- the run --------------------------------------------------------------------------------------------------

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** One printed figure: `value / floor = ratio (goal)`, with the spread of the per-round ratios. */
export interface DeliveryBenchRow {
  figure: string
  value: number
  floor: number
  /** Median of the per-round ratios (not value / floor of the medians). */
  ratio: number
  spread: [number, number]
  unit: string
  goal: string
}

const LOOPS = {
  engine: engineLoop,
  undiciSigned: undiciLoop(true),
  nodeBare: nodeHttpLoop,
  undiciBare: undiciLoop(false),
} satisfies Record<string, Loop>
type LoopName = keyof typeof LOOPS

function row(figure: string, rounds: Array<Record<LoopName, LoopFigures>>, pick: (f: LoopFigures) => number, value: LoopName, floor: LoopName, unit: string, goal: string): DeliveryBenchRow {
  const ratios = rounds.map((r) => pick(r[value]) / pick(r[floor]))
  return {
    figure,
    value: median(rounds.map((r) => pick(r[value]))),
    floor: median(rounds.map((r) => pick(r[floor]))),
    ratio: median(ratios),
    spread: [Math.min(...ratios), Math.max(...ratios)],
    unit,
    goal,
  }
}

function format(n: number, unit: string): string {
  if (Number.isNaN(n)) return 'n/a'
  return unit === '/s' ? `${Math.round(n).toLocaleString('en')}/s` : `${n.toFixed(unit === '' ? 2 : 1)}${unit === '' ? '' : ` ${unit}`}`
}

/** Runs the interleaved rounds and prints every figure; returns the rows. */
export async function main(): Promise<DeliveryBenchRow[]> {
  const receiver = await startLoopbackReceiver()
  try {
    const only = process.env.BENCH_ONLY?.split(',') as LoopName[] | undefined
    if (only) {
      for (const name of only) {
        const f = await LOOPS[name](receiver.url, PER_ROUND * ROUNDS)
        console.log(`${name}: ${format(f.perSecond, '/s')}, CPU ${format(f.cpuUs, 'µs')} (main thread ${format(f.mainUs, 'µs')}) per delivery, ELU ${f.elu.toFixed(2)}`)
      }
      return []
    }
    const names = Object.keys(LOOPS) as LoopName[]
    for (const name of names) await LOOPS[name](receiver.url, Math.min(2000, PER_ROUND)) // warm up every path
    const rounds: Array<Record<LoopName, LoopFigures>> = []
    for (let round = 0; round < ROUNDS; round++) {
      const figures = {} as Record<LoopName, LoopFigures>
      // Rotate the order so no loop always runs first (or right after the engine's garbage).
      for (let i = 0; i < names.length; i++) {
        const name = names[(round + i) % names.length] as LoopName
        figures[name] = await LOOPS[name](receiver.url, PER_ROUND)
      }
      rounds.push(figures)
    }
    const rate = (f: LoopFigures) => f.perSecond
    const rows = [
      row('signed + logged engine deliveries / undici Pool loop signing v1a+v1 inline (a)', rounds, rate, 'engine', 'undiciSigned', '/s', '≥ 0.8'),
      row('signed + logged engine deliveries / bare unsigned keep-alive node:http loop (b)', rounds, rate, 'engine', 'nodeBare', '/s', 'stretch ≥ 1.0'),
      row('reference: bare unsigned undici Pool loop / (b)', rounds, rate, 'undiciBare', 'nodeBare', '/s', 'report'),
      row('reference: (a) / (b)', rounds, rate, 'undiciSigned', 'nodeBare', '/s', 'report'),
      row('CPU per delivery, whole process: engine / (a)', rounds, (f) => f.cpuUs, 'engine', 'undiciSigned', 'µs', 'report'),
      row('main-thread CPU per delivery: engine / (a)', rounds, (f) => f.mainUs, 'engine', 'undiciSigned', 'µs', 'report'),
      row('main-thread CPU per delivery: engine / (b)', rounds, (f) => f.mainUs, 'engine', 'nodeBare', 'µs', 'report'),
      row('main-thread CPU per delivery: engine / bare undici', rounds, (f) => f.mainUs, 'engine', 'undiciBare', 'µs', 'report'),
      row('main-thread event-loop utilization: engine / (a)', rounds, (f) => f.elu, 'engine', 'undiciSigned', '', 'report'),
    ]
    console.log(`${ROUNDS} interleaved rounds of ${PER_ROUND} deliveries per loop, concurrency ${CONCURRENCY}; receiver in its own process`)
    for (const r of rows) {
      console.log(
        `${r.figure}: ${format(r.value, r.unit)} / ${format(r.floor, r.unit)} = ${r.ratio.toFixed(2)}× (goal ${r.goal}; rounds ${r.spread[0].toFixed(2)}–${r.spread[1].toFixed(2)})`,
      )
    }
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
