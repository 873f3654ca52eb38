/** Signing without node:crypto (WebCrypto HMAC, @noble/ed25519): for users' tests on any runtime. */
import { signAsync } from '@noble/ed25519'
import { toBase64 } from './bytes'
import { signedContent } from './content'
import type { SignableMessage, SignerOptions, WebhookHeaders } from './signer-types'
import { parseSigningKeys, timestampText } from './signing-input'
import { asBufferSource } from './web-hmac'

/** Async, runtime-neutral form of the Node signer; produces byte-identical headers. */
export async function signWebhookPortable(options: SignerOptions & SignableMessage): Promise<WebhookHeaders> {
  const { seed, secret } = parseSigningKeys(options)
  const timestamp = timestampText(options.timestamp)
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
