/**
 * A circuit breaker per endpoint (receiver origin `scheme://host:port`), the way Convoy and Svix protect their senders
 * from a dead receiver: count attempt outcomes over a sliding window; when too many failed, open the circuit — the
 * endpoint's deliveries wait in the queue instead of being attempted — and let one probe through every interval.
 * A probe that gets an answer closes the circuit; a failed one keeps it open for another interval.
 *
 *   closed ──(≥ failureRatio of ≥ minAttempts in windowMs failed)──▶ open
 *   open ──(probeIntervalMs passed: one delivery admitted as the probe)──▶ half_open
 *   half_open ──(success)──▶ closed     half_open ──(failure)──▶ open     half_open ──(no outcome)──▶ open, probe again
 *
 * Counting is O(1) per outcome: the window is kept as a ring of time buckets.
 */

/** Settings of the breaker (see `EngineOptions.circuitBreaker`). */
export interface CircuitBreakerSettings {
  /** Share of failed attempts in the window that opens the circuit, 0–1 (default 0.7). */
  failureRatio: number
  /** Attempts the window must hold before the ratio counts (default 10). */
  minAttempts: number
  /** Length of the sliding window in ms (default 300,000: 5 minutes). */
  windowMs: number
  /** Time between probes while open, in ms (default 30,000). */
  probeIntervalMs: number
}

/** The documented defaults: ≥ 70 % failures of ≥ 10 attempts within 5 minutes opens; one probe every 30 s. */
export const DEFAULT_CIRCUIT_BREAKER: Readonly<CircuitBreakerSettings> = Object.freeze({
  failureRatio: 0.7,
  minAttempts: 10,
  windowMs: 300_000,
  probeIntervalMs: 30_000,
})

/** `closed`: deliveries flow; `open`: they wait; `half_open`: one probe is in flight. */
export type CircuitState = 'closed' | 'open' | 'half_open'

/** What an attempt's outcome means for its endpoint. */
export type EndpointOutcome = 'success' | 'failure'

/** A circuit as reported: its state and the window's counts. */
export interface CircuitView {
  state: CircuitState
  /** Attempts counted in the current window (while not closed: in the window that opened it). */
  attempts: number
  /** Failed share of them, 0 when there were none. */
  failureRatio: number
  /** When it last opened (epoch ms), while open or half open. */
  openedMs?: number
  /** When the next probe may start (epoch ms), while open. */
  nextProbeMs?: number
}

const BUCKETS = 10

class Circuit {
  state: CircuitState = 'closed'
  openedMs = 0
  nextProbeMs = 0
  /** The window's counts when it opened: what the view reports while it is not closed. */
  openedAttempts = 0
  openedFailures = 0
  /** Bucket number (time / bucket length) each ring slot counts for. */
  private readonly ids = new Float64Array(BUCKETS).fill(-1)
  private readonly ok = new Uint32Array(BUCKETS)
  private readonly failed = new Uint32Array(BUCKETS)

  add(bucket: number, outcome: EndpointOutcome): void {
    const slot = bucket % BUCKETS
    if (this.ids[slot] !== bucket) {
      this.ids[slot] = bucket
      this.ok[slot] = 0
      this.failed[slot] = 0
    }
    if (outcome === 'success') this.ok[slot] = (this.ok[slot] as number) + 1
    else this.failed[slot] = (this.failed[slot] as number) + 1
  }

  /** [attempts, failures] in the window that ends in `bucket`. */
  counts(bucket: number): [number, number] {
    let attempts = 0
    let failures = 0
    for (let i = 0; i < BUCKETS; i++) {
      const id = this.ids[i] as number
      if (id > bucket - BUCKETS && id <= bucket) {
        attempts += (this.ok[i] as number) + (this.failed[i] as number)
        failures += this.failed[i] as number
      }
    }
    return [attempts, failures]
  }

  reset(): void {
    this.ids.fill(-1)
  }
}

/**
 * The circuits of all endpoints of one engine, created on first use.
 * @example
 * const breaker = new CircuitBreaker(DEFAULT_CIRCUIT_BREAKER, Date.now)
 * if (breaker.tryPass(origin)) { const ok = await send(); breaker.record(origin, ok ? 'success' : 'failure'); breaker.settle(origin) }
 */
export class CircuitBreaker {
  private readonly circuits = new Map<string, Circuit>()
  private readonly bucketMs: number

  constructor(
    readonly settings: Readonly<CircuitBreakerSettings>,
    private readonly now: () => number,
  ) {
    this.bucketMs = Math.max(1, settings.windowMs / BUCKETS)
  }

  private circuit(origin: string): Circuit {
    let c = this.circuits.get(origin)
    if (c === undefined) this.circuits.set(origin, (c = new Circuit()))
    return c
  }

  /**
   * Whether a delivery to `origin` may start now. While open, the first call after the probe interval is admitted
   * as the probe (the circuit turns half open) and every other call is refused until the probe's outcome is recorded.
   */
  tryPass(origin: string): boolean {
    const c = this.circuits.get(origin)
    if (c === undefined || c.state === 'closed') return true
    if (c.state === 'half_open' || this.now() < c.nextProbeMs) return false
    c.state = 'half_open'
    return true
  }

  /** Counts an attempt's outcome; opens or closes the circuit as the settings say. */
  record(origin: string, outcome: EndpointOutcome): void {
    const c = this.circuit(origin)
    const now = this.now()
    if (c.state === 'half_open') {
      if (outcome === 'success') {
        c.state = 'closed'
        c.reset()
      } else {
        c.state = 'open'
        c.nextProbeMs = now + this.settings.probeIntervalMs
      }
      return
    }
    if (c.state === 'open') return // late outcomes of attempts started before it opened change nothing
    const bucket = Math.floor(now / this.bucketMs)
    c.add(bucket, outcome)
    if (outcome === 'success') return
    const [attempts, failures] = c.counts(bucket)
    if (attempts >= this.settings.minAttempts && failures >= this.settings.failureRatio * attempts) {
      c.state = 'open'
      c.openedMs = now
      c.nextProbeMs = now + this.settings.probeIntervalMs
      c.openedAttempts = attempts
      c.openedFailures = failures
      c.reset()
    }
  }

  /**
   * Called when a delivery admitted by {@link tryPass} ends. A probe that ended without an outcome (the event was
   * not sent after all) gives its turn to the next delivery at once.
   */
  settle(origin: string): void {
    const c = this.circuits.get(origin)
    if (c?.state === 'half_open') {
      c.state = 'open'
      c.nextProbeMs = this.now()
    }
  }

  /** The circuit of `origin` as it is now. */
  view(origin: string): CircuitView {
    const c = this.circuits.get(origin)
    if (c === undefined) return { state: 'closed', attempts: 0, failureRatio: 0 }
    const [attempts, failures] = c.state === 'closed' ? c.counts(Math.floor(this.now() / this.bucketMs)) : [c.openedAttempts, c.openedFailures]
    const out: CircuitView = { state: c.state, attempts, failureRatio: attempts === 0 ? 0 : failures / attempts }
    if (c.state !== 'closed') out.openedMs = c.openedMs
    if (c.state === 'open') out.nextProbeMs = c.nextProbeMs
    return out
  }

  /** The earliest time an open circuit admits its next probe (epoch ms), or undefined when none is open. */
  nextProbeMs(): number | undefined {
    let next: number | undefined
    for (const c of this.circuits.values()) if (c.state === 'open' && (next === undefined || c.nextProbeMs < next)) next = c.nextProbeMs
    return next
  }

  /** The endpoints with a circuit (every endpoint that had an outcome recorded). */
  origins(): IterableIterator<string> {
    return this.circuits.keys()
  }
}
