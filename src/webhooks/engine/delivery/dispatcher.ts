/**
 * The delivery dispatcher: admits jobs into a bounded queue (QueueFullError instead of dropping), and runs them
 * with a global and a per-config concurrency limit. The queue itself lives in the store, so a durable store can
 * share it between processes.
 */
import { QueueFullError } from '../errors'
import type { DeliveryJob, EngineStore } from '../store/types'

/** Limits of the dispatcher. */
export interface DispatcherLimits {
  /** Deliveries running at once, over all configs. */
  concurrency: number
  /** Deliveries running at once for one config. */
  perConfigConcurrency: number
  /** Jobs waiting to run; admitting more throws QueueFullError. Retries of admitted jobs are never refused. */
  maxQueueSize: number
}

export class Dispatcher {
  private waiting = 0
  private running = 0
  private readonly runningByConfig = new Map<string, number>()
  private pumping = false
  private again = false

  constructor(
    private readonly store: EngineStore,
    private readonly limits: DispatcherLimits,
    private readonly run: (job: DeliveryJob) => Promise<void>,
  ) {}

  /** Reserves room for `count` new jobs, all or nothing; throws QueueFullError (status 429) when they do not fit. */
  reserve(count: number): void {
    if (count <= 0) return
    if (this.waiting + count > this.limits.maxQueueSize) {
      throw new QueueFullError(
        `The delivery queue is full (${this.waiting} waiting, limit ${this.limits.maxQueueSize}); nothing was recorded — retry later or raise maxQueueSize.`,
      )
    }
    this.waiting += count
  }

  /** Gives back reserved room that will not be used. */
  release(count: number): void {
    this.waiting -= count
  }

  /** Queues a job whose room was reserved. */
  async push(job: DeliveryJob): Promise<void> {
    await this.store.enqueue(job)
    this.pump()
  }

  /** Queues a retry of an admitted job; never refused, so nothing admitted is ever dropped. */
  async requeue(job: DeliveryJob): Promise<void> {
    this.waiting++
    await this.push(job)
  }

  /** Claims and starts jobs while there is capacity. */
  pump(): void {
    if (this.pumping) {
      this.again = true
      return
    }
    this.pumping = true
    void this.loop()
  }

  private readonly canRun = (configId: string): boolean => {
    const n = this.runningByConfig.get(configId) ?? 0
    if (n >= this.limits.perConfigConcurrency) return false
    this.runningByConfig.set(configId, n + 1) // reserve the slot for the job about to be claimed
    return true
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false
        const free = this.limits.concurrency - this.running
        if (free <= 0 || this.waiting <= 0) break
        const jobs = await this.store.claim(free, this.canRun)
        for (const job of jobs) this.start(job)
        if (jobs.length === free) this.again = true
      } while (this.again)
    } finally {
      this.pumping = false
    }
  }

  private start(job: DeliveryJob): void {
    this.waiting--
    this.running++
    this.run(job)
      .catch(() => undefined) // the runner records its own failures
      .finally(() => {
        this.running--
        const n = (this.runningByConfig.get(job.configId) ?? 1) - 1
        if (n <= 0) this.runningByConfig.delete(job.configId)
        else this.runningByConfig.set(job.configId, n)
        this.pump()
      })
  }
}
