import { describe, expect, it } from 'vitest'
import { Router, type RouteDefinition } from '../../../src/webhooks/engine/http/router'

const route = (method: string, path: string): RouteDefinition => ({ method, path, auth: false, handler: () => ({ status: 204 }) })

function table(...routes: RouteDefinition[]): Router {
  const router = new Router()
  for (const r of routes) router.add(r)
  return router
}

describe('router', () => {
  it('matches templates and decodes parameters', () => {
    const router = table(route('GET', '/configs/{configId}/events/{eventId}'))
    const match = router.match('GET', '/configs/a%2Fb/events/e%201')
    expect(match).toMatchObject({ kind: 'found', params: { configId: 'a/b', eventId: 'e 1' } })
  })

  it('lets static segments win over parameters, in any order of adding', () => {
    const router = table(route('GET', '/events/{eventId}'), route('POST', '/events/replay-batch'))
    expect(router.list().map((r) => r.path)).toEqual(['/events/replay-batch', '/events/{eventId}'])
    expect(router.match('POST', '/events/replay-batch')).toMatchObject({ kind: 'found', route: { path: '/events/replay-batch' } })
    expect(router.match('GET', '/events/e1')).toMatchObject({ kind: 'found', params: { eventId: 'e1' } })
  })

  it('answers method_not_allowed with every method of the most specific template', () => {
    const router = table(route('GET', '/inbound/receive'), route('post', '/inbound/receive'), route('PUT', '/inbound/{uuid}'))
    expect(router.match('PUT', '/inbound/receive')).toEqual({ kind: 'method_not_allowed', allow: ['GET', 'POST'] })
    expect(router.match('PUT', '/inbound/abc')).toMatchObject({ kind: 'found', params: { uuid: 'abc' } })
  })

  it('does not match empty parameters, other lengths or malformed encoding', () => {
    const router = table(route('GET', '/configs/{configId}'))
    expect(router.match('GET', '/configs/')).toEqual({ kind: 'not_found' })
    expect(router.match('GET', '/configs/a/b')).toEqual({ kind: 'not_found' })
    expect(router.match('GET', '/configs/%E0%A4%A')).toEqual({ kind: 'bad_path' })
  })

  it('refuses duplicate routes and parameters that do not fill a segment', () => {
    const router = table(route('GET', '/a/{id}'))
    expect(() => router.add(route('GET', '/a/{other}'))).toThrow(/already defined/)
    expect(() => router.add(route('GET', '/a/x{id}'))).toThrow(/whole segment/)
    expect(() => router.add(route('GET', 'a'))).toThrow(/must start with/)
    expect(() => router.add(route('POST', '/a/{id}'))).not.toThrow()
  })
})
