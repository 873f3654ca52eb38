/**
 * Signing a delivery without holding the event loop: the Ed25519 `v1a` signature runs on libuv's thread pool
 * (node:crypto's asynchronous `sign`), the HMAC-SHA256 `v1` entry inline while it does — measured cheaper on the
 * event loop than any asynchronous HMAC (WebCrypto's costs several times more). The signed bytes and the body
 * sent are one buffer, so the signature covers exactly the bytes sent and the body is UTF-8 encoded once.
 */
import { createHmac, sign, type KeyObject } from 'node:crypto'
import { parseSigningKeys } from '../../signature/signing-input'

/** What a signed request carries: the Standard Webhooks header values and the exact body bytes. */
export interface SignedBody {
  /** `webhook-timestamp`: unix seconds as text. */
  readonly timestamp: string
  /** `webhook-signature`: `v1a,<base64>`, then `v1,<base64>` (or `v1s,`) when the config has a secret. */
  readonly signature: string
  /** The body to send: the signed bytes after the `${id}.${timestamp}.` prefix. */
  readonly body: Uint8Array
}

/** Signs deliveries with keys prepared once per config revision. */
export interface DeliverySigner {
  /** Signs `${id}.${timestampSeconds}.${body}`; the Ed25519 part runs off the event loop. */
  sign(id: string, timestampSeconds: number, body: string | Uint8Array): Promise<SignedBody>
}

/** The signed content as one buffer, and the body's place in it. */
function contentOf(prefix: string, body: string | Uint8Array): { content: Buffer; bodyStart: number } {
  const bodyStart = Buffer.byteLength(prefix)
  if (typeof body === 'string') {
    const content = Buffer.allocUnsafe(bodyStart + Buffer.byteLength(body))
    content.write(prefix, 0)
    content.write(body, bodyStart)
    return { content, bodyStart }
  }
  const content = Buffer.allocUnsafe(bodyStart + body.byteLength)
  content.write(prefix, 0)
  content.set(body, bodyStart)
  return { content, bodyStart }
}

/**
 * A signer for one config: the engine's Ed25519 key, plus the config's HMAC `secret` (`whsec_…`) when it has one.
 * Throws `WebhookSigningError` when the secret is unreadable.
 * @example
 * const signer = createDeliverySigner(engineKey, 'whsec_…')
 * const { timestamp, signature, body } = await signer.sign('evt_1', Math.floor(Date.now() / 1000), '{"a":1}')
 */
export function createDeliverySigner(privateKey: KeyObject, secret?: string, hmacVersion?: 'v1' | 'v1s'): DeliverySigner {
  const keys = secret === undefined ? undefined : parseSigningKeys({ secret, ...(hmacVersion ? { hmacVersion } : {}) })
  const hmacKey = keys?.secret && Buffer.from(keys.secret)
  const hmacLabel = keys?.hmacLabel ?? 'v1'
  // The timestamp text changes once a second: reuse it in between.
  let lastSeconds = -1
  let lastText = ''
  return {
    sign(id, timestampSeconds, body) {
      if (timestampSeconds !== lastSeconds) {
        lastSeconds = timestampSeconds
        lastText = String(timestampSeconds)
      }
      const timestamp = lastText
      const { content, bodyStart } = contentOf(`${id}.${timestamp}.`, body)
      const sent = content.subarray(bodyStart)
      return new Promise((resolve, reject) => {
        let mac = ''
        // Started first so the thread pool signs while this thread computes the HMAC.
        sign(null, content, privateKey, (error, ed25519) => {
          if (error) return reject(error)
          const v1a = `v1a,${ed25519.toString('base64')}`
          resolve({ timestamp, signature: mac === '' ? v1a : `${v1a} ${mac}`, body: sent })
        })
        if (hmacKey) mac = `${hmacLabel},${createHmac('sha256', hmacKey).update(content).digest('base64')}`
      })
    },
  }
}
