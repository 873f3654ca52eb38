/**
 * Serving the dashboard's static files from the engine's HTTP server: off unless asked for, open (no token:
 * the files hold no data), strict headers, gzip and ETags, nothing outside the built directory, a clear error
 * when it was never built, and no cost to engine users who leave it off.
 */
import type { Metafile } from 'esbuild'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dashboardRoutes } from '../../src/webhooks/engine/http/dashboard'
import { findDashboardDirectory } from '../../src/webhooks/engine/http/dashboard-files'
import { createWebhooksServer, type WebhooksServer } from '../../src/webhooks/engine/http/server'
import { createFakeEngine } from '../webhooks/engine/server-fake'

const root = resolve(__dirname, '..', '..')
const APP_JS = `console.log("dashboard");${' '.repeat(2000)}`

let temp: string
let built: string
beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'dashboard-serve-'))
  built = join(temp, 'pkg', 'dist', 'dashboard')
  await mkdir(built, { recursive: true })
  await writeFile(join(temp, 'pkg', 'package.json'), '{}')
  await writeFile(join(built, 'index.html'), '<!doctype html><title>t</title>')
  await writeFile(join(built, 'app.js'), APP_JS)
  await writeFile(join(built, 'styles.css'), 'body{}')
  await writeFile(join(built, 'notes.txt'), 'not served: unknown type')
})
afterAll(() => rm(temp, { recursive: true, force: true }))

async function started(setup: (server: WebhooksServer) => void, options: { dashboard?: boolean } = {}): Promise<{ url: string; close(): Promise<void> }> {
  const server = createWebhooksServer(createFakeEngine(), { tokens: ['t'], ...options })
  setup(server)
  const { url } = await server.listen()
  return { url, close: () => server.close() }
}

function withBuilt(directory: string) {
  return (server: WebhooksServer): void => {
    for (const route of dashboardRoutes({ directory })) server.addRoute(route.method, route.path, route.handler, { auth: route.auth })
  }
}

describe('the dashboard routes', () => {
  it('are not there unless the server is created with dashboard: true', async () => {
    const off = await started(() => undefined)
    try {
      expect((await fetch(`${off.url}/dashboard/`)).status).toBe(404)
    } finally {
      await off.close()
    }
    const on = createWebhooksServer(createFakeEngine(), { dashboard: true })
    const rows = on.routes().filter((r) => r.path.startsWith('/dashboard')).map((r) => `${r.method} ${r.path} auth=${r.auth}`)
    expect(rows.sort()).toEqual(['GET /dashboard auth=false', 'GET /dashboard/ auth=false', 'GET /dashboard/{file} auth=false'])
  })

  it('serve the app without a token, with a strict Content-Security-Policy; the API still needs one', async () => {
    const server = await started(withBuilt(built))
    try {
      const redirect = await fetch(`${server.url}/dashboard`, { redirect: 'manual' })
      expect(redirect.status).toBe(308)
      expect(new URL(redirect.headers.get('location') as string, `${server.url}/dashboard`).pathname).toBe('/dashboard/')
      const page = await fetch(`${server.url}/dashboard/`)
      expect(page.status).toBe(200)
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      expect(page.headers.get('x-frame-options')).toBe('DENY')
      expect(await page.text()).toBe('<!doctype html><title>t</title>')
      const css = await fetch(`${server.url}/dashboard/styles.css`)
      expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8')
      expect((await fetch(`${server.url}/v1/webhooks/configs`)).status).toBe(401)
    } finally {
      await server.close()
    }
  })

  it('send gzip to clients that accept it, and 304 for a file the client has', async () => {
    const server = await started(withBuilt(built))
    try {
      const { request } = await import('node:http')
      const get = (headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> =>
        new Promise((done, fail) => {
          request(`${server.url}/dashboard/app.js`, { headers }, (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
          })
            .on('error', fail)
            .end()
        })
      const gz = await get({ 'accept-encoding': 'gzip, br' })
      expect(gz.headers['content-encoding']).toBe('gzip')
      expect(gz.headers['content-type']).toBe('text/javascript; charset=utf-8')
      expect(gunzipSync(gz.body).toString()).toBe(APP_JS)
      expect(gz.body.length).toBeLessThan(APP_JS.length)
      const plain = await get({})
      expect(plain.headers['content-encoding']).toBeUndefined()
      expect(plain.body.toString()).toBe(APP_JS)
      const again = await get({ 'if-none-match': String(plain.headers['etag']) })
      expect(again.status).toBe(304)
      expect(again.body.length).toBe(0)
    } finally {
      await server.close()
    }
  })

  it('serve nothing but the known files of the built directory', async () => {
    const server = await started(withBuilt(built))
    try {
      for (const path of ['/dashboard/notes.txt', '/dashboard/..%2Fpackage.json', '/dashboard/..%2F..%2Fpackage.json', '/dashboard/missing.js']) {
        const response = await fetch(`${server.url}${path}`)
        expect(response.status, path).toBe(404)
        expect(await response.json()).toMatchObject({ code: 'not_found' })
      }
      expect((await fetch(`${server.url}/dashboard/nested/app.js`)).status).toBe(404)
    } finally {
      await server.close()
    }
  })

  it('say to build the package when the dashboard was never built, and find it once it is', async () => {
    const later = join(temp, 'later')
    const server = await started(withBuilt(later))
    try {
      const missing = await fetch(`${server.url}/dashboard/`)
      expect(missing.status).toBe(503)
      expect(await missing.json()).toEqual({ code: 'dashboard_not_built', message: expect.stringContaining('npm run build') })
      await mkdir(later, { recursive: true })
      await writeFile(join(later, 'index.html'), 'now built')
      await writeFile(join(later, 'app.js'), '')
      expect(await (await fetch(`${server.url}/dashboard/`)).text()).toBe('now built')
    } finally {
      await server.close()
    }
  })
})

describe('finding the built dashboard', () => {
  it('looks in dist/dashboard of the package the module runs from, and no further up', async () => {
    const deep = join(temp, 'pkg', 'dist', 'webhooks', 'engine')
    await mkdir(deep, { recursive: true })
    expect(await findDashboardDirectory(deep)).toBe(built)
    expect(await findDashboardDirectory(join(temp, 'pkg', 'src', 'webhooks'))).toBe(built)
    // Another package without a built dashboard does not pick up one further up the tree.
    const other = join(temp, 'pkg', 'node_modules', 'other')
    await mkdir(join(other, 'lib'), { recursive: true })
    await writeFile(join(other, 'package.json'), '{}')
    expect(await findDashboardDirectory(join(other, 'lib'))).toBeUndefined()
  })

  it('finds this repository’s build from the source tree', async () => {
    const expected = existsSync(join(root, 'dist', 'dashboard', 'app.js')) ? join(root, 'dist', 'dashboard') : undefined
    expect(await findDashboardDirectory()).toBe(expected)
  })
})

describe('engine users who leave the dashboard off', () => {
  it('never load the file reader: the engine entry reaches it only through a dynamic import', () => {
    const metaPath = join(root, 'dist', 'metafile-esm.json')
    if (!existsSync(metaPath)) throw new Error('dist/ is missing: run `npm run build` first (npm test does)')
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Metafile
    const holder = Object.entries(meta.outputs).find(([, o]) => Object.keys(o.inputs).includes('src/webhooks/engine/http/dashboard-files.ts'))?.[0]
    expect(holder).toBeDefined()
    const reached = (kinds: string[]): Set<string> => {
      const seen = new Set<string>()
      const walk = (file: string): void => {
        if (seen.has(file)) return
        seen.add(file)
        for (const i of meta.outputs[file]?.imports ?? []) if (kinds.includes(i.kind) && !i.external) walk(i.path)
      }
      walk('dist/webhooks/engine/index.js')
      return seen
    }
    expect(reached(['import-statement'])).not.toContain(holder)
    expect(reached(['import-statement', 'dynamic-import'])).toContain(holder)
  })
})
