/**
 * The web dashboard: its gzipped weight (HTML + JS + CSS) against the SDK's browser client alone, and its time to
 * first render of a 1,000-event log in headless Chromium against two floors rendered in the same browser, in
 * interleaved rounds (median of per-round ratios):
 * - static: the same rows as a plain server-rendered HTML table (same stylesheet, no script);
 * - fetch: a page that makes the same API call with bare `fetch` and writes the rows with innerHTML.
 * The log holds 1,000 delivered events; the view shows the newest 100 (the API's page limit), as do the floors.
 * Run after `npm run build`; the render part is skipped (one line) where /usr/bin/chromium is absent.
 */
import { existsSync, readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser } from 'playwright-core'
import { TOKEN_KEY } from '../src/dashboard/session'
import { createEngine } from '../src/webhooks/engine'
import type { WebhookEventRecord } from '../src/webhooks/engine/api'
import { createWebhooksServer } from '../src/webhooks/engine/http/server'
import { bundleSize } from './size'

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..')
const dashboardDir = join(root, 'dist', 'dashboard')
const CHROMIUM = '/usr/bin/chromium'
const EVENTS = 1000
const SHOWN = 100
const ROUNDS = 7
const TOKEN = 'bench-token'

const gz = (bytes: Uint8Array | string): number => gzipSync(bytes, { level: 9 }).length
const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

async function clientFloorGzip(): Promise<number> {
  const code = `import { createClient } from ${JSON.stringify(join(root, 'dist/webhooks/index.js'))}\ncreateClient({ baseURL: location.origin, token: 't' }).getConfigs()`
  return (await bundleSize('client floor', code)).gzipBytes
}

async function weight(): Promise<void> {
  const files = ['index.html', 'app.js', 'styles.css'].map((name) => ({ name, gzip: gz(readFileSync(join(dashboardDir, name))) }))
  const total = files.reduce((sum, f) => sum + f.gzip, 0)
  const floor = await clientFloorGzip()
  console.log('\nDashboard weight (gzip -9) vs the floor: @epilot/sdk/webhooks client alone (createClient + one call), minified for browsers')
  for (const f of files) console.log(`  ${f.name.padEnd(12)} ${kb(f.gzip).padStart(9)}`)
  console.log(`  ${'total'.padEnd(12)} ${kb(total).padStart(9)}   floor ${kb(floor)}   ${(total / floor).toFixed(2)}x  (UI on top of the client: ${kb(total - floor)})`)
}

const escape = (s: unknown): string => String(s ?? '').replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)

function staticTable(rows: WebhookEventRecord[]): string {
  const format = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'medium' })
  const body = rows
    .map(
      (e) =>
        `<tr><td><input type="checkbox"></td><td><span class="chip chip-ok">${escape(e.status)}</span></td><td><a href="#"><code>${escape(e.event_id)}</code></a></td><td><code>${escape(e.event_name)}</code></td><td><time>${escape(format.format(new Date(e.created_at as string)))}</time></td><td class="num">${escape(e.attempts)}</td><td>${escape(e.http_response?.status_code)}</td></tr>`,
    )
    .join('')
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/dashboard/styles.css"></head><body><main><table class="events"><thead><tr><th></th><th>Status</th><th>Event id</th><th>Event</th><th>Created</th><th>Attempts</th><th>Response</th></tr></thead><tbody>${body}</tbody></table></main></body></html>`
}

function fetchPage(configId: string): string {
  const script = `
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => '&#' + c.charCodeAt(0) + ';')
const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })
fetch('/v2/webhooks/configs/${configId}/events', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + sessionStorage.getItem('${TOKEN_KEY}') }, body: JSON.stringify({ limit: ${SHOWN} }) })
  .then((r) => r.json())
  .then((page) => {
    document.querySelector('tbody').innerHTML = page.data.map((e) => '<tr><td><input type="checkbox"></td><td><span class="chip chip-ok">' + esc(e.status) + '</span></td><td><a href="#"><code>' + esc(e.event_id) + '</code></a></td><td><code>' + esc(e.event_name) + '</code></td><td><time>' + esc(format.format(new Date(e.created_at))) + '</time></td><td class="num">' + esc(e.attempts) + '</td><td>' + esc(e.http_response && e.http_response.status_code) + '</td></tr>').join('')
  })`
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/dashboard/styles.css"></head><body><main><table class="events"><thead><tr><th></th><th>Status</th><th>Event id</th><th>Event</th><th>Created</th><th>Attempts</th><th>Response</th></tr></thead><tbody></tbody></table></main><script>${script}</script></body></html>`
}

/**
 * Records (on window.__rendered) the time of the first frame after the page shows `count` event rows.
 * A string, not a function: tsx would add its name helpers to a function's source, which the page lacks.
 */
const watchRows = (count: number): string => `
new MutationObserver((records, observer) => {
  if (document.querySelectorAll('table.events tbody tr').length < ${count}) return
  observer.disconnect()
  requestAnimationFrame(() => { window.__rendered = performance.now() })
}).observe(document, { childList: true, subtree: true })`

async function render(): Promise<void> {
  const receiver = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()))
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done))
  const engine = createEngine()
  const server = createWebhooksServer(engine, { tokens: [TOKEN], dashboard: true })
  let browser: Browser | undefined
  try {
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
    const config = await engine.createConfig({ name: 'bench', eventName: 'customer_request_created', url: hook, httpMethod: 'POST' })
    const configId = config.id as string
    for (let i = 0; i < EVENTS; i++) {
      await engine.emit('customer_request_created', { entity: { _id: `req-${i}`, _title: `Request ${i}`, amount: i } }, { organization_id: 'org-1' })
    }
    await engine.idle()
    const { data } = await engine.searchEvents(configId, { limit: SHOWN })
    const staticHtml = staticTable(data)
    const fetchHtml = fetchPage(configId)
    server.addRoute('GET', '/bench/static', ({ res }) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(staticHtml), { auth: false })
    server.addRoute('GET', '/bench/fetch', ({ res }) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(fetchHtml), { auth: false })
    const { url } = await server.listen()

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    await context.addInitScript(`sessionStorage.setItem(${JSON.stringify(TOKEN_KEY)}, ${JSON.stringify(TOKEN)})`)
    await context.addInitScript(watchRows(SHOWN))
    const targets = {
      static: `${url}/bench/static`,
      fetch: `${url}/bench/fetch`,
      dashboard: `${url}/dashboard/#/configs/${encodeURIComponent(configId)}?limit=${SHOWN}`,
    }
    type Target = keyof typeof targets
    const measure = async (target: Target): Promise<number> => {
      const page = await context.newPage()
      try {
        await page.goto(targets[target])
        // Anonymous arrows (no tsx name helpers); functions, not strings, which the dashboard's CSP would refuse to eval.
        await page.waitForFunction(() => (window as unknown as { __rendered?: number }).__rendered !== undefined, undefined, { timeout: 30_000 })
        return await page.evaluate(() => (window as unknown as { __rendered: number }).__rendered)
      } finally {
        await page.close()
      }
    }
    for (const target of Object.keys(targets) as Target[]) await measure(target) // warm-up: caches, JIT
    const times: Record<Target, number[]> = { static: [], fetch: [], dashboard: [] }
    const ratios = { static: [] as number[], fetch: [] as number[] }
    const orders: Target[][] = [
      ['static', 'fetch', 'dashboard'],
      ['dashboard', 'static', 'fetch'],
      ['fetch', 'dashboard', 'static'],
    ]
    for (let round = 0; round < ROUNDS; round++) {
      const got = {} as Record<Target, number>
      for (const target of orders[round % orders.length] as Target[]) got[target] = await measure(target)
      for (const target of Object.keys(got) as Target[]) times[target].push(got[target])
      ratios.static.push(got.dashboard / got.static)
      ratios.fetch.push(got.dashboard / got.fetch)
    }
    const ms = (t: Target): string => `${median(times[t]).toFixed(0)} ms`
    console.log(`\nTime to first render of a ${EVENTS.toLocaleString('en-US')}-event log (newest ${SHOWN} rows), headless Chromium, ${ROUNDS} interleaved rounds; median of per-round ratios`)
    console.log(`  floor static  (plain HTML table, no script)       ${ms('static').padStart(8)}`)
    console.log(`  floor fetch   (same API call, fetch + innerHTML)   ${ms('fetch').padStart(8)}`)
    console.log(`  dashboard     (SDK client + Preact)               ${ms('dashboard').padStart(8)}   ${median(ratios.static).toFixed(2)}x static   ${median(ratios.fetch).toFixed(2)}x fetch`)
  } finally {
    await browser?.close()
    await server.close()
    await engine.close()
    await new Promise<void>((done) => receiver.close(() => done()))
  }
}

export async function main(): Promise<void> {
  if (!existsSync(join(dashboardDir, 'app.js'))) throw new Error('dist/dashboard is missing: run `npm run build` first')
  await weight()
  if (!existsSync(CHROMIUM)) {
    console.log(`\nTime to first render: skipped (${CHROMIUM} not found; apt-get install -y chromium)`)
    return
  }
  await render()
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  await main()
}
