import type { EngineEvent, Metadata, WebhookConfig } from '../model'
import type { EventPredicate } from '../filter/conditions'
import { compileFilterConditions, type FilterMatcher } from '../filter/group'
import { compileLegacyFilter } from '../filter/legacy'
import { shapePayload } from '../payload/shape'
import { compileTransform, type TransformLimits } from '../payload/transform'

/** A config with its filters and JSONata compiled once; use it for every event. */
export interface CompiledConfig {
  readonly config: WebhookConfig
  /**
   * legacy filter AND filterConditions; true when the config has neither. A promise only when a
   * `jsonata_expression` condition has to be evaluated; it rejects when that condition fails.
   */
  matches(event: EngineEvent, metadata: Metadata): boolean | Promise<boolean>
  /**
   * payload shaped by payloadConfiguration, then jsonataExpression applied (on the JSONata worker pool, within
   * `limits`); returns the value to JSON-serialize
   */
  buildPayload(event: EngineEvent, metadata: Metadata, limits?: TransformLimits): Promise<unknown>
  /** payloadConfiguration.custom_headers (validated) */
  readonly customHeaders: Readonly<Record<string, string>>
}

const always: EventPredicate = () => true

function both(a: EventPredicate, b: FilterMatcher): FilterMatcher {
  if (a === always) return b
  if (b === always) return a
  return (e, m) => a(e, m) && b(e, m)
}

/**
 * Compiles a (validated) config: `filterConditions` become one generated function, the legacy filter a closure,
 * JSONata expressions are parsed — once, here, never per event. Call it when a config is saved or loaded.
 * @example
 * const compiled = compileConfig(config)
 * if (await compiled.matches(event, metadata)) body = JSON.stringify(await compiled.buildPayload(event, metadata))
 */
export function compileConfig(config: WebhookConfig): CompiledConfig {
  const legacy = config.filter ? compileLegacyFilter(config.filter) : always
  const conditions = config.filterConditions ? compileFilterConditions(config.filterConditions) : always
  const matches = both(legacy, conditions)
  const expression = config.jsonataExpression?.trim()
  const transform = expression ? compileTransform(expression) : undefined
  const options = config.payloadConfiguration
  const customHeaders = Object.freeze({ ...(options?.custom_headers ?? {}) })
  return {
    config,
    matches,
    customHeaders,
    async buildPayload(event, metadata, limits) {
      const payload = shapePayload(event, metadata, options)
      return transform ? transform(payload, limits) : payload
    },
  }
}
