import { describe, expect, it } from 'vitest'
import { isFiltered, parseRoute, routeHash, type Route } from '../../src/dashboard/route'

describe('dashboard routes', () => {
  it('round-trip through the location hash', () => {
    const routes: Route[] = [
      { view: 'configs' },
      { view: 'events', configId: 'a/b c', filters: { limit: 25 } },
      { view: 'events', configId: 'c1', filters: { limit: 10, status: 'failed', eventId: 'evt 1', from: '2025-01-01T00:00:00.000Z', to: '2025-01-02T00:00:00.000Z' } },
      { view: 'event', configId: 'c1', eventId: 'e/1' },
    ]
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route)
  })

  it('leave defaults out of the hash', () => {
    expect(routeHash({ view: 'events', configId: 'c1', filters: { limit: 25 } })).toBe('#/configs/c1')
    expect(routeHash({ view: 'events', configId: 'c1', filters: { limit: 10, status: 'skipped' } })).toBe('#/configs/c1?status=skipped&limit=10')
  })

  it('ignore filters the API would refuse, and fall back to the configs list for unknown paths', () => {
    expect(parseRoute('#/configs/c1?status=in_progress&limit=50&from=yesterday')).toEqual({ view: 'events', configId: 'c1', filters: { limit: 25 } })
    expect(parseRoute('#/configs/%E0%A4%A')).toEqual({ view: 'configs' })
    expect(parseRoute('#/nowhere')).toEqual({ view: 'configs' })
    expect(parseRoute('')).toEqual({ view: 'configs' })
    expect(parseRoute('#/configs/c1/events')).toEqual({ view: 'configs' })
  })

  it('tell a narrowed log from a plain one (page size aside)', () => {
    expect(isFiltered({ limit: 25 })).toBe(false)
    expect(isFiltered({ limit: 10, eventId: 'e' })).toBe(true)
  })
})
