/** One parameter of a CLI command, as codegen read it from the spec. */
export interface CommandParameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required: boolean
  type: string
  description: string
  /** The values the spec allows, when it lists them. */
  enum?: string[]
}

/** One operation as a CLI command. */
export interface CommandSpec {
  operationId: string
  method: string
  path: string
  summary: string
  description: string
  requiresAuth: boolean
  /** True when the spec marks the operation deprecated (absent otherwise). */
  deprecated?: boolean
  parameters: CommandParameter[]
  /** `example`: the spec's own example body, when it gives one (help shows it instead of one built from the schema). */
  body: { required: boolean; description: string; schema?: BodySchema; example?: unknown } | null
}

/**
 * A request body's JSON schema as the CLI keeps it (for help and prompts): `$ref`s inlined, read-only fields
 * left out, nesting cut after a few levels.
 */
export interface BodySchema {
  type?: string
  description?: string
  enum?: Array<string | number | boolean | null>
  format?: string
  default?: string | number | boolean | null
  example?: string | number | boolean | null | Array<string | number | boolean | null>
  nullable?: boolean
  properties?: Record<string, BodySchema>
  required?: string[]
  items?: BodySchema
  additionalProperties?: BodySchema
  oneOf?: BodySchema[]
}

/** A service's command table, generated from its spec. */
export interface ServiceCommands {
  service: string
  title: string
  description: string
  /** The spec's first server URL: the CLI's default base URL (empty when the spec lists none). */
  server: string
  commands: CommandSpec[]
}
