/**
 * What moving `jsonataExpression` off the event loop costs a small transform. Floor: the same expression evaluated
 * in process (what the engine did before). Figures: one transform at a time through the worker pool (latency), 64 in
 * flight (throughput), and the event-loop time each pooled transform costs the engine (measured with
 * `performance.eventLoopUtilization`). Rounds are interleaved (order rotating); each ratio is the median of the
 * per-round ratios. Figures on a busy machine vary a lot: read the ratios, not the absolute times.
 */
import { performance } from 'node:perf_hooks'
import jsonata from 'jsonata'
import { compileTransform } from '../src/webhooks/engine/payload/transform'

const EXPRESSION = '{ "id": entity._id, "org": metadata.organization_id, "name": entity.name, "relations": $count(relations) }'
const PAYLOAD = {
  metadata: { organization_id: '123', webhook_id: 'w1', action: 'updated' },
  entity: { _id: 'e1', name: 'Solar roof', _schema: 'opportunity', tags: ['a', 'b'], notes: 'x'.repeat(400) },
  relations: [{ _id: 'c1' }, { _id: 'c2' }],
}
const N = 400
const ROUNDS = 7

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

type Side = { name: string; run: () => Promise<{ wallUs: number; loopUs: number }> }

async function timed(body: () => Promise<void>): Promise<{ wallUs: number; loopUs: number }> {
  const elu = performance.eventLoopUtilization()
  const start = performance.now()
  await body()
  const wall = performance.now() - start
  const used = performance.eventLoopUtilization(elu)
  return { wallUs: (wall * 1000) / N, loopUs: (used.active * 1000) / N }
}

export async function main(): Promise<void> {
  const inProcess = jsonata(EXPRESSION)
  const pooled = compileTransform(EXPRESSION)
  for (let i = 0; i < 50; i++) await pooled(PAYLOAD) // start the worker and warm both paths
  for (let i = 0; i < 50; i++) await inProcess.evaluate(PAYLOAD)

  const sides: Side[] = [
    { name: 'in process (floor)', run: () => timed(async () => { for (let i = 0; i < N; i++) await inProcess.evaluate(PAYLOAD) }) },
    { name: 'pool, one at a time', run: () => timed(async () => { for (let i = 0; i < N; i++) await pooled(PAYLOAD) }) },
    {
      name: 'pool, 64 in flight',
      run: () =>
        timed(async () => {
          let next = 0
          await Promise.all(Array.from({ length: 64 }, async () => { while (next++ < N) await pooled(PAYLOAD) }))
        }),
    },
  ]
  const wall: number[][] = sides.map(() => [])
  const loop: number[][] = sides.map(() => [])
  const wallUs: number[][] = sides.map(() => [])
  const loopUs: number[][] = sides.map(() => [])
  for (let round = 0; round < ROUNDS; round++) {
    const results: Array<{ wallUs: number; loopUs: number }> = []
    for (let k = 0; k < sides.length; k++) {
      const i = (k + round) % sides.length
      results[i] = await (sides[i] as Side).run()
    }
    const floor = results[0] as { wallUs: number; loopUs: number }
    results.forEach((r, i) => {
      wallUs[i]?.push(r.wallUs)
      loopUs[i]?.push(r.loopUs)
      wall[i]?.push(r.wallUs / floor.wallUs)
      loop[i]?.push(r.loopUs / floor.loopUs)
    })
  }
  console.log(`small JSONata transform (${N} per side, ${ROUNDS} interleaved rounds; figures taken on a shared, loaded machine)`)
  sides.forEach((side, i) => {
    if (i === 0) return
    const us = (v: number[] | undefined): string => `${median(v ?? []).toFixed(1)} µs`
    console.log(`  ${side.name}, wall time per transform: ${us(wallUs[i])} / ${us(wallUs[0])} = ${median(wall[i] ?? []).toFixed(2)} (goal ≤ 5, a worker round trip)`)
    console.log(`  ${side.name}, event-loop time per transform: ${us(loopUs[i])} / ${us(loopUs[0])} = ${median(loop[i] ?? []).toFixed(2)} (goal ≤ 3)`)
  })
}
