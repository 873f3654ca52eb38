/**
 * Admission of a queued delivery by its endpoint: a free slot in the endpoint's concurrency budget and a circuit
 * that lets it through. A delivery the gate refuses stays in the queue and holds no slot; {@link EndpointGate.nextWakeMs}
 * says when an open circuit will admit its probe, so the dispatcher knows when to look again.
 */
import type { CircuitBreaker } from './circuit-breaker'
import type { EndpointBudget } from './endpoint-budget'

export class EndpointGate {
  constructor(
    readonly budget: EndpointBudget,
    readonly breaker: CircuitBreaker,
  ) {}

  /** Takes a slot of `origin` when both its budget and its circuit admit a delivery now. */
  tryEnter(origin: string): boolean {
    if (!this.budget.hasRoom(origin)) return false
    if (!this.breaker.tryPass(origin)) return false
    this.budget.tryAcquire(origin)
    return true
  }

  /** Gives back the slot of a delivery admitted by {@link tryEnter}, once it ended. */
  leave(origin: string): void {
    this.budget.release(origin)
    this.breaker.settle(origin)
  }

  /** When an open circuit admits its next probe (epoch ms), or undefined when no circuit is open. */
  nextWakeMs(): number | undefined {
    return this.breaker.nextProbeMs()
  }
}
