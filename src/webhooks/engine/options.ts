/** Options of `createEngine`, with their defaults. */
import type { LookupFunction } from 'node:net'
import { realSleep } from '../../core/retry-policy'
import { DEFAULT_CIRCUIT_BREAKER } from './delivery/circuit-breaker'
import type { EventConfigEntry } from './api'
import type { InboundHubOptions } from './inbound/types'
import type { EngineStore } from './store/types'

/** Every limit, timeout and dependency of the engine. All optional; defaults follow the epilot limits. */
export interface EngineOptions {
  /** Where configs, events and the delivery queue live (default: in-memory). */
  store?: EngineStore
  /** Ed25519 private key for `v1a` signatures: `whsk_…` or a PKCS#8 PEM. Generated per engine when absent. */
  signingKey?: string
  /** Label of the HMAC entry for configs with a `signingSecret`: `v1` (default, the standard) or `v1s`. */
  hmacVersion?: 'v1' | 'v1s'
  /** Events added to the registry next to the four epilot defaults. */
  events?: EventConfigEntry[]
  /** Where `*IsEnvVar` secrets are read at delivery time (default `process.env`). */
  env?: Record<string, string | undefined>
  /** Clock in epoch ms (default `Date.now`); inject to control time in tests. */
  now?: () => number
  /** Waits between retries (default a real timer); inject to skip waiting in tests. */
  sleep?: (ms: number) => Promise<void>
  /** Jitter source in [0, 1) (default `Math.random`). */
  random?: () => number

  /** Deliveries in flight at once, over all configs (default 64). */
  concurrency?: number
  /** Deliveries in flight at once per config (default 16). */
  perConfigConcurrency?: number
  /**
   * Deliveries in flight at once per endpoint, i.e. per receiver origin `scheme://host:port`, over all configs that
   * point at it (default 32, half the default `concurrency`): one slow host never holds the slots other endpoints need.
   */
  perEndpointConcurrency?: number
  /** Deliveries waiting in the queue before `emit`/`trigger`/replays throw QueueFullError (default 10,000). */
  maxQueueSize?: number

  /** Per-attempt timeout of sync triggers (default 30,000 ms). */
  syncTimeoutMs?: number
  /** Retries after the first attempt of a sync trigger (default 2, so 3 attempts). */
  syncRetries?: number
  /**
   * The whole time a sync trigger may take, attempts and waits between them included (default 95,000 ms: three
   * 30 s attempts and their backoff). No attempt runs past it, and a `Retry-After` that ends past it ends the
   * trigger at once with `code: 'retry_after_exceeds_budget'`. API clients calling `triggerWebhook` with
   * `sync=true` should wait longer than this.
   */
  syncBudgetMs?: number
  /** An async delivery not done this long after the event was created is marked failed (default 120,000 ms). */
  asyncDeadlineMs?: number
  /** Attempts of an async delivery at most (default 10); the deadline usually ends it first. */
  asyncMaxAttempts?: number
  /** Per-attempt timeout of async deliveries (default 15,000 ms; never past the deadline). */
  asyncAttemptTimeoutMs?: number
  /** Retry backoff of configs without a `retryPolicy` (defaults: base 1000 ms, max 30,000 ms; jittered). */
  backoff?: { baseMs?: number; maxMs?: number }
  /**
   * Multiplies the published retry schedule of configs with a `retryPolicy` (5 s, 5 min, 30 min, 2 h, 5 h).
   * Default 1; e.g. 0.001 turns it into 5 ms … 18 s for tests and local use.
   */
  retryScheduleScale?: number
  /**
   * The `retryPolicy` a config created without one gets (default `{ enabled: true, maxAttempts: 3 }`, as the published
   * API does). `null` creates such configs without a policy: they retry with {@link EngineOptions.backoff} within
   * `asyncDeadlineMs`, as configs stored before retry policies existed do.
   */
  defaultRetryPolicy?: { enabled: boolean; maxAttempts?: number } | null

  /**
   * How long a claimed delivery stays leased to this process (default 30,000 ms). The lease is renewed every third
   * of it while the attempt runs, so only a process that died leaves it to run out; then another worker (or this
   * one after a restart) claims the job again.
   */
  leaseMs?: number
  /** How often the engine looks for work queued by other processes on a durable store (default 1,000 ms). */
  pollIntervalMs?: number
  /** This process's worker id, as recorded on its leases (default a random `worker-<uuid>`). */
  workerId?: string
  /** How long an idempotency key of `emit`/`trigger` is remembered (default 24 h). */
  idempotencyTtlMs?: number
  /** Logged events older than this many days are pruned in the background (default 30). */
  retentionDays?: number
  /**
   * Logged events kept at most: the oldest finished ones beyond it are pruned in the background. Default: 100,000
   * for the in-memory store the engine creates itself, no count bound for a store you pass (age only).
   */
  maxEvents?: number
  /** How often the background pruning runs (default 600,000 ms = 10 min; also once at start). */
  pruneIntervalMs?: number

  /**
   * Circuit breaker per endpoint (receiver origin). When at least `minAttempts` (10) attempts within `windowMs`
   * (5 min) ended and `failureRatio` (0.7) of them failed (network error, timeout, 408, 429, 5xx), the endpoint is
   * opened: its deliveries wait in the queue (they do not fail) and one probe is let through every
   * `probeIntervalMs` (30 s); a probe that gets an answer other than such a failure closes it again.
   */
  circuitBreaker?: { failureRatio?: number; minAttempts?: number; windowMs?: number; probeIntervalMs?: number }
  /**
   * A config whose delivery attempts have all failed for this many days is disabled, with the reason recorded in its
   * `health` (default 5, as Svix does). `410 Gone` disables a config at once.
   */
  disableAfterDays?: number

  /** URL schemes deliveries may use (default `['http', 'https']`). */
  allowedSchemes?: string[]
  /** Refuse private, loopback and link-local targets (default false so local use works). */
  blockPrivateNetworks?: boolean
  /** DNS lookup (default `dns.lookup`); with `blockPrivateNetworks` every resolved address is checked. */
  lookup?: LookupFunction

  /** OAuth token handling: refresh skew (30 s), lifetime when `expires_in` is absent (5 min), request timeout (10 s). */
  oauth?: { skewMs?: number; defaultTtlMs?: number; timeoutMs?: number }
  /** Keep-alive connections per receiver origin (`scheme://host:port`) (default 256). */
  maxSockets?: number
  /** Characters of a receiver's response body kept in the event log (default 4096). */
  maxLoggedBodyChars?: number
  /**
   * Largest delivery body in UTF-8 bytes, and largest `jsonataExpression` result (default 1 MiB = 1,048,576). A
   * larger event is not sent: it ends `failed` with `http_response.code` `INTERNAL_PAYLOAD_TOO_LARGE`.
   */
  maxDeliveryBodyBytes?: number
  /**
   * Time limit of one `jsonataExpression` evaluation in ms (default 1000). Transforms run on a worker-thread pool,
   * off the event loop; one over the limit ends its event `failed` with `transform_failed`.
   */
  transformTimeoutMs?: number
  /** `user-agent` of deliveries (default `epilot-webhooks-engine`). */
  userAgent?: string
  /**
   * Inbound webhooks: the organization their events are emitted for (default `local`), the public origin used
   * in `webhookUrl` (relative when absent), body limits and where handler errors go.
   */
  inbound?: Pick<InboundHubOptions, 'organizationId' | 'baseUrl' | 'limits' | 'onError'>
  /** Called after every delivery attempt (sync and async) with its outcome; never sees headers or bodies. Errors it throws are ignored. */
  onAttempt?: (info: DeliveryAttemptInfo) => void
}

/** One finished delivery attempt, as {@link EngineOptions.onAttempt} receives it. */
export interface DeliveryAttemptInfo {
  configId: string
  eventId: string
  /** 1-based number of this attempt for the event. */
  attempt: number
  /** `retry` when the outcome may be retried (408, 429, 5xx, network errors); whether a retry follows depends on the limits. */
  outcome: 'succeeded' | 'retry' | 'failed'
  /** The receiver's HTTP status, when it answered. */
  statusCode?: number
  /** Why there was no usable answer (e.g. `ECONNREFUSED`, `timeout`), when known. */
  code?: string
  durationMs: number
}

/** Options with every default applied. */
export interface ResolvedOptions {
  env: Record<string, string | undefined>
  now: () => number
  sleep: (ms: number) => Promise<void>
  random: () => number
  concurrency: number
  perConfigConcurrency: number
  perEndpointConcurrency: number
  maxQueueSize: number
  syncTimeoutMs: number
  syncRetries: number
  syncBudgetMs: number
  asyncDeadlineMs: number
  asyncMaxAttempts: number
  asyncAttemptTimeoutMs: number
  backoff: { baseMs: number; maxMs: number }
  retryScheduleScale: number
  defaultRetryPolicy: { enabled: boolean; maxAttempts?: number } | null
  leaseMs: number
  pollIntervalMs: number
  idempotencyTtlMs: number
  retentionDays: number
  maxEvents: number | undefined
  pruneIntervalMs: number
  circuitBreaker: { failureRatio: number; minAttempts: number; windowMs: number; probeIntervalMs: number }
  disableAfterDays: number
  oauth: { skewMs: number; defaultTtlMs: number; timeoutMs: number }
  maxSockets: number
  maxLoggedBodyChars: number
  maxDeliveryBodyBytes: number
  transformTimeoutMs: number
  userAgent: string
  onAttempt: ((info: DeliveryAttemptInfo) => void) | undefined
}

/** Applies the defaults. */
export function resolveOptions(o: EngineOptions): ResolvedOptions {
  return {
    env: o.env ?? (typeof process === 'undefined' ? {} : process.env),
    now: o.now ?? Date.now,
    sleep: o.sleep ?? realSleep,
    random: o.random ?? Math.random,
    concurrency: o.concurrency ?? 64,
    perConfigConcurrency: o.perConfigConcurrency ?? 16,
    perEndpointConcurrency: o.perEndpointConcurrency ?? 32,
    maxQueueSize: o.maxQueueSize ?? 10_000,
    syncTimeoutMs: o.syncTimeoutMs ?? 30_000,
    syncRetries: o.syncRetries ?? 2,
    syncBudgetMs: o.syncBudgetMs ?? 95_000,
    asyncDeadlineMs: o.asyncDeadlineMs ?? 120_000,
    asyncMaxAttempts: o.asyncMaxAttempts ?? 10,
    asyncAttemptTimeoutMs: o.asyncAttemptTimeoutMs ?? 15_000,
    backoff: { baseMs: o.backoff?.baseMs ?? 1000, maxMs: o.backoff?.maxMs ?? 30_000 },
    retryScheduleScale: o.retryScheduleScale ?? 1,
    defaultRetryPolicy: o.defaultRetryPolicy === undefined ? { enabled: true, maxAttempts: 3 } : o.defaultRetryPolicy,
    leaseMs: o.leaseMs ?? 30_000,
    pollIntervalMs: o.pollIntervalMs ?? 1_000,
    idempotencyTtlMs: o.idempotencyTtlMs ?? 86_400_000,
    retentionDays: o.retentionDays ?? 30,
    maxEvents: o.maxEvents,
    pruneIntervalMs: o.pruneIntervalMs ?? 600_000,
    circuitBreaker: { ...DEFAULT_CIRCUIT_BREAKER, ...definedOnly(o.circuitBreaker) },
    disableAfterDays: o.disableAfterDays ?? 5,
    oauth: { skewMs: o.oauth?.skewMs ?? 30_000, defaultTtlMs: o.oauth?.defaultTtlMs ?? 300_000, timeoutMs: o.oauth?.timeoutMs ?? 10_000 },
    maxSockets: o.maxSockets ?? 256,
    maxLoggedBodyChars: o.maxLoggedBodyChars ?? 4096,
    maxDeliveryBodyBytes: o.maxDeliveryBodyBytes ?? 1024 * 1024,
    transformTimeoutMs: o.transformTimeoutMs ?? 1000,
    userAgent: o.userAgent ?? 'epilot-webhooks-engine',
    onAttempt: o.onAttempt,
  }
}

/** The entries of an options object that are set (so `{ x: undefined }` keeps the default of `x`). */
function definedOnly<T extends object>(o: T | undefined): Partial<T> {
  const out: Partial<T> = {}
  if (o) for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v
  return out
}
