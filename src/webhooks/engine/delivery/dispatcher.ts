/**
 * The delivery dispatcher: admits jobs into a bounded queue (QueueFullError instead of dropping), and runs them
 * with a global, a per-config and a per-endpoint concurrency limit (the endpoint's circuit breaker admitting too).
 * The queue itself lives in the store, so a durable store can share it between processes.
 */
// Wake-ups run on real time, also where a test installs fake timers on the globals.
import { clearTimeout, setTimeout } from 'node:timers'
import { QueueFullError } from '../errors'
import type { DeliveryJob, EngineStore } from '../store/types'
import type { EndpointGate } from './endpoint-gate'

/** Where the dispatcher asks whether a job's endpoint admits it: the gate, and the endpoint (origin) of a config. */
export interface EndpointAdmission {
  gate: EndpointGate
  /** The origin a config delivers to, or undefined when not known (then only the other limits apply). */
  originOf(configId: string): string | undefined
  /** The clock the gate's circuits run on (epoch ms). */
  now(): number
}

/** What {@link Dispatcher.stats} reports. */
export interface DispatcherStats {
  /** Jobs waiting in the queue (including room reserved by an admission in progress). */
  queued: number
  /** Jobs running. */
  inFlight: number
  maxQueueSize: number
}

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
  /** Origins whose endpoint slot was taken by `canRun` for a config, in claim order, until its job starts. */
  private readonly admittedOrigins = new Map<string, string[]>()
  private wakeTimer: NodeJS.Timeout | undefined
  private wakeAtMs = Number.POSITIVE_INFINITY
  private roomWaiters: Array<{ room: number; resolve: () => void }> = []

  constructor(
    private readonly store: EngineStore,
    private readonly limits: DispatcherLimits,
    private readonly run: (job: DeliveryJob) => Promise<void>,
    private readonly endpoints?: EndpointAdmission,
  ) {}

  /** Queue depth and jobs in flight. */
  stats(): DispatcherStats {
    return { queued: this.waiting, inFlight: this.running, maxQueueSize: this.limits.maxQueueSize }
  }

  /**
   * Resolves once the queue has room for `room` more jobs (at once when it has). Call it after a QueueFullError
   * instead of sleeping.
   */
  whenRoom(room: number): Promise<void> {
    if (this.waiting + room <= this.limits.maxQueueSize) return Promise.resolve()
    return new Promise((resolve) => this.roomWaiters.push({ room, resolve }))
  }

  private wakeRoomWaiters(): void {
    if (this.roomWaiters.length === 0) return
    const still: Array<{ room: number; resolve: () => void }> = []
    for (const w of this.roomWaiters) {
      if (this.waiting + w.room <= this.limits.maxQueueSize) w.resolve()
      else still.push(w)
    }
    this.roomWaiters = still
  }

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
    this.wakeRoomWaiters()
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
    const origin = this.endpoints?.originOf(configId)
    if (origin !== undefined && origin !== '') {
      // The endpoint's budget and circuit: refused, the job stays queued and holds no slot.
      if (!this.endpoints?.gate.tryEnter(origin)) return false
      const list = this.admittedOrigins.get(configId)
      if (list === undefined) this.admittedOrigins.set(configId, [origin])
      else list.push(origin)
    }
    this.runningByConfig.set(configId, n + 1) // reserve the slot for the job about to be claimed
    return true
  }

  /** The origin whose slot `canRun` took for this job's config (first in, first out), if any. */
  private takeAdmittedOrigin(configId: string): string | undefined {
    const list = this.admittedOrigins.get(configId)
    if (list === undefined) return undefined
    const origin = list.shift()
    if (list.length === 0) this.admittedOrigins.delete(configId)
    return origin
  }

  /** While jobs wait, looks again when an open circuit will admit its probe. */
  private scheduleWake(): void {
    if (!this.endpoints || this.waiting <= 0) return
    const at = this.endpoints.gate.nextWakeMs()
    if (at === undefined || at >= this.wakeAtMs) return
    if (this.wakeTimer !== undefined) clearTimeout(this.wakeTimer)
    this.wakeAtMs = at
    this.wakeTimer = setTimeout(
      () => {
        this.wakeTimer = undefined
        this.wakeAtMs = Number.POSITIVE_INFINITY
        this.pump()
      },
      Math.max(1, at - this.endpoints.now()),
    )
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
      this.scheduleWake()
    }
  }

  private start(job: DeliveryJob): void {
    this.waiting--
    this.running++
    this.wakeRoomWaiters()
    const origin = this.takeAdmittedOrigin(job.configId)
    this.run(job)
      .catch(() => undefined) // the runner records its own failures
      .finally(() => {
        this.running--
        const n = (this.runningByConfig.get(job.configId) ?? 1) - 1
        if (n <= 0) this.runningByConfig.delete(job.configId)
        else this.runningByConfig.set(job.configId, n)
        if (origin !== undefined) this.endpoints?.gate.leave(origin)
        this.pump()
      })
  }
}
