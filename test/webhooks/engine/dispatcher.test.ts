import { describe, expect, it } from 'vitest'
import { Dispatcher } from '../../../src/webhooks/engine/delivery/dispatcher'
import { createMemoryStore } from '../../../src/webhooks/engine/store/memory'
import type { DeliveryJob, EngineStore } from '../../../src/webhooks/engine/store/types'
import { event, job } from './store/conformance'

/** A runner whose jobs stay running until released; `started` lists them in start order. */
function heldRunner() {
  const started: DeliveryJob[] = []
  const release = new Map<string, () => void>()
  let onStart: (() => void) | undefined
  return {
    started,
    run: (j: DeliveryJob) =>
      new Promise<void>((resolve) => {
        started.push(j)
        release.set(j.eventId, resolve)
        onStart?.()
      }),
    finish(eventId: string) {
      release.get(eventId)?.()
    },
    /** Resolves once `n` jobs have started. */
    startedCount(n: number) {
      return new Promise<void>((resolve) => {
        const check = (): void => (started.length >= n ? resolve() : undefined)
        onStart = check
        check()
      })
    },
  }
}

async function enqueue(store: EngineStore, jobs: DeliveryJob[]): Promise<void> {
  await store.record({ events: jobs.map((j) => event(j.eventId, 1, { webhook_config_id: j.configId })), jobs })
}

const limits = (concurrency: number, perConfigConcurrency: number) => ({ concurrency, perConfigConcurrency, leaseMs: 60_000, pollIntervalMs: 1000, maxQueueSize: 100 })

describe('dispatcher', () => {
  it('runs queued jobs up to the global concurrency, then the next as one finishes', async () => {
    const store = createMemoryStore()
    const runner = heldRunner()
    const d = new Dispatcher(store, limits(2, 10), runner.run, { clock: { now: () => 0 } })
    await enqueue(store, [job('a', 'c1'), job('b', 'c2'), job('c', 'c3')])
    d.notify()
    await runner.startedCount(2)
    expect(runner.started.map((j) => j.eventId)).toEqual(['a', 'b'])
    await store.settle(d.workerId, 'a', { kind: 'done', update: { status: 'succeeded' } })
    runner.finish('a')
    await runner.startedCount(3)
    expect(runner.started.map((j) => j.eventId)).toEqual(['a', 'b', 'c'])
  })

  it('runs at most perConfigConcurrency jobs of one config while others still run', async () => {
    const store = createMemoryStore()
    const runner = heldRunner()
    const d = new Dispatcher(store, limits(10, 1), runner.run, { clock: { now: () => 0 } })
    await enqueue(store, [job('a1', 'a'), job('a2', 'a'), job('b1', 'b')])
    d.notify()
    await runner.startedCount(2)
    expect(runner.started.map((j) => j.eventId).sort()).toEqual(['a1', 'b1'])
    await store.settle(d.workerId, 'a1', { kind: 'done', update: { status: 'succeeded' } })
    runner.finish('a1')
    await runner.startedCount(3)
    expect(runner.started.map((j) => j.eventId)).toContain('a2')
  })

  it('runs a retry when its run time comes, waiting through the injected sleep', async () => {
    const store = createMemoryStore()
    let t = 0
    const sleeps: number[] = []
    const runs: Array<[string, number]> = []
    let d: Dispatcher
    d = new Dispatcher(
      store,
      limits(4, 4),
      async (j) => {
        runs.push([j.eventId, j.attempts])
        await store.settle(d.workerId, j.eventId, j.attempts === 0 ? { kind: 'retry', attempts: 1, runAtMs: t + 700, update: {} } : { kind: 'done', update: { status: 'succeeded' } })
      },
      { clock: { now: () => t, sleep: async (ms) => void (sleeps.push(ms), (t += ms)) } },
    )
    await enqueue(store, [job('a')])
    d.notify()
    await d.idle()
    expect(runs).toEqual([['a', 0], ['a', 1]])
    expect(sleeps).toEqual([700])
    expect((await store.getEvent('a'))?.status).toBe('succeeded')
  })

  it('stop() waits for running jobs and claims nothing more', async () => {
    const store = createMemoryStore()
    const runner = heldRunner()
    const d = new Dispatcher(store, limits(1, 1), runner.run, { clock: { now: () => 0 } })
    await enqueue(store, [job('a'), job('b')])
    d.notify()
    await runner.startedCount(1)
    const stopped = d.stop(false)
    runner.finish('a')
    await stopped
    expect(runner.started.map((j) => j.eventId)).toEqual(['a'])
    expect(await store.pendingJobs()).toBe(2) // a was never settled by the runner; b waits for another worker
  })
})
