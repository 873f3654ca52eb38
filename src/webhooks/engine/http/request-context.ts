/** The per-request {@link RequestContext}: query, raw body and JSON body are each produced lazily and at most once. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { parseJson, preParsedJson, readRawBody } from './body'
import { EngineError } from '../errors'
import type { RequestContext } from './router'

/** One request's context; created per matched request, cheap until a handler asks for the query or the body. */
export class Context implements RequestContext {
  private queryCache: URLSearchParams | undefined
  private rawCache: Promise<Buffer> | undefined
  private jsonCache: Promise<unknown> | undefined

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly method: string,
    readonly path: string,
    private readonly search: string,
    readonly params: Readonly<Record<string, string>>,
    private readonly bodyLimitBytes: number,
  ) {}

  get query(): URLSearchParams {
    return (this.queryCache ??= new URLSearchParams(this.search))
  }

  rawBody(): Promise<Buffer> {
    return (this.rawCache ??= readRawBody(this.req, this.bodyLimitBytes))
  }

  async json(options?: { required?: boolean }): Promise<unknown> {
    this.jsonCache ??= this.parse()
    const value = await this.jsonCache
    if (value === undefined && options?.required) {
      throw new EngineError('missing_body', 'This operation needs a JSON request body (Content-Type: application/json)')
    }
    return value
  }

  private async parse(): Promise<unknown> {
    const pre = preParsedJson(this.req)
    if (pre.found) return pre.value
    return parseJson(await this.rawBody(), this.req.headers['content-type'])
  }
}
