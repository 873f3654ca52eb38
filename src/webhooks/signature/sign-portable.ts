/** Signing without node:crypto (WebCrypto HMAC, @noble/ed25519): for users' tests on any runtime. */
import { signAsync } from '@noble/ed25519'
import { toBase64 } from './bytes'
import { signedContent } from './content'
import { WebhookSigningError } from './errors'
import { parsePrivateKey, parseSecret } from './keys'
import type { SignableMessage, SignerOptions, WebhookHeaders } from './signer-types'
import { asBufferSource } from './web-hmac'

/** Async, runtime-neutral form of the Node signer; produces byte-identical headers. */
export async function signWebhookPortable(options: SignerOptions & SignableMessage): Promise<WebhookHeaders> {
  const seed = options.privateKey === undefined ? undefined : parsePrivateKey(options.privateKey)
  const secret = options.secret === undefined ? undefined : parseSecret(options.secret)
  if (options.privateKey !== undefined && !seed) {
    throw new WebhookSigningError('invalid_key', 'The private key is not a whsk_ key (base64 of a 32-byte seed) or an Ed25519 PKCS#8 PEM.')
  }
  if (options.secret !== undefined && !secret) throw new WebhookSigningError('invalid_key', 'The secret is empty or a whsec_ value that is not base64.')
  if (!seed && !secret) throw new WebhookSigningError('missing_key', 'Pass privateKey (for v1a) and/or secret (for v1) to sign webhooks.')
  if (!Number.isSafeInteger(options.timestamp) || options.timestamp < 0) {
    throw new TypeError('timestamp must be a non-negative integer number of unix seconds.')
  }
  const timestamp = String(options.timestamp)
  const content = signedContent(options.id, timestamp, options.body)
  const entries: string[] = []
  if (seed) entries.push(`v1a,${toBase64(await signAsync(content, seed))}`)
  if (secret) {
    const key = await crypto.subtle.importKey('raw', asBufferSource(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, asBufferSource(content)))
    entries.push(`${options.hmacVersion ?? 'v1'},${toBase64(mac)}`)
  }
  return { 'webhook-id': options.id, 'webhook-timestamp': timestamp, 'webhook-signature': entries.join(' ') }
}
