/**
 * The delivery dispatcher of one process: claims leased jobs from the store's queue within the process's
 * concurrency (the store holds the per-config limit over every worker), admits each through its endpoint's budget
 * and circuit (a refused job goes back to the queue), runs them, keeps their leases alive while they run, and wakes
 * up when work may be there: a local enqueue, a store notification (LISTEN/NOTIFY), the next retry's run time, a
 * lease's end or a circuit's probe time, and — for stores shared between processes — a polling tick.
 *
 * The flow of one job is claim (here) → attempt → settle (`deliveries.ts` `runJob`): the store decides what is
 * claimable, the runner decides how the round ends.
 */
import { randomUUID } from 'node:crypto'
// Wake-ups run on real time, also where a test installs fake timers on the globals.
import { clearInterval, clearTimeout, setImmediate, setInterval, setTimeout } from 'node:timers'
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
  /** Jobs waiting in the store's queue, as last counted (other processes change it too). */
  queued: number
  /** Jobs running in this process. */
  inFlight: number
  maxQueueSize: number
}

/** Limits of the dispatcher. */
export interface DispatcherLimits {
  /** Deliveries running at once in this process, over all configs. */
  concurrency: number
  /** Deliveries running at once for one config, over every process sharing the store. */
  perConfigConcurrency: number
  /** How long a claimed job stays leased without a heartbeat. */
  leaseMs: number
  /** How often a dispatcher on a durable store looks for work queued by other processes. */
  pollIntervalMs: number
  /** Jobs waiting before `emit`/`trigger` get QueueFullError (checked by the store when recording). */
  maxQueueSize: number
}

/** How the dispatcher reads time and waits. */
export interface DispatcherClock {
  now: () => number
  /** Set when waits should go through an injected `sleep` (tests with a fake clock); real timers otherwise. */
  sleep?: (ms: number) => Promise<void>
}

/** What a run may tell the dispatcher: the retry it scheduled (so a fake-clock sleep waits exactly that long). */
export type RunOutcome = void | { retryAtMs: number; delayMs: number }

/** How a dispatcher is wired: its clock, worker id and endpoint admission. */
export interface DispatcherSetup {
  clock: DispatcherClock
  /** This process's lease holder id (default `worker-<uuid>`). */
  workerId?: string
  endpoints?: EndpointAdmission
}

export class Dispatcher {
  /** This process's lease holder id. */
  readonly workerId: string
  private readonly clock: DispatcherClock
  private readonly endpoints: EndpointAdmission | undefined
  /** Running jobs by event id, with the origin whose endpoint slot each holds. */
  private readonly running = new Map<string, { job: DeliveryJob; origin: string | undefined }>()
  /** Waiting jobs as last counted in the store. */
  private queued = 0
  private roomWaiters: Array<{ room: number; resolve: () => void }> = []
  private pumping = false
  private again = false
  private stopped = false
  private started = false
  /**
   * The latest wake-up reached through an injected `sleep`: a fake clock may not advance while it "sleeps", yet the
   * retry it slept for is due. Claims use max(now, this).
   */
  private sleptUntilMs = 0
  /** Epoch ms of the pending wake-up, if one is scheduled. */
  private wakeAtMs: number | undefined
  private wakeTimer: ReturnType<typeof setTimeout> | undefined
  private pollTimer: ReturnType<typeof setInterval> | undefined
  private heartbeat: ReturnType<typeof setInterval> | undefined
  private unsubscribe: (() => Promise<void>) | undefined
  /** Bumped on every change that may end an idle() wait. */
  private changes = 0
  private waiters: Array<() => void> = []

  constructor(
    private readonly store: EngineStore,
    private readonly limits: DispatcherLimits,
    private readonly run: (job: DeliveryJob) => Promise<RunOutcome>,
    setup: DispatcherSetup,
  ) {
    this.clock = setup.clock
    this.endpoints = setup.endpoints
    this.workerId = setup.workerId ?? `worker-${randomUUID()}`
  }

  /** Queue depth (as last counted) and jobs in flight here. */
  stats(): DispatcherStats {
    return { queued: this.queued, inFlight: this.running.size, maxQueueSize: this.limits.maxQueueSize }
  }

  /**
   * Resolves once the queue has room for `room` more jobs (at once when it has). Call it after a QueueFullError
   * instead of sleeping. On a shared store the count is refreshed at every claim and polling tick.
   */
  whenRoom(room: number): Promise<void> {
    if (this.queued + room <= this.limits.maxQueueSize) return Promise.resolve()
    return new Promise((resolve) => this.roomWaiters.push({ room, resolve }))
  }

  /** `count` jobs were just recorded by this process. */
  noteQueued(count: number): void {
    this.queued += count
  }

  private lastCountMs = 0
  /** Retry times → the delay the runner planned for them: an injected sleep is asked for exactly that. */
  private readonly plannedDelays = new Map<number, number>()

  /** Counts the store's waiting jobs again: at once while someone awaits room, else at most every 250 ms. */
  private async refreshQueued(): Promise<void> {
    const now = Date.now()
    // The memory store counts in O(1): always exact there. A database count is throttled.
    if (this.store.durable && this.roomWaiters.length === 0 && now - this.lastCountMs < 250) return
    this.lastCountMs = now
    this.setQueued(await this.store.queueSize())
  }

  private setQueued(n: number): void {
    this.queued = n
    if (this.roomWaiters.length === 0) return
    const still: Array<{ room: number; resolve: () => void }> = []
    for (const w of this.roomWaiters) {
      if (this.queued + w.room <= this.limits.maxQueueSize) w.resolve()
      else still.push(w)
    }
    this.roomWaiters = still
  }

  /** Starts listening for work queued elsewhere (durable stores) and claims what is there. */
  async start(): Promise<void> {
    if (this.started) return
    this.started = true
    if (this.store.durable) {
      this.pollTimer = setInterval(() => this.wake(), this.limits.pollIntervalMs)
      if (this.store.subscribe) this.unsubscribe = await this.store.subscribe(() => this.wake())
    }
    this.pump()
  }

  /** Work may be there (a local enqueue): claim now. */
  notify(): void {
    if (!this.started) void this.start()
    else this.pump()
  }

  /** Jobs running in this process. */
  get runningCount(): number {
    return this.running.size
  }

  /**
   * Resolves when this process runs nothing and the store has no unfinished job — with a shared store, when every
   * process's admitted events are terminal.
   */
  async idle(): Promise<void> {
    for (;;) {
      const seen = this.changes
      if (this.running.size === 0 && (await this.store.pendingJobs()) === 0 && this.running.size === 0) return
      if (this.changes !== seen) continue
      await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
  }

  /**
   * Stops claiming. With `drain`, first waits until the store has no unfinished job (a store private to this
   * process would otherwise lose them); always waits for the jobs running here to settle.
   */
  async stop(drain: boolean): Promise<void> {
    if (drain) await this.idle()
    this.stopped = true
    this.clearWake()
    if (this.pollTimer) clearInterval(this.pollTimer)
    this.pollTimer = undefined
    while (this.running.size > 0) await new Promise<void>((resolve) => this.waiters.push(resolve))
    await this.unsubscribe?.()
    this.unsubscribe = undefined
  }

  /** Claims and starts jobs while there is capacity. */
  pump(): void {
    if (this.stopped) return
    if (this.pumping) {
      this.again = true
      return
    }
    this.pumping = true
    void this.loop()
  }

  private now(): number {
    return Math.max(this.clock.now(), this.sleptUntilMs)
  }

  private wake(): void {
    this.changed()
    this.pump()
  }

  private changed(): void {
    this.changes++
    const wake = this.waiters
    this.waiters = []
    for (const resolve of wake) resolve()
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false
        const free = this.limits.concurrency - this.running.size
        if (free <= 0 || this.stopped) break
        const jobs = await this.store.claim({
          workerId: this.workerId,
          max: free,
          nowMs: this.now(),
          leaseMs: this.limits.leaseMs,
          perConfigConcurrency: this.limits.perConfigConcurrency,
        })
        let started = 0
        for (const job of jobs) if (await this.admit(job)) started++
        // Everything asked for came and ran: there may be more. Else wait for a finish, a wake-up or a poll.
        if (jobs.length === free && started === free) this.again = true
        else await this.scheduleWake()
      } while (this.again)
      await this.refreshQueued()
    } catch {
      // The store failed (e.g. the database restarts): try again at the next wake-up or poll.
      this.scheduleRetryOfClaim()
    } finally {
      this.pumping = false
      // A pump() that arrived after the last claim (e.g. during the count) must not be lost.
      if (this.again) this.pump()
    }
  }

  /**
   * Starts a claimed job when its endpoint admits it; otherwise gives it back to the queue, due when the endpoint's
   * circuit next lets a probe through (or at once, for a full budget: a finishing job pumps again).
   */
  private async admit(job: DeliveryJob): Promise<boolean> {
    // A lease of ours that ran out (a long attempt under a fake clock) comes back to us: it is already running.
    if (this.running.has(job.eventId)) return true
    const origin = this.endpoints?.originOf(job.configId)
    if (origin !== undefined && origin !== '' && !this.endpoints?.gate.tryEnter(origin)) {
      const runAtMs = Math.max(this.now(), this.endpoints?.gate.nextWakeMs() ?? 0)
      await this.store.settle(this.workerId, job.eventId, { kind: 'retry', attempts: job.attempts, runAtMs, update: {} }).catch(() => false)
      return false
    }
    this.startJob(job, origin === '' ? undefined : origin)
    return true
  }

  private startJob(job: DeliveryJob, origin: string | undefined): void {
    this.running.set(job.eventId, { job, origin })
    this.keepLeasesAlive()
    this.run(job)
      .then((outcome) => {
        if (outcome) this.plannedDelays.set(outcome.retryAtMs, outcome.delayMs)
      })
      .catch(() => undefined) // the runner records its own failures
      .finally(() => {
        this.running.delete(job.eventId)
        if (origin !== undefined) this.endpoints?.gate.leave(origin)
        if (this.running.size === 0) this.stopHeartbeat()
        this.changed()
        this.pump()
      })
  }

  /** Extends the leases of running jobs every third of `leaseMs`, so only a dead process's jobs expire. */
  private keepLeasesAlive(): void {
    if (this.heartbeat) return
    this.heartbeat = setInterval(() => {
      const ids = [...this.running.keys()]
      if (ids.length > 0) void this.store.extendLeases(this.workerId, ids, this.clock.now() + this.limits.leaseMs).catch(() => undefined)
    }, Math.max(10, Math.floor(this.limits.leaseMs / 3)))
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat)
    this.heartbeat = undefined
  }

  /** Wakes up when the next retry is due or a lease (not ours) runs out. */
  private async scheduleWake(): Promise<void> {
    const next = await this.store.nextWakeMs(this.workerId, this.now())
    if (next === undefined || this.stopped) return
    if (this.wakeAtMs !== undefined && this.wakeAtMs <= next) return
    this.setWake(next)
  }

  private scheduleRetryOfClaim(): void {
    if (!this.stopped) this.setWake(this.now() + this.limits.pollIntervalMs)
  }

  private setWake(atMs: number): void {
    this.clearWake()
    this.wakeAtMs = atMs
    const planned = this.plannedDelays.get(atMs)
    this.plannedDelays.clear()
    const delay = this.clock.sleep && planned !== undefined ? planned : Math.max(0, atMs - this.now())
    const fire = (): void => {
      if (this.wakeAtMs !== atMs) return // replaced by an earlier wake-up
      this.wakeAtMs = undefined
      this.wakeTimer = undefined
      this.wake()
    }
    if (this.clock.sleep) {
      // Back to the event loop before claiming, so a sleep that returns at once cannot starve I/O.
      void this.clock.sleep(delay).then(() => {
        this.sleptUntilMs = Math.max(this.sleptUntilMs, atMs)
        setImmediate(fire)
      })
    } else this.wakeTimer = setTimeout(fire, delay)
  }

  private clearWake(): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer)
    this.wakeTimer = undefined
    this.wakeAtMs = undefined
  }
}
