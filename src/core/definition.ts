/** The trimmed OpenAPI document codegen emits for the runtime: routing facts only. */
export interface RuntimeParameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required: boolean
}

/** One operation's routing facts. */
export interface RuntimeOperation {
  operationId: string
  parameters: RuntimeParameter[]
  requestBody?: { required: boolean; content: Record<string, Record<string, never>> }
  /** Present and empty when the operation needs no authorization. */
  security?: never[]
}

/** The routing table of one service: a minimal, valid OpenAPI 3 document. */
export interface RuntimeDefinition {
  openapi: string
  info: { title: string; version: string }
  servers: Array<{ url: string }>
  paths: Record<string, Partial<Record<'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace', RuntimeOperation>>>
}
