/**
 * Operations that may legitimately take longer than a client's default timeout.
 *
 * `triggerWebhook` with `sync=true` answers only when the delivery is over: the engine makes up to 3 attempts of 30 s
 * each with backoff in between, and ends the series within its sync budget (95 s by default, `syncBudgetMs`; see
 * docs/delivery.md). A client that gives up earlier reports a timeout while the engine is still trying, so such calls
 * wait at least {@link SYNC_TRIGGER_TIMEOUT_MS}.
 */

/** The least time a client waits for `triggerWebhook` with `sync=true`: the engine's sync budget (95 s) plus 25 s. */
export const SYNC_TRIGGER_TIMEOUT_MS = 120_000

/** The least timeout (ms) an operation call needs, or undefined when the client's own timeout is fine. */
export function minimumTimeoutMs(operationId: string | undefined, params: unknown): number | undefined {
  const sync = (params as { sync?: unknown } | null | undefined)?.sync
  return operationId === 'triggerWebhook' && (sync === true || sync === 'true') ? SYNC_TRIGGER_TIMEOUT_MS : undefined
}
