import { describe, expect, it } from 'vitest'
import { Dispatcher } from '../../../src/webhooks/engine/delivery/dispatcher'
import { QueueFullError } from '../../../src/webhooks/engine/errors'
import { createMemoryStore } from '../../../src/webhooks/engine/store/memory'
import type { DeliveryJob } from '../../../src/webhooks/engine/store/types'

const job = (eventId: string, configId = 'c1'): DeliveryJob => ({ eventId, configId, attempts: 0, deadlineMs: 1000, runAtMs: 0 })

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

async function admit(dispatcher: Dispatcher, jobs: DeliveryJob[]): Promise<void> {
  dispatcher.reserve(jobs.length)
  for (const j of jobs) await dispatcher.push(j)
}

describe('dispatcher', () => {
  it('runs queued jobs up to the global concurrency, then the next as one finishes', async () => {
    const runner = heldRunner()
    const d = new Dispatcher(createMemoryStore(), { concurrency: 2, perConfigConcurrency: 10, maxQueueSize: 10 }, runner.run)
    await admit(d, [job('a', 'c1'), job('b', 'c2'), job('c', 'c3')])
    await runner.startedCount(2)
    expect(runner.started.map((j) => j.eventId)).toEqual(['a', 'b'])
    runner.finish('a')
    await runner.startedCount(3)
    expect(runner.started.map((j) => j.eventId)).toEqual(['a', 'b', 'c'])
  })

  it('runs at most perConfigConcurrency jobs of one config while others still run', async () => {
    const runner = heldRunner()
    const d = new Dispatcher(createMemoryStore(), { concurrency: 10, perConfigConcurrency: 1, maxQueueSize: 10 }, runner.run)
    await admit(d, [job('a1', 'a'), job('a2', 'a'), job('b1', 'b')])
    await runner.startedCount(2)
    expect(runner.started.map((j) => j.eventId).sort()).toEqual(['a1', 'b1'])
    runner.finish('a1')
    await runner.startedCount(3)
    expect(runner.started.map((j) => j.eventId)).toContain('a2')
  })

  it('reserves room all or nothing and refuses what does not fit with QueueFullError', () => {
    const d = new Dispatcher(createMemoryStore(), { concurrency: 1, perConfigConcurrency: 1, maxQueueSize: 3 }, async () => {})
    d.reserve(2)
    expect(() => d.reserve(2)).toThrow(QueueFullError)
    d.reserve(1)
    expect(() => d.reserve(1)).toThrow(/queue is full \(3 waiting, limit 3\)/)
    d.release(3)
    expect(() => d.reserve(3)).not.toThrow()
  })

  it('never refuses a retry of an admitted job, even with the queue full', async () => {
    const runner = heldRunner()
    const d = new Dispatcher(createMemoryStore(), { concurrency: 1, perConfigConcurrency: 1, maxQueueSize: 1 }, runner.run)
    await admit(d, [job('a')])
    await runner.startedCount(1)
    d.reserve(1) // the queue is full now
    await d.requeue({ ...job('a'), attempts: 1 })
    runner.finish('a')
    await runner.startedCount(2)
    expect(runner.started.map((j) => [j.eventId, j.attempts])).toEqual([
      ['a', 0],
      ['a', 1],
    ])
  })

  it('keeps running after a runner rejects', async () => {
    const ran: string[] = []
    let done: () => void = () => {}
    const all = new Promise<void>((resolve) => (done = resolve))
    const d = new Dispatcher(createMemoryStore(), { concurrency: 1, perConfigConcurrency: 1, maxQueueSize: 5 }, async (j) => {
      ran.push(j.eventId)
      if (ran.length === 2) done()
      if (j.eventId === 'bad') throw new Error('runner failed')
    })
    await admit(d, [job('bad'), job('good')])
    await all
    expect(ran).toEqual(['bad', 'good'])
  })
})
