/** The route handler called the way Next.js calls it: with a Request. Deliveries are signed by signWebhook. */
import { generateKeyPairSync } from 'node:crypto'
import { signWebhook } from '@epilot/sdk/webhooks/receiver'
import { beforeAll, expect, it, vi } from 'vitest'

const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
})

let POST: (request: Request) => Promise<Response>

beforeAll(async () => {
  process.env.EPILOT_WEBHOOK_PUBLIC_KEY = publicKey // read when the route module loads, as in Next.js
  ;({ POST } = await import('../app/api/webhooks/epilot/route.js'))
})

async function request(body: string, signingKey: string): Promise<Request> {
  const headers = await signWebhook({ id: 'msg_1', timestamp: Math.floor(Date.now() / 1000), body, privateKey: signingKey })
  return new Request('http://localhost/api/webhooks/epilot', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body })
}

it('answers 204 to a signed delivery and runs the handler', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
  const response = await POST(await request(JSON.stringify({ entity: { _id: 'e1' } }), privateKey))
  expect(response.status).toBe(204)
  expect(log).toHaveBeenCalledWith('epilot webhook', 'msg_1', { entity: { _id: 'e1' } })
})

it('answers 401 to a delivery signed with another key', async () => {
  const other = generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey
  const response = await POST(await request('{}', other))
  expect(response.status).toBe(401)
})
