import { expect } from 'vitest'
import { WebhookVerificationError } from '../../../src/webhooks/signature/errors'
import { createSigner, generateSigningKeyPair } from '../../../src/webhooks/signature'

export const NOW_S = 1_700_000_000
export const now = (): number => NOW_S * 1000
export const secret = `whsec_${Buffer.from('receiver-test-secret-0123456789').toString('base64')}`
export const pair = generateSigningKeyPair()
export const otherPair = generateSigningKeyPair()
export const body = JSON.stringify({ event: 'entity.updated', entity: { _id: 'e1', title: 'Grüße' } })

/** Headers for `body` signed at `timestamp` with the test key (v1a) and, optionally, the secret (v1). */
export function signed(options: { id?: string; timestamp?: number; payload?: string; withSecret?: boolean; privateKey?: string } = {}) {
  const signer = createSigner({ privateKey: options.privateKey ?? pair.privateKey, ...(options.withSecret ? { secret } : {}) })
  return signer.sign({ id: options.id ?? 'msg_1', timestamp: options.timestamp ?? NOW_S, body: options.payload ?? body })
}

/** The code of the WebhookVerificationError a verification rejects with, or 'ok'. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
    return 'ok'
  } catch (err) {
    expect(err).toBeInstanceOf(WebhookVerificationError)
    return (err as WebhookVerificationError).code
  }
}
