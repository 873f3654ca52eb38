import { describe, expect, it } from 'vitest'
import { CircuitBreaker } from '../../../src/webhooks/engine/delivery/circuit-breaker'
import { Dispatcher } from '../../../src/webhooks/engine/delivery/dispatcher'
import { EndpointBudget } from '../../../src/webhooks/engine/delivery/endpoint-budget'
import { EndpointGate } from '../../../src/webhooks/engine/delivery/endpoint-gate'
import { createMemoryStore } from '../../../src/webhooks/engine/store/memory'
import type { DeliveryJob } from '../../../src/webhooks/engine/store/types'
import { event } from './store/conformance'

const job = (eventId: string, configId: string): DeliveryJob => ({ eventId, configId, attempts: 0, deadlineMs: 1e15, runAtMs: 0 })

function setup(origins: Record<string, string>, perEndpoint: number, t = { now: 0 }) {
  const started: DeliveryJob[] = []
  const release = new Map<string, () => void>()
  const breaker = new CircuitBreaker({ failureRatio: 0.5, minAttempts: 2, windowMs: 10_000, probeIntervalMs: 30 }, () => t.now)
  const gate = new EndpointGate(new EndpointBudget(perEndpoint), breaker)
  const store = createMemoryStore()
  const d: Dispatcher = new Dispatcher(
    store,
    { concurrency: 10, perConfigConcurrency: 10, maxQueueSize: 100, leaseMs: 60_000, pollIntervalMs: 1000 },
    (j) => new Promise<void>((resolve) => (started.push(j), release.set(j.eventId, () => void store.settle(d.workerId, j.eventId, { kind: 'done', update: {} }).then(() => resolve())))),
    { clock: { now: () => t.now }, endpoints: { gate, originOf: (configId) => origins[configId], now: () => t.now } },
  )
  const admit = async (jobs: DeliveryJob[]): Promise<void> => {
    await store.record({ events: jobs.map((j) => event(j.eventId, 0, { webhook_config_id: j.configId })), jobs })
    d.noteQueued(jobs.length)
    d.notify()
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 5))
  return { d, gate, breaker, started, release, admit, settle }
}

describe('dispatcher with endpoint budgets', () => {
  it('runs at most perEndpointConcurrency jobs per origin over all its configs; others run meanwhile', async () => {
    const s = setup({ a: 'http://slow:80', b: 'http://slow:80', c: 'http://fast:80' }, 2)
    await s.admit([job('a1', 'a'), job('b1', 'b'), job('a2', 'a'), job('b2', 'b'), job('c1', 'c'), job('c2', 'c')])
    await s.settle()
    expect(s.started.map((j) => j.eventId).sort()).toEqual(['a1', 'b1', 'c1', 'c2'])
    expect(s.d.stats()).toEqual({ queued: 2, inFlight: 4, maxQueueSize: 100 })
    s.release.get('a1')?.()
    await s.settle()
    expect(s.started.map((j) => j.eventId)).toContain('a2')
    expect(s.gate.budget.count('http://slow:80')).toBe(2)
  })

  it('holds jobs of an open endpoint in the queue and wakes for the probe', async () => {
    const t = { now: 0 }
    const s = setup({ a: 'http://down:80' }, 5, t)
    s.breaker.record('http://down:80', 'failure')
    s.breaker.record('http://down:80', 'failure')
    await s.admit([job('a1', 'a'), job('a2', 'a')])
    await s.settle()
    expect(s.started).toHaveLength(0)
    t.now = 30 // the probe interval passed; the dispatcher's wake-up timer claims the probe
    while (s.started.length === 0) await s.settle()
    expect(s.started.map((j) => j.eventId)).toEqual(['a1'])
    s.breaker.record('http://down:80', 'success')
    s.release.get('a1')?.()
    while (s.started.length < 2) await s.settle()
  })

  it('whenRoom resolves once jobs left the queue, also when another worker took them', async () => {
    const s = setup({}, 1)
    const store = createMemoryStore()
    const d = new Dispatcher(store, { concurrency: 0, perConfigConcurrency: 1, maxQueueSize: 2, leaseMs: 60_000, pollIntervalMs: 1000 }, async () => {}, { clock: { now: () => 0 } })
    await store.record({ events: [event('a', 0), event('b', 0)], jobs: [job('a', 'c1'), job('b', 'c1')] })
    d.noteQueued(2)
    let resolved = false
    const room = d.whenRoom(1).then(() => void (resolved = true))
    await s.settle()
    expect(resolved).toBe(false)
    await store.claim({ workerId: 'other', max: 1, nowMs: 0, leaseMs: 1000, perConfigConcurrency: 1 })
    d.notify()
    await room
    expect(resolved).toBe(true)
    await expect(d.whenRoom(1)).resolves.toBeUndefined()
  })
})
