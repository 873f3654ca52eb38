/**
 * Config management: create/get/update/delete/list, and the cache of prepared delivery targets (one per config,
 * rebuilt only when the stored revision changes).
 */
import { createSigner } from '../../signature'
import type { EngineContext } from '../context'
import { buildTarget, type DeliveryTarget } from '../delivery/target'
import { ConfigValidationError, NotFoundError } from '../errors'
import { shortId } from '../log/ids'
import { DEFAULT_RETRY_POLICY } from './contract-fields'
import { applySecretRules, generateSigningSecret } from './secret-rules'
import { keepMaskedUrls, maskSecrets, SECRET_MASK } from './secrets'
import { keepDisabledHealth } from './health'
import { deriveStatus } from './status'
import { validateConfig } from './validate'
import type { WebhookConfig } from '../model'
import type { StoredConfig } from '../store/types'
import { Issues } from '../validation'

/** What config management uses of the engine's context. */
export type ConfigContext = Pick<EngineContext, 'store' | 'targets' | 'options' | 'signing' | 'urlPolicy' | 'http'>

/** A config as callers see it: a deep copy with secrets masked. */
export function present(config: WebhookConfig): WebhookConfig {
  return structuredClone(maskSecrets(config))
}

function configNotFound(configId: unknown): NotFoundError {
  return new NotFoundError(`No webhook config with id ${String(configId)}; list configs to find the id.`)
}

/** A `signingSecret` must make an HMAC signer (the mask means "unchanged" and is checked against the stored one). */
function checkSigningSecret(c: Issues, input: unknown): void {
  const secret = (input as { signingSecret?: unknown } | null)?.signingSecret
  if (typeof secret !== 'string' || secret === '' || secret === SECRET_MASK) return
  try {
    createSigner({ secret })
  } catch {
    c.fail('signingSecret', 'must be base64 key bytes, optionally prefixed whsec_ (as in every Standard Webhooks library)')
  }
}

/** validateConfig plus the engine's own checks, every issue at once. */
function validate(input: unknown): WebhookConfig {
  const c = new Issues()
  let config: WebhookConfig | undefined
  try {
    config = validateConfig(input)
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error
    c.add(error.issues)
  }
  checkSigningSecret(c, input)
  c.throwIfAny((issues) => new ConfigValidationError(issues))
  return config as WebhookConfig
}

/** The prepared target of a stored config; rebuilt only when the stored revision changed. */
export function targetFor(ctx: ConfigContext, stored: StoredConfig): DeliveryTarget {
  const cached = ctx.targets.get(stored.config.id)
  if (cached && cached.stored.revision === stored.revision) return cached
  const target = buildTarget(ctx, stored)
  ctx.targets.set(stored.config.id, target)
  return target
}

/** The target of a config id, or undefined when there is no such config (any more). */
export async function loadTarget(ctx: ConfigContext, configId: string): Promise<DeliveryTarget | undefined> {
  const stored = await ctx.store.getConfig(configId)
  return stored ? targetFor(ctx, stored) : undefined
}

/** The target of a config id; NotFoundError when there is no such config. */
export async function requireTarget(ctx: ConfigContext, configId: string): Promise<DeliveryTarget> {
  const target = typeof configId === 'string' ? await loadTarget(ctx, configId) : undefined
  if (!target) throw configNotFound(configId)
  return target
}

async function save(ctx: ConfigContext, config: WebhookConfig & { id: string }, revision: number): Promise<WebhookConfig> {
  config.status = deriveStatus(config)
  const stored: StoredConfig = { config, revision }
  const target = buildTarget(ctx, stored) // compile before storing: a config that cannot compile is never saved
  await ctx.store.saveConfig(stored)
  ctx.targets.set(config.id, target)
  return present(config)
}

/**
 * Validates and stores a new config: id, creationTime = updatedTime assigned, the default `retryPolicy` when it asks
 * for none, and a generated `signingSecret` when it brings none. Returns it masked, except the signing secret: the
 * create response is the one place it is shown in clear.
 */
export async function createConfig(ctx: ConfigContext, input: unknown): Promise<WebhookConfig> {
  // A masked URL credential has nothing to restore on create: refused (400) rather than stored as the mask.
  const config = keepMaskedUrls(applySecretRules(validate(input), input, undefined), { name: '', eventName: '' })
  const now = new Date(ctx.options.now()).toISOString()
  const signingSecret = config.signingSecret ?? generateSigningSecret()
  const fallback = ctx.options.defaultRetryPolicy
  const retryPolicy = config.retryPolicy ?? (fallback ? { enabled: fallback.enabled, maxAttempts: fallback.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts } : undefined)
  const saved = await save(ctx, { ...config, ...(retryPolicy ? { retryPolicy } : {}), signingSecret, id: shortId(), creationTime: now, updatedTime: now }, 1)
  return { ...saved, signingSecret }
}

/**
 * PUT semantics: the body replaces the config, keeping its id and creationTime; `updatedTime` becomes now. Secrets
 * left out (or sent back masked) keep their stored value, `null` clears them; a body without `retryPolicy` keeps the
 * stored policy.
 */
export async function updateConfig(ctx: ConfigContext, configId: string, input: unknown): Promise<WebhookConfig> {
  const current = await ctx.store.getConfig(configId)
  if (!current) throw configNotFound(configId)
  const config = keepMaskedUrls(applySecretRules(validate(input), input, current.config), current.config)
  const next: WebhookConfig & { id: string } = { ...config, id: current.config.id, updatedTime: new Date(ctx.options.now()).toISOString() }
  keepDisabledHealth(current.config, next)
  if (current.config.creationTime !== undefined) next.creationTime = current.config.creationTime
  else delete next.creationTime
  if (next.retryPolicy === undefined && current.config.retryPolicy !== undefined) next.retryPolicy = { ...current.config.retryPolicy }
  return save(ctx, next, current.revision + 1)
}

/** Deletes a config and drops its target; its events stay. */
export async function deleteConfig(ctx: ConfigContext, configId: string): Promise<void> {
  if (!(await ctx.store.deleteConfig(configId))) throw configNotFound(configId)
  ctx.targets.delete(configId)
}

/** Configs (of one event name when given), masked. */
export async function listConfigs(ctx: ConfigContext, filter?: { eventName?: string }): Promise<WebhookConfig[]> {
  const list = await ctx.store.listConfigs(filter?.eventName !== undefined ? { eventName: filter.eventName } : undefined)
  return list.map((s) => present(s.config))
}
