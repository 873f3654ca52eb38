/**
 * The portable build (WebCrypto, noble where WebCrypto lacks Ed25519) on its own: createVerifier, the
 * middleware and signWebhook, checked against the Node build and node:crypto.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import * as portable from '../../../src/webhooks/receiver/index'
import * as node from '../../../src/webhooks/receiver/node'
import { body, now, NOW_S, otherPair, pair, secret } from './helpers'

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

describe('portable build', () => {
  it('signWebhook signs v1a (noble) and v1 (WebCrypto) byte-for-byte like the Node signer', async () => {
    const message = { id: 'msg_portable', timestamp: NOW_S, body }
    const headers = await portable.signWebhook({ ...message, privateKey: pair.privateKey, secret })
    expect(headers).toEqual(await node.signWebhook({ ...message, privateKey: pair.privateKey, secret }))
    expect(headers['webhook-signature']).toMatch(/^v1a,\S{88} v1,\S{44}$/)
    expect(await node.verifyWebhook({ body, headers, publicKey: pair.publicKey, now })).toEqual(JSON.parse(body))
  })

  it('createVerifier verifies, reports id/timestamp/version, rotates keys and rejects forgeries', async () => {
    const verifier = portable.createVerifier<{ event: string }>({ publicKeys: [otherPair.publicKey, pair.publicKeyPem], secret, now })
    const headers = await portable.signWebhook({ id: 'msg_p1', timestamp: NOW_S, body, privateKey: pair.privateKey })
    expect(await verifier.verifyDelivery({ body, headers })).toEqual({ payload: JSON.parse(body), id: 'msg_p1', timestamp: NOW_S, version: 'v1a' })
    const hmacOnly = await portable.signWebhook({ id: 'msg_p2', timestamp: NOW_S, body, secret })
    expect((await verifier.verifyDelivery({ body: new TextEncoder().encode(body), headers: hmacOnly })).version).toBe('v1')
    await expect(verifier.verify({ body: `${body} `, headers })).rejects.toMatchObject({ code: 'no_matching_signature', status: 401 })
    const raw = portable.createVerifier({ secret, now, parse: false })
    expect(await raw.verify({ body: 'not json', headers: await portable.signWebhook({ id: 'm', timestamp: NOW_S, body: 'not json', secret }) })).toBe('not json')
  })

  it('createNodeHandler and createExpressMiddleware work on the portable build', async () => {
    const seen: string[] = []
    const server = createServer(portable.createNodeHandler({ secret, now }, (delivery) => void seen.push(delivery.id)))
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    const headers = await portable.signWebhook({ id: 'msg_node_handler', timestamp: NOW_S, body, secret })
    expect((await fetch(url, { method: 'POST', body, headers })).status).toBe(204)
    expect((await fetch(url, { method: 'POST', body: `${body} `, headers })).status).toBe(401)
    expect(seen).toEqual(['msg_node_handler'])
  })

  it('exports exactly the Node build\'s names', () => {
    expect(Object.keys(portable).sort()).toEqual(Object.keys(node).sort())
  })
})
