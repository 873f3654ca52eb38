/**
 * The stored side of endpoint health: a config disabled for its health (410 Gone, failing for `disableAfterDays`;
 * see delivery/health-seam.ts) keeps the reason in its `health` until it is enabled again.
 */
import type { WebhookConfig } from '../model'

/**
 * Keeps a health-disabled config's `health` (its reason) through an update that leaves it disabled; an update that
 * enables it drops the record, so deliveries resume.
 */
export function keepDisabledHealth(current: WebhookConfig, next: WebhookConfig): void {
  delete next.health // read-only: never taken from the input
  if (current.health?.disabled_reason !== undefined && next.enabled === false) next.health = current.health
}

/** Why deliveries of this config stop at once, or undefined: it was disabled for its health. */
export function disabledReason(config: WebhookConfig): string | undefined {
  return config.health?.disabled_reason
}
