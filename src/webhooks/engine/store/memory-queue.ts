/**
 * The in-memory delivery queue with leases: per-config FIFOs of ready jobs (claimed round-robin, so one busy config
 * cannot starve the others), a min-heap of jobs waiting for their `runAtMs`, and the leased jobs.
 */
import type { ClaimRequest, DeliveryJob } from './types'

/** A FIFO with O(1) shift. */
class Fifo<T> {
  private items: T[] = []
  private head = 0
  get size(): number {
    return this.items.length - this.head
  }
  push(item: T): void {
    this.items.push(item)
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined
    const item = this.items[this.head]
    this.items[this.head++] = undefined as T
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    return item
  }
}

/** A binary min-heap of jobs by (`runAtMs`, order of pushing). */
class RunAtHeap {
  private readonly items: DeliveryJob[] = []
  private readonly seqOf = new WeakMap<DeliveryJob, number>()
  private seq = 0
  private before(a: DeliveryJob, b: DeliveryJob): boolean {
    return a.runAtMs < b.runAtMs || (a.runAtMs === b.runAtMs && (this.seqOf.get(a) as number) < (this.seqOf.get(b) as number))
  }
  get size(): number {
    return this.items.length
  }
  peek(): DeliveryJob | undefined {
    return this.items[0]
  }
  push(job: DeliveryJob): void {
    const a = this.items
    this.seqOf.set(job, this.seq++)
    a.push(job)
    let i = a.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.before(job, a[parent] as DeliveryJob)) break
      a[i] = a[parent] as DeliveryJob
      i = parent
    }
    a[i] = job
  }
  pop(): DeliveryJob | undefined {
    const a = this.items
    const top = a[0]
    const last = a.pop()
    if (a.length === 0 || !last) return top
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      if (l >= a.length) break
      const r = l + 1
      const c = r < a.length && this.before(a[r] as DeliveryJob, a[l] as DeliveryJob) ? r : l
      if (!this.before(a[c] as DeliveryJob, last)) break
      a[i] = a[c] as DeliveryJob
      i = c
    }
    a[i] = last
    return top
  }
}

interface Lease {
  job: DeliveryJob
  workerId: string
  untilMs: number
}

/** The queue part of the memory store. */
export class MemoryQueue {
  private readonly ready = new Map<string, Fifo<DeliveryJob>>()
  private readonly delayed = new RunAtHeap()
  private readonly leases = new Map<string, Lease>()
  private readonly leasedByConfig = new Map<string, number>()
  private readyCount = 0

  /** Jobs waiting (ready or delayed). */
  get waiting(): number {
    return this.readyCount + this.delayed.size
  }

  /** Jobs waiting or leased. */
  get pending(): number {
    return this.waiting + this.leases.size
  }

  /** The job leased for an event, if any. */
  leasedJob(eventId: string): DeliveryJob | undefined {
    return this.leases.get(eventId)?.job
  }

  /** Queues a job; it becomes ready when a claim's `nowMs` reaches its `runAtMs` (the store has no clock of its own). */
  enqueue(job: DeliveryJob): void {
    this.delayed.push(job)
  }

  claim(r: ClaimRequest): DeliveryJob[] {
    this.promote(r.nowMs)
    const out: DeliveryJob[] = []
    let progressed = true
    while (out.length < r.max && progressed) {
      progressed = false
      for (const [configId, fifo] of this.ready) {
        if (out.length >= r.max) break
        const leased = this.leasedByConfig.get(configId) ?? 0
        if (leased >= r.perConfigConcurrency) continue
        const job = fifo.shift() as DeliveryJob
        this.readyCount--
        this.lease(job, r.workerId, r.nowMs + r.leaseMs)
        out.push(job)
        progressed = true
        this.ready.delete(configId)
        if (fifo.size > 0) this.ready.set(configId, fifo) // re-append at the end: round-robin
      }
    }
    return out
  }

  extend(workerId: string, eventIds: readonly string[], untilMs: number): void {
    for (const id of eventIds) {
      const lease = this.leases.get(id)
      if (lease && lease.workerId === workerId) lease.untilMs = untilMs
    }
  }

  /** Ends a lease held by `workerId`; false when it holds none. With `next`, the job waits again. */
  release(workerId: string, eventId: string, next: DeliveryJob | undefined): boolean {
    const lease = this.leases.get(eventId)
    if (!lease || lease.workerId !== workerId) return false
    this.unlease(lease)
    if (next) this.enqueue(next)
    return true
  }

  nextWakeMs(workerId: string, nowMs: number): number | undefined {
    this.promote(nowMs)
    let next = this.delayed.peek()?.runAtMs
    for (const lease of this.leases.values()) {
      if (lease.workerId !== workerId && lease.untilMs > nowMs && (next === undefined || lease.untilMs < next)) next = lease.untilMs
    }
    return next
  }

  /** Moves due delayed jobs and expired leases to the ready FIFOs. */
  private promote(nowMs: number): void {
    for (let top = this.delayed.peek(); top && top.runAtMs <= nowMs; top = this.delayed.peek()) this.pushReady(this.delayed.pop() as DeliveryJob)
    for (const lease of this.leases.values()) {
      if (lease.untilMs > nowMs) continue
      this.unlease(lease)
      this.pushReady(lease.job)
    }
  }

  private pushReady(job: DeliveryJob): void {
    let fifo = this.ready.get(job.configId)
    if (!fifo) this.ready.set(job.configId, (fifo = new Fifo()))
    fifo.push(job)
    this.readyCount++
  }

  private lease(job: DeliveryJob, workerId: string, untilMs: number): void {
    this.leases.set(job.eventId, { job, workerId, untilMs })
    this.leasedByConfig.set(job.configId, (this.leasedByConfig.get(job.configId) ?? 0) + 1)
  }

  private unlease(lease: Lease): void {
    this.leases.delete(lease.job.eventId)
    const n = (this.leasedByConfig.get(lease.job.configId) ?? 1) - 1
    if (n <= 0) this.leasedByConfig.delete(lease.job.configId)
    else this.leasedByConfig.set(lease.job.configId, n)
  }
}
