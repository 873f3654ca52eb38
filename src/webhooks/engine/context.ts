/**
 * The engine's one dependency bag: everything its stages share, built once by `createEngine`. A stage takes the
 * whole bag, or a `Pick` of the parts it really uses (so its tests can hand it just those).
 *
 * Stages that the bag itself refers to (delivery targets and their OAuth token caches) declare what they need as
 * their own interface, which this one satisfies, so no import goes in a circle.
 *
 * Time, randomness and the environment are reached one way only: `options.now`, `options.sleep`, `options.random`
 * and `options.env` (injectable through `EngineOptions`).
 */
import type { Dispatcher } from './delivery/dispatcher'
import type { EndpointGate } from './delivery/endpoint-gate'
import type { HealthTracker } from './delivery/endpoint-health'
import type { HttpClient } from './delivery/http-client'
import type { SigningSetup } from './delivery/signing-key'
import type { DeliveryTarget, TargetContext } from './delivery/target'
import type { UrlPolicy } from './delivery/url-policy'
import type { WorkTracker } from './delivery/work-tracker'
import type { ResolvedOptions } from './options'
import type { EngineStore } from './store/types'

/** Everything the engine's stages share. */
export interface EngineContext extends TargetContext {
  /** Limits, timeouts and the injectable clock (`now`, `sleep`, `random`) and environment (`env`). */
  readonly options: ResolvedOptions
  readonly store: EngineStore
  /** The one keep-alive HTTP client: deliveries and OAuth token requests. */
  readonly http: Pick<HttpClient, 'send'>
  /** Which delivery (and token endpoint) URLs are allowed. */
  readonly urlPolicy: UrlPolicy
  readonly signing: SigningSetup
  /** Prepared delivery targets by config id, each for the config revision it was built from. */
  readonly targets: Map<string, DeliveryTarget>
  /** The bounded delivery queue and its workers. */
  readonly dispatcher: Dispatcher
  /** Per-endpoint concurrency budgets and circuit breakers. */
  readonly endpoints: EndpointGate
  /** Endpoint health of each config: feeds the circuits, decides when a config is disabled, builds `health`. */
  readonly health: HealthTracker
  /** Unfinished work that `idle()` and `close()` wait for. */
  readonly work: WorkTracker
  /** `created_at` of new events: the clock, never going backwards. */
  readonly createdAt: () => number
  /** A time-ordered id for an event created at `createdMs`. */
  readonly nextEventId: (createdMs: number) => string
}
