/** One parameter of a CLI command, as codegen read it from the spec. */
export interface CommandParameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required: boolean
  type: string
  description: string
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
  body: { required: boolean; description: string } | null
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
