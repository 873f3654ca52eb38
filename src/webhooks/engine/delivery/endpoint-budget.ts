/**
 * The concurrency budget per endpoint: deliveries in flight to one receiver origin (`scheme://host:port`), over all
 * configs that point at it. Beside the global and per-config limits, it keeps one slow or hanging host from holding
 * the slots that deliveries to other hosts need.
 */

/**
 * In-flight counts per origin, each at most `limit`.
 * @example
 * const budget = new EndpointBudget(32)
 * if (budget.tryAcquire('https://crm.example.com:443')) { try { await send() } finally { budget.release('https://crm.example.com:443') } }
 */
export class EndpointBudget {
  private readonly inFlight = new Map<string, number>()

  constructor(readonly limit: number) {}

  /** Whether another delivery to `origin` fits (without taking the slot). */
  hasRoom(origin: string): boolean {
    return (this.inFlight.get(origin) ?? 0) < this.limit
  }

  /** Takes a slot for `origin`; false (and nothing taken) when its budget is used up. */
  tryAcquire(origin: string): boolean {
    const n = this.inFlight.get(origin) ?? 0
    if (n >= this.limit) return false
    this.inFlight.set(origin, n + 1)
    return true
  }

  /** Gives back a slot taken with {@link tryAcquire}. */
  release(origin: string): void {
    const n = (this.inFlight.get(origin) ?? 1) - 1
    if (n <= 0) this.inFlight.delete(origin)
    else this.inFlight.set(origin, n)
  }

  /** Deliveries in flight to `origin`. */
  count(origin: string): number {
    return this.inFlight.get(origin) ?? 0
  }

  /** Origins with deliveries in flight, and how many. */
  entries(): IterableIterator<[string, number]> {
    return this.inFlight.entries()
  }
}
