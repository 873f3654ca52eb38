/**
 * Filter bench (issue #15): compiled `filterConditions` (the function `compileConfig` generates per config
 * revision) vs a SHORT-CIRCUITING hand-written predicate doing the same work, at 1, 10 and 100 conditions.
 * Goal: ≥ 0.8× the hand-written speed at each size.
 *
 * Fairness: the hand-written side short-circuits like `&&`, knows the data's types, and parses a date only where
 * the filter has a date condition too (at the same place in the chain). The 100-condition predicate is the
 * 10-condition one written out for ten sub-objects (`entity.g0` … `entity.g9`), as a developer would copy it.
 * Both sides are called through the same loop (one shared call site), over the same 10,000 events, in interleaved
 * rounds (order rotating); each ratio is the median of the per-round ratios.
 *
 *   npx tsx bench/filters.ts
 */
import { pathToFileURL } from 'node:url'
import { compileConfig } from '../src/webhooks/engine/config/compile'
import type { EngineEvent, Metadata, WebhookCondition } from '../src/webhooks/engine/model'

type Check = (event: EngineEvent, metadata: Metadata) => boolean

const metadata: Metadata = { organization_id: 'org-1' }
const DAY_MS = 86_400_000
const ROUNDS = 25
const EVENTS = 10_000

/** One group of fields the ten conditions read; `pass` decides whether the group satisfies all ten. */
function group(i: number, pass: boolean): Record<string, unknown> {
  return {
    status: pass ? ['open', 'won'][i % 2] : 'lost',
    category: ['solar', 'heat_pump'][i % 2],
    name: `Customer ${i}`,
    email: `c${i}@example.com`,
    amount: 101 + ((i * 37) % 799),
    active: true,
    created_at: new Date(Date.UTC(2024, 1, 1) + (i % 300) * DAY_MS).toISOString(),
    tags: i % 2 ? ['vip', 'new'] : ['new'],
  }
}

function makeEvents(): EngineEvent[] {
  const events: EngineEvent[] = []
  for (let i = 0; i < EVENTS; i++) {
    const entity: Record<string, unknown> = {
      _id: `e${i}`,
      a: i % 7 === 0 ? {} : { b: { c: i % 2 === 0 ? 'x' : `y${i % 5}` } },
      ...group(i, i % 3 !== 0), // the 10-condition filter: two thirds run to the end
    }
    // The 100-condition filter: each group fails for 1 event in 40, so about 3 in 4 events run all 100.
    for (let g = 0; g < 10; g++) entity[`g${g}`] = group(i + g, (i * 7 + g * 13) % 40 !== 0)
    events.push({ entity })
  }
  return events
}

/** The ten conditions over the fields under `prefix` (`entity` or `entity.g3`). */
function tenConditions(prefix: string): WebhookCondition[] {
  return [
    { field: `${prefix}.status`, operation: 'not_equals', values: ['lost'] },
    { field: `${prefix}.category`, operation: 'any_of', values: ['solar', 'heat_pump'] },
    { field: `${prefix}.name`, operation: 'starts_with', values: ['Customer'] },
    { field: `${prefix}.email`, operation: 'contains', values: ['@example.com'] },
    { field: `${prefix}.email`, operation: 'is_not_empty' },
    { field: `${prefix}.amount`, operation: 'greater_than', values: ['100'], field_type: 'number' },
    { field: `${prefix}.amount`, operation: 'less_than_or_equals', values: ['900'], field_type: 'number' },
    { field: `${prefix}.active`, operation: 'equals', values: ['true'], field_type: 'boolean' },
    { field: `${prefix}.created_at`, operation: 'greater_than_or_equals', values: ['2024-02-01'], field_type: 'date' },
    { field: `${prefix}.tags`, operation: 'contains', values: ['new'], is_array_field: true },
  ]
}

const feb1Day = Math.floor(Date.UTC(2024, 1, 1) / DAY_MS)

/** The ten checks by hand for one sub-object: short-circuiting, types known, the date parsed only when reached. */
function tenByHand(x: Record<string, unknown> | undefined): boolean {
  if (x === undefined) return false
  const email = x.email
  const amount = x.amount
  const created = x.created_at
  return (
    x.status !== 'lost' &&
    (x.category === 'solar' || x.category === 'heat_pump') &&
    typeof x.name === 'string' &&
    x.name.startsWith('Customer') &&
    typeof email === 'string' &&
    email.includes('@example.com') &&
    email !== '' &&
    typeof amount === 'number' &&
    amount > 100 &&
    amount <= 900 &&
    x.active === true &&
    typeof created === 'string' &&
    Math.floor(Date.parse(created) / DAY_MS) >= feb1Day &&
    Array.isArray(x.tags) &&
    x.tags.includes('new')
  )
}

type Entity = Record<string, Record<string, unknown> | undefined>
const hundredByHand: Check = (e) => {
  const x = e.entity as Entity
  return tenByHand(x.g0) && tenByHand(x.g1) && tenByHand(x.g2) && tenByHand(x.g3) && tenByHand(x.g4) && tenByHand(x.g5) && tenByHand(x.g6) && tenByHand(x.g7) && tenByHand(x.g8) && tenByHand(x.g9)
}

function compiled(conditions: WebhookCondition[]): Check {
  return compileConfig({ name: 'bench', eventName: 'e', filterConditions: { conditions } }).matches as Check
}

/** ns per event over `events`, repeated until ≥ minMs. */
function time(check: Check, events: EngineEvent[], minMs = 15): number {
  let passes = 0
  let sink = 0
  const start = process.hrtime.bigint()
  let elapsed = 0
  do {
    for (let i = 0; i < events.length; i++) if (check(events[i] as EngineEvent, metadata)) sink++
    passes++
    elapsed = Number(process.hrtime.bigint() - start)
  } while (elapsed < minMs * 1e6)
  if (sink < 0) console.log(sink) // keeps the loop observable
  return elapsed / (passes * events.length)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/** One printed figure: compiled speed / hand-written speed. */
export interface FilterBenchRow {
  name: string
  /** compiled, events per second (median over rounds) */
  value: number
  /** hand-written, events per second (median over rounds) */
  floor: number
  /** median of the per-round ratios */
  ratio: number
  goal: string
}

/** Runs the bench and prints `figure / floor = ratio (goal)`; returns the rows. */
export function main(): FilterBenchRow[] {
  const events = makeEvents()
  const scenarios: Array<{ name: string; candidate: Check; baseline: Check }> = [
    {
      name: '1 condition (nested equals)',
      candidate: compiled([{ field: 'entity.a.b.c', operation: 'equals', values: ['x'] }]),
      baseline: (e) => (e.entity as { a?: { b?: { c?: unknown } } }).a?.b?.c === 'x',
    },
    { name: '10 conditions (AND)', candidate: compiled(tenConditions('entity')), baseline: (e) => tenByHand(e.entity) },
    {
      name: '100 conditions (AND)',
      candidate: compiled(Array.from({ length: 10 }, (_, g) => tenConditions(`entity.g${g}`)).flat()),
      baseline: hundredByHand,
    },
  ]
  console.log('(figures taken on a shared, busy 2-core machine; compare ratios, not absolute times)')
  const rows: FilterBenchRow[] = []
  for (const s of scenarios) {
    // Both sides must agree before their speed means anything.
    const disagree = events.filter((e) => s.candidate(e, metadata) !== s.baseline(e, metadata)).length
    if (disagree > 0) throw new Error(`${s.name}: compiled and hand-written disagree on ${disagree} events`)
    const matches = events.filter((e) => s.baseline(e, metadata)).length
    time(s.candidate, events, 100)
    time(s.baseline, events, 100)
    const ratios: number[] = []
    const c: number[] = []
    const b: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const first = round % 2 === 0
      const t1 = time(first ? s.candidate : s.baseline, events)
      const t2 = time(first ? s.baseline : s.candidate, events)
      const [tc, tb] = first ? [t1, t2] : [t2, t1]
      c.push(tc)
      b.push(tb)
      ratios.push(tb / tc)
    }
    const ratio = median(ratios)
    const value = 1e9 / median(c)
    const floor = 1e9 / median(b)
    const fmt = (n: number) => `${(n / 1e6).toFixed(2)} M events/s`
    console.log(
      `${s.name}: compiled ${fmt(value)} / hand-written ${fmt(floor)} = ${ratio.toFixed(2)}× (goal ≥ 0.8×; rounds ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}; ${matches}/${events.length} match)`,
    )
    rows.push({ name: s.name, value, floor, ratio, goal: '≥ 0.8×' })
  }
  return rows
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main()
