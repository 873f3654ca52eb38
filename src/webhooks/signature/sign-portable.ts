/** Signing without node:crypto (WebCrypto HMAC, @noble/ed25519): for users' tests on any runtime. */
import { signAsync } from '@noble/ed25519'
import { toBase64 } from './bytes'
import { signedBytes } from './content'
import type { SignableMessage, SignerOptions, WebhookHeaders } from './signer-types'
import { parseSigningKeys, signingInput } from './signing-input'
import { asBufferSource } from './web-hmac'

/** Async, runtime-neutral form of the Node signer; produces byte-identical headers. */
export async function signWebhookPortable(options: SignerOptions & SignableMessage): Promise<WebhookHeaders> {
  const { seed, secret, hmacLabel } = parseSigningKeys(options)
  const { timestamp, content } = signingInput(options)
  const bytes = signedBytes(content)
  const entries: string[] = []
  if (seed) entries.push(`v1a,${toBase64(await signAsync(bytes, seed))}`)
  if (secret) {
    const key = await crypto.subtle.importKey('raw', asBufferSource(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, asBufferSource(bytes)))
    entries.push(`${hmacLabel},${toBase64(mac)}`)
  }
  return { 'webhook-id': options.id, 'webhook-timestamp': timestamp, 'webhook-signature': entries.join(' ') }
}
