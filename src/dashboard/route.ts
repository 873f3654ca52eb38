/**
 * The dashboard's routes live in the URL hash (`#/configs/<id>?status=failed`), so reload, back/forward and links
 * work without server routes. The token never goes here.
 */

/** Status filter values the API's event search accepts. */
export const STATUS_FILTERS = ['succeeded', 'failed', 'skipped'] as const
export type StatusFilter = (typeof STATUS_FILTERS)[number]

/** Page sizes offered (the published API allows 1 to 25). */
export const PAGE_SIZES = [10, 25] as const
export const DEFAULT_PAGE_SIZE = 25

/** Filters of a config's event log. */
export interface LogFilters {
  status?: StatusFilter
  /** Exact event id. */
  eventId?: string
  /** ISO timestamps. */
  from?: string
  to?: string
  limit: number
}

export type Route =
  | { view: 'configs' }
  | { view: 'events'; configId: string; filters: LogFilters }
  | { view: 'event'; configId: string; eventId: string }

function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part)
  } catch {
    return undefined
  }
}

function parseFilters(search: string): LogFilters {
  const q = new URLSearchParams(search)
  const filters: LogFilters = { limit: DEFAULT_PAGE_SIZE }
  const status = q.get('status')
  if (status && (STATUS_FILTERS as readonly string[]).includes(status)) filters.status = status as StatusFilter
  const eventId = q.get('event')?.trim()
  if (eventId) filters.eventId = eventId
  for (const key of ['from', 'to'] as const) {
    const value = q.get(key)
    if (value && !Number.isNaN(Date.parse(value))) filters[key] = value
  }
  const limit = Number(q.get('limit'))
  if (Number.isInteger(limit) && limit >= 1 && limit <= 25) filters.limit = limit
  return filters
}

/** The route of a location hash; anything unknown is the configs list. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '')
  const queryAt = raw.indexOf('?')
  const path = queryAt === -1 ? raw : raw.slice(0, queryAt)
  const search = queryAt === -1 ? '' : raw.slice(queryAt + 1)
  const parts = path.split('/').filter((p) => p !== '')
  if (parts[0] !== 'configs' || parts.length < 2) return { view: 'configs' }
  const configId = decode(parts[1] as string)
  if (configId === undefined) return { view: 'configs' }
  if (parts.length === 2) return { view: 'events', configId, filters: parseFilters(search) }
  if (parts.length === 4 && parts[2] === 'events') {
    const eventId = decode(parts[3] as string)
    if (eventId !== undefined) return { view: 'event', configId, eventId }
  }
  return { view: 'configs' }
}

/** The location hash of a route (filters at their defaults are left out). */
export function routeHash(route: Route): string {
  if (route.view === 'configs') return '#/configs'
  const config = `#/configs/${encodeURIComponent(route.configId)}`
  if (route.view === 'event') return `${config}/events/${encodeURIComponent(route.eventId)}`
  const q = new URLSearchParams()
  const f = route.filters
  if (f.status) q.set('status', f.status)
  if (f.eventId) q.set('event', f.eventId)
  if (f.from) q.set('from', f.from)
  if (f.to) q.set('to', f.to)
  if (f.limit !== DEFAULT_PAGE_SIZE) q.set('limit', String(f.limit))
  const search = q.toString()
  return search ? `${config}?${search}` : config
}

/** Whether any filter narrows the log (page size aside). */
export function isFiltered(f: LogFilters): boolean {
  return Boolean(f.status || f.eventId || f.from || f.to)
}
