/**
 * What the engine reports about its own state: `stats()` (queue depth, deliveries in flight, each endpoint's budget
 * use and circuit), the `health` of a config as `getConfig` returns it, and the argument check of `drain(room)`.
 */
import type { EndpointStats, EngineStats } from '../api'
import type { EngineContext } from '../context'
import { RequestValidationError } from '../errors'
import type { WebhookConfig } from '../model'

/** The origin of a config URL (`scheme://host:port`), or empty when it has none or it does not parse. */
function originOfUrl(url: string | undefined): string {
  if (!url) return ''
  try {
    return new URL(url).origin
  } catch {
    return ''
  }
}

/** A presented config with its live `health` (circuit state, failure ratio, last error; the disabled reason kept). */
export function withHealth(ctx: Pick<EngineContext, 'health'>, config: WebhookConfig): WebhookConfig {
  if (config.id === undefined) return config
  config.health = ctx.health.view(config.id, originOfUrl(config.url ?? undefined), config.health)
  return config
}

/** The engine's queue, deliveries in flight and endpoints, now. */
export async function engineStats(ctx: Pick<EngineContext, 'dispatcher' | 'endpoints' | 'options'>): Promise<EngineStats> {
  const { queued, inFlight, maxQueueSize } = ctx.dispatcher.stats()
  const { budget, breaker } = ctx.endpoints
  const origins = new Set<string>(breaker.origins())
  for (const [origin] of budget.entries()) origins.add(origin)
  const endpoints: EndpointStats[] = []
  for (const origin of [...origins].sort()) {
    const circuit = breaker.view(origin)
    const entry: EndpointStats = {
      origin,
      state: circuit.state === 'closed' ? 'healthy' : circuit.state,
      inFlight: budget.count(origin),
      limit: budget.limit,
      failureRatio: Math.round(circuit.failureRatio * 1000) / 1000,
      windowAttempts: circuit.attempts,
    }
    if (circuit.nextProbeMs !== undefined) entry.nextProbeAt = new Date(circuit.nextProbeMs).toISOString()
    endpoints.push(entry)
  }
  return { queued, inFlight, maxQueueSize, endpoints }
}

/** `drain(room)`: room must be a whole number from 1 to `maxQueueSize` (more could never fit). */
export function checkRoom(room: unknown, maxQueueSize: number): number {
  if (room === undefined) return 1
  if (typeof room !== 'number' || !Number.isInteger(room) || room < 1 || room > maxQueueSize) {
    throw new RequestValidationError([{ path: 'room', message: `must be a whole number from 1 to maxQueueSize (${maxQueueSize})` }])
  }
  return room
}
