/**
 * Signing a delivery without holding the event loop: the Ed25519 `v1a` signature and the HMAC-SHA256 `v1` entry
 * are computed on the signing thread (signing-thread.ts), batched with the other signatures of the same turn of
 * the event loop. The signed bytes and the body sent are one buffer, so the signature covers exactly the bytes
 * sent and the body is UTF-8 encoded once.
 */
import { parseSigningKeys } from '../../signature/signing-input'
import { signingThread, type SigningThread } from './signing-thread'

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
  /** Signs `${id}.${timestampSeconds}.${body}` off the event loop. */
  sign(id: string, timestampSeconds: number, body: string | Uint8Array): Promise<SignedBody>
}

/** The signed content, `prefix` then the body, as one buffer. */
function contentOf(prefix: string, prefixLength: number, body: string | Uint8Array): Buffer {
  if (typeof body === 'string') {
    const content = Buffer.allocUnsafe(prefixLength + Buffer.byteLength(body))
    content.write(prefix, 0)
    content.write(body, prefixLength)
    return content
  }
  const content = Buffer.allocUnsafe(prefixLength + body.byteLength)
  content.write(prefix, 0)
  content.set(body, prefixLength)
  return content
}

/**
 * A signer for one config: the engine's Ed25519 key (PKCS#8 DER), plus the config's HMAC `secret` (`whsec_…`)
 * when it has one. Throws `WebhookSigningError` when the secret is unreadable.
 * @example
 * const signer = createDeliverySigner(engineKey.pkcs8, 'whsec_…')
 * const { timestamp, signature, body } = await signer.sign('evt_1', Math.floor(Date.now() / 1000), '{"a":1}')
 */
export function createDeliverySigner(pkcs8: Uint8Array, secret?: string, hmacVersion?: 'v1' | 'v1s', thread: SigningThread = signingThread()): DeliverySigner {
  const keys = secret === undefined ? undefined : parseSigningKeys({ secret, ...(hmacVersion ? { hmacVersion } : {}) })
  const hmacKey = keys?.secret && Buffer.from(keys.secret)
  const hmacPrefix = ` ${keys?.hmacLabel ?? 'v1'},`
  // The timestamp text changes once a second: reuse it in between.
  let lastSeconds = -1
  let lastText = ''
  return {
    async sign(id, timestampSeconds, body) {
      if (timestampSeconds !== lastSeconds) {
        lastSeconds = timestampSeconds
        lastText = String(timestampSeconds)
      }
      const timestamp = lastText
      const prefix = `${id}.${timestamp}.`
      const prefixLength = Buffer.byteLength(prefix)
      const content = contentOf(prefix, prefixLength, body)
      const batch = thread.batch()
      const at = batch.add(pkcs8, hmacKey, content)
      await batch.done
      const v1a = `v1a,${batch.ed[at] as string}`
      return { timestamp, signature: hmacKey ? v1a + hmacPrefix + (batch.mac[at] as string) : v1a, body: content.subarray(prefixLength) }
    },
  }
}
