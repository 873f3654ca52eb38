/**
 * Signed test deliveries (signWebhook signs the way epilot does) sent through Hono's own `app.request`: no server,
 * no port.
 */
import { generateKeyPairSync } from 'node:crypto'
import { signWebhook } from '@epilot/sdk/webhooks/receiver'
import { expect, it } from 'vitest'
import { createApp } from '../src/app.js'

// A key pair for the test; in production the public key comes from getPublicKey.
const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
})

const received: Array<{ id: string; payload: unknown }> = []
const app = createApp(publicKey, (delivery) => void received.push(delivery))

async function deliver(body: string, signedWith: string): Promise<Response> {
  const headers = await signWebhook({ id: `msg_${received.length}`, timestamp: Math.floor(Date.now() / 1000), body, privateKey: signedWith })
  return app.request('/webhooks/epilot', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body })
}

it('verifies a signed delivery and hands its payload to the handler', async () => {
  const response = await deliver(JSON.stringify({ metadata: { organization_id: '123' }, entity: { _id: 'e1' } }), privateKey)
  expect(response.status).toBe(204)
  expect(received).toEqual([{ id: 'msg_0', payload: { metadata: { organization_id: '123' }, entity: { _id: 'e1' } } }])
})

it('answers 401 when another key signed the delivery', async () => {
  const other = generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey
  const response = await deliver(JSON.stringify({ entity: { _id: 'e2' } }), other)
  expect(response.status).toBe(401)
  expect(received).toHaveLength(1)
})
