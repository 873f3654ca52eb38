/** What both signers (Node and portable) check before signing: the key material and the message. */
import type { SignedContent } from './backend'
import { signedContent } from './content'
import { kindOf, WebhookSigningError } from './errors'
import { parsePrivateKey, parseSecret, secretProblemMessage } from './keys'
import type { SignableMessage, SignerOptions } from './signer-types'

/** Raw key bytes to sign with: the Ed25519 seed for `v1a`, the HMAC key for `v1`/`v1s`; at least one is set. */
interface SigningKeyBytes {
  seed?: Uint8Array
  secret?: Uint8Array
  /** Label of the HMAC entry. */
  hmacLabel: 'v1' | 'v1s'
}

/** The key text of an option: undefined when absent (or null); `invalid_key` when it is not a string. */
function keyText(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new WebhookSigningError('invalid_key', `${name} must be a string (got ${kindOf(value)}).`)
  return value
}

/** Parses the signer's keys, throwing `WebhookSigningError` (without echoing the key) when one is unreadable or none is given. */
export function parseSigningKeys(options: SignerOptions): SigningKeyBytes {
  if (typeof options !== 'object' || options === null) {
    throw new WebhookSigningError('missing_key', 'Pass { privateKey } (for v1a) and/or { secret } (for v1) to sign webhooks.')
  }
  const hmacLabel = options.hmacVersion ?? 'v1'
  if (hmacLabel !== 'v1' && hmacLabel !== 'v1s') throw new WebhookSigningError('invalid_key', "hmacVersion must be 'v1' or 'v1s'.")
  const keys: SigningKeyBytes = { hmacLabel }
  const privateKey = keyText(options.privateKey, 'privateKey')
  if (privateKey !== undefined) {
    const seed = parsePrivateKey(privateKey)
    if (!seed) {
      throw new WebhookSigningError('invalid_key', 'The private key is not a whsk_ key (base64 of a 32-byte seed) or an Ed25519 PKCS#8 PEM.')
    }
    keys.seed = seed
  }
  const secretText = keyText(options.secret, 'secret')
  if (secretText !== undefined) {
    const secret = parseSecret(secretText)
    if (typeof secret === 'string') throw new WebhookSigningError('invalid_key', secretProblemMessage('The secret', secret))
    keys.secret = secret
  }
  if (!keys.seed && !keys.secret) {
    throw new WebhookSigningError('missing_key', 'Pass privateKey (for v1a) and/or secret (for v1) to sign webhooks.')
  }
  return keys
}

function invalidMessage(message: string): WebhookSigningError {
  return new WebhookSigningError('invalid_message', message)
}

/**
 * The signed content and `webhook-timestamp` text of a message; `invalid_message` unless the id is a non-empty
 * string, the timestamp a non-negative integer of unix seconds and the body a string or bytes.
 */
export function signingInput(message: SignableMessage): { timestamp: string; content: SignedContent } {
  const { id, timestamp, body } = message
  if (typeof id !== 'string' || id === '') throw invalidMessage(`The message id must be a non-empty string (got ${kindOf(id)}).`)
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw invalidMessage(`The timestamp must be a non-negative integer number of unix seconds (got ${typeof timestamp === 'number' ? timestamp : kindOf(timestamp)}).`)
  }
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw invalidMessage(`The body must be the raw body as a string or bytes (got ${kindOf(body)}); JSON.stringify a payload object first.`)
  }
  const text = String(timestamp)
  return { timestamp: text, content: signedContent(id, text, body) }
}
