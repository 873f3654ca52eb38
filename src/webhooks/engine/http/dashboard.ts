/**
 * Serves the web dashboard (static files built into dist/dashboard/ by `npm run build`) under `/dashboard/`.
 * Nothing is loaded until the first request; then `./dashboard-files` finds the directory next to the running
 * module and reads its files once, kept in memory (and gzipped), served with a strict Content-Security-Policy. The files hold no data:
 * the app signs in with the bearer token and reads everything through the REST API, like any other client.
 */
import { HttpError } from './errors'
import type { Asset } from './dashboard-files'
import type { RequestContext, RouteDefinition } from './router'

/** Everything the app needs comes from this origin; nothing inline, no frames, no third parties. */
const HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // Revalidate every time (cheap: ETag), so a browser never keeps running the app of an older server.
  'Cache-Control': 'no-cache',
}

function acceptsGzip(ctx: RequestContext): boolean {
  const accept = ctx.req.headers['accept-encoding']
  return typeof accept === 'string' && /\bgzip\b/.test(accept)
}

function send(ctx: RequestContext, asset: Asset): void {
  const headers: Record<string, string | number> = { ...HEADERS, 'Content-Type': asset.type, ETag: asset.etag }
  if (asset.gzipped) headers['Vary'] = 'Accept-Encoding'
  if (ctx.req.headers['if-none-match'] === asset.etag) {
    ctx.res.writeHead(304, headers).end()
    return
  }
  const gzip = asset.gzipped !== undefined && acceptsGzip(ctx)
  const body = gzip ? (asset.gzipped as Buffer) : asset.body
  if (gzip) headers['Content-Encoding'] = 'gzip'
  headers['Content-Length'] = body.length
  ctx.res.writeHead(200, headers).end(body)
}

/** Options of {@link dashboardRoutes}. */
export interface DashboardRoutesOptions {
  /** Directory of the built dashboard (default: `dist/dashboard` of the package this module runs from). */
  directory?: string
}

/**
 * The routes of the dashboard: `GET /dashboard` (redirects to `/dashboard/`), `GET /dashboard/` (the app) and
 * `GET /dashboard/{file}`. Open (no bearer token): the files are the same for everyone and hold no data.
 */
export function dashboardRoutes(options: DashboardRoutesOptions = {}): RouteDefinition[] {
  let loading: Promise<Map<string, Asset>> | undefined

  async function assets(): Promise<Map<string, Asset>> {
    loading ??= (async () => {
      const files = await import('./dashboard-files')
      const directory = options.directory ?? (await files.findDashboardDirectory())
      if (!directory || !(await files.isBuiltDashboard(directory))) {
        throw new HttpError(503, 'dashboard_not_built', 'The dashboard files were not found (dist/dashboard); run `npm run build` and restart the server')
      }
      return files.loadAssets(directory)
    })()
    // A failed load is not remembered: the next request looks again (e.g. after a build).
    return loading.catch((error: unknown) => {
      loading = undefined
      throw error
    })
  }

  async function serve(ctx: RequestContext, name: string): Promise<void> {
    const asset = (await assets()).get(name)
    if (!asset) throw new HttpError(404, 'not_found', `The dashboard has no file ${name.slice(0, 100)}`)
    send(ctx, asset)
  }

  return [
    {
      method: 'GET',
      path: '/dashboard',
      auth: false,
      // Relative, so it also works when the server is mounted under a prefix (app.use('/engine', server.handler)).
      handler: () => ({ status: 308, headers: { Location: 'dashboard/' } }),
    },
    { method: 'GET', path: '/dashboard/', auth: false, handler: (ctx) => serve(ctx, 'index.html') },
    { method: 'GET', path: '/dashboard/{file}', auth: false, handler: (ctx) => serve(ctx, ctx.params['file'] as string) },
  ]
}
