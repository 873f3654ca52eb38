/**
 * Where deliveries meet endpoint health: every attempt's outcome goes to the health tracker (and so to its endpoint's
 * circuit), a config that must stop is disabled, and an event that ends while its config is not healthy keeps a
 * snapshot of that `health` in the log.
 */
import type { EndpointHealth } from '../../../generated/webhooks/types'
import { targetFor, type ConfigContext } from '../config/configs'
import { deriveStatus } from '../config/status'
import type { EngineContext } from '../context'
import type { WebhookConfig } from '../model'
import type { AttemptResult } from './attempt'
import type { DeliveryTarget } from './target'

/**
 * Disables config `configId` (`enabled: false`, status `inactive`) and records why in its `health`. Does nothing when
 * the config is gone or already disabled for its health.
 */
export async function disableForHealth(ctx: ConfigContext, configId: string, reason: string, health: EndpointHealth): Promise<void> {
  const stored = await ctx.store.getConfig(configId)
  if (!stored || stored.config.health?.disabled_reason !== undefined) return
  const config: WebhookConfig & { id: string } = {
    ...stored.config,
    enabled: false,
    health: { ...health, state: 'disabled', disabled_reason: reason, disabled_at: new Date(ctx.options.now()).toISOString() },
  }
  config.status = deriveStatus(config)
  const next = { config, revision: stored.revision + 1 }
  await ctx.store.saveConfig(next)
  targetFor(ctx, next) // queued deliveries see the new revision (and end `config_disabled`)
}

/** Feeds an attempt's outcome to the health tracker; disables the config when it says so. Never throws. */
export async function observeHealth(ctx: EngineContext, target: DeliveryTarget, result: AttemptResult): Promise<void> {
  const configId = target.stored.config.id
  const reason = ctx.health.observe(configId, target.origin, result)
  if (reason === undefined) return
  try {
    await disableForHealth(ctx, configId, reason, ctx.health.view(configId, target.origin))
  } catch {
    // The attempt's outcome is recorded either way; the next failing attempt tries to disable it again.
  }
}

/** `{ health }` for an ending event whose config is not healthy (open or probing circuit, disabled); else nothing. */
export function healthOnEvent(ctx: Pick<EngineContext, 'targets' | 'health'>, configId: string | undefined): { health?: EndpointHealth } {
  if (configId === undefined) return {}
  const target = ctx.targets.get(configId)
  if (target === undefined) return {}
  const view = ctx.health.view(configId, target.origin, target.stored.config.health)
  return view.state === 'healthy' ? {} : { health: view }
}
