import { WebhookVerificationError } from '../signature/errors'
import { readNodeBody, type NodeRequestLike } from './read-body'
import { byteLength, tooLarge } from './respond'
import type { WebhookBody } from './types'

/** A Node/Connect request, possibly with a `body` a raw-body parser put there. */
export interface RequestWithBody extends NodeRequestLike {
  body?: unknown
}

function isEmptyPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype && Object.keys(value).length === 0
}

/**
 * The raw body of a Node request: the Buffer/string a raw-body parser left in `req.body` (e.g. express.raw()),
 * or else the unread stream. A parsed object in `req.body` is a misconfiguration and fails with a message.
 */
export async function rawNodeBody(req: RequestWithBody, limit: number): Promise<WebhookBody> {
  const body = req.body
  const streamUnread = req.readableEnded !== true && req.readable !== false
  // body-parser sets `req.body = {}` when its content type did not match; the stream is then still unread.
  if (body === undefined || (isEmptyPlainObject(body) && streamUnread)) return readNodeBody(req, limit)
  const size = byteLength(body)
  if (size === undefined) {
    throw new WebhookVerificationError(
      'invalid_body',
      'req.body was already parsed (e.g. by express.json()), so the signature cannot be checked. Mount express.raw({ type: "application/json", limit: "1mb" }) ' +
        'for the webhook route, before any JSON parser.',
      { status: 500 },
    )
  }
  if (size > limit) throw tooLarge(limit)
  return body as WebhookBody
}
