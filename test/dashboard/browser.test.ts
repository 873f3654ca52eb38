/**
 * The dashboard in a real browser (Debian's Chromium via playwright-core) against the real engine and server:
 * sign in, watch events arrive, open one, replay, batch replay, test event, enable/disable, keyboard, narrow
 * window; and the reference engine's extra fields rendered from a recorded event. Screenshots of every view go
 * to test-results/ on every run.
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { buildDashboard } from '../../src/dashboard/build'
import type { DashboardEvent } from '../../src/dashboard/model'
import { TOKEN_KEY } from '../../src/dashboard/session'
import { createClient } from '../../src/webhooks'
import { createEngine } from '../../src/webhooks/engine/engine'
import type { WebhookEngine } from '../../src/webhooks/engine/api'
import { createWebhooksServer, type WebhooksServer } from '../../src/webhooks/engine/http/server'
import { startReceiver, type Receiver } from '../webhooks/engine/helpers/receiver'
import { chromiumMissing, launchChromium, screenshot } from './chromium'
import { RECORDED_CONFIG, RECORDED_EVENT, recordedEngine } from './fixtures'

const missing = chromiumMissing()
if (missing) console.warn(`SKIPPED dashboard browser tests: ${missing}`)

const TOKEN = `dash-${randomBytes(12).toString('hex')}`
const WAIT = { timeout: 10_000 }
const root = resolve(__dirname, '..', '..')

/** Collapses the narrow no-break spaces some ICU versions put in formatted times. */
const normal = (text: string | null): string => (text ?? '').replace(/\s+/g, ' ').trim()

interface Running {
  url: string
  server: WebhooksServer
  engine: WebhookEngine
}

async function serve(engine: WebhookEngine): Promise<Running> {
  const server = createWebhooksServer(engine, { tokens: [TOKEN], dashboard: true })
  const { url } = await server.listen()
  return { url, server, engine }
}

// A browser on a shared machine can be slow to start and to render: generous limits, no timed assertions.
describe.skipIf(missing !== undefined)('the dashboard in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser
  let context: BrowserContext
  let page: Page
  const requestedUrls: string[] = []
  const consoleLines: string[] = []

  beforeAll(async () => {
    // `npm test` builds first; a bare `vitest run` after `npm run build` of the package only needs the dashboard.
    if (!existsSync(resolve(root, 'dist/dashboard/app.js'))) await buildDashboard()
    browser = await launchChromium()
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
  })

  async function openPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
    context = await browser.newContext({ viewport, timezoneId: 'America/New_York', locale: 'en-US' })
    page = await context.newPage()
    page.on('request', (request) => requestedUrls.push(request.url()))
    page.on('console', (message) => consoleLines.push(message.text()))
    page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`))
    return page
  }
  afterEach(async () => {
    await context?.close()
    // The token is never part of a URL the page requests, nor of anything it logs.
    expect(requestedUrls.filter((u) => u.includes(TOKEN))).toEqual([])
    expect(consoleLines.filter((l) => l.includes(TOKEN))).toEqual([])
    expect(consoleLines.filter((l) => l.startsWith('pageerror'))).toEqual([])
    requestedUrls.length = 0
    consoleLines.length = 0
  })

  async function signIn(url: string, token = TOKEN): Promise<void> {
    await page.goto(`${url}/dashboard/`)
    await page.getByLabel('Bearer token').fill(token)
    await page.getByRole('button', { name: 'Sign in' }).click()
  }

  describe('against the real engine', () => {
    let running: Running
    let receiver: Receiver
    beforeAll(async () => {
      receiver = await startReceiver()
      running = await serve(createEngine())
    })
    afterAll(async () => {
      await running.server.close()
      await running.engine.close()
      await receiver.close()
    })

    it('refuses a wrong token and keeps nothing', async () => {
      await openPage()
      await signIn(running.url, 'not-the-token')
      const alert = page.getByRole('alert')
      await alert.waitFor(WAIT)
      expect(await alert.textContent()).toContain('The server refused this token')
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0)
      expect(page.url()).not.toContain('not-the-token')
      await screenshot(page, 'sign-in-refused')
    })

    it('signs in, shows events live, opens one, replays it and shows the new attempt', async () => {
      const client = createClient({ baseURL: running.url, token: TOKEN })
      const signingSecret = `whsec_${randomBytes(32).toString('base64')}`
      const { data: config } = await client.createConfig(null, {
        name: 'CRM sync',
        eventName: 'customer_request_created',
        url: `${receiver.url}/hooks`,
        httpMethod: 'POST',
        enabled: true,
        signingSecret,
      })
      const configId = config.id as string

      await openPage()
      await page.goto(`${running.url}/dashboard/`)
      await screenshot(page, 'sign-in')
      await signIn(running.url)
      await page.getByRole('heading', { name: 'Webhook configs', exact: true }).waitFor(WAIT)
      expect(await page.evaluate(() => sessionStorage.length)).toBe(1)
      const row = page.getByRole('row', { name: /CRM sync/ })
      await row.waitFor(WAIT)
      expect(normal(await row.textContent())).toContain('customer_request_created')
      expect(await row.getByText('active', { exact: true }).count()).toBe(1)
      await screenshot(page, 'configs')

      await row.getByRole('link', { name: 'CRM sync' }).click()
      await page.getByRole('heading', { name: 'CRM sync' }).waitFor(WAIT)
      await page.getByText('No events yet').waitFor(WAIT)
      await screenshot(page, 'event-log-empty')

      // Emitted while the page is open: they appear without a reload.
      for (const id of ['req-1', 'req-2', 'req-3']) {
        await running.engine.emit('customer_request_created', { entity: { _id: id, _title: `Request ${id}` } }, { organization_id: 'org-1' })
      }
      await running.engine.idle()
      const rows = page.locator('table.events tbody tr')
      await expect.poll(() => rows.count(), WAIT).toBe(3)
      await expect.poll(async () => normal(await rows.allTextContents().then((t) => t.join('|'))), WAIT).not.toContain('in_progress')
      expect(await page.locator('table.events tbody .chip-ok').count()).toBe(3)
      expect(await page.locator('.table-wrap').evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0)
      await screenshot(page, 'event-log')

      // The newest first: req-3. Keyboard: focus its link, ↓ moves to the next row, Enter opens it.
      const { data: page1 } = await client.getWebhookEventsV2({ configId }, { limit: 10 })
      const [newest, second] = page1.data ?? []
      const links = page.locator('a.event-link')
      await links.first().focus()
      await page.keyboard.press('ArrowDown')
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(second?.event_id)
      await page.keyboard.press('ArrowUp')
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(newest?.event_id)
      await page.keyboard.press('Enter')
      await page.getByRole('heading', { name: `Event ${newest?.event_id}` }).waitFor(WAIT)

      // Detail: the body as sent, the receiver's answer, the attempts (history when the engine keeps one).
      expect(await page.locator('pre[aria-label="Request body"]').textContent()).toContain('"_id": "req-3"')
      const responseSection = page.locator('section', { has: page.getByRole('heading', { name: "Receiver's response" }) })
      expect(normal(await responseSection.textContent())).toContain('200')
      const { data: recorded } = await client.getEventById({ configId, eventId: newest?.event_id as string })
      const attemptsSection = page.locator('section', { has: page.getByRole('heading', { name: 'Attempts' }) })
      const history = (recorded as DashboardEvent).attempt_history
      if (history?.length) {
        expect(await attemptsSection.locator('tbody tr').count()).toBe(history.length)
      } else {
        expect(normal(await attemptsSection.textContent())).toContain('1 attempt.')
      }
      const time = page.locator('dd time').first()
      expect(await time.getAttribute('title')).toBe(recorded.created_at)
      expect(normal(await time.textContent())).toBe(
        normal(new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'America/New_York' }).format(new Date(recorded.created_at as string))),
      )
      await screenshot(page, 'event-detail')

      // Replay: the dashboard opens the new event, which gets its own attempt at the receiver.
      const before = receiver.requests.length
      await page.getByRole('button', { name: 'Replay', exact: true }).click()
      await page.waitForFunction((old) => !location.hash.endsWith(`/events/${old}`), newest?.event_id, WAIT)
      const replayId = decodeURIComponent(page.url().split('/events/')[1] ?? '')
      expect(replayId).not.toBe('')
      expect(replayId).not.toBe(newest?.event_id)
      await page.getByRole('heading', { name: `Event ${replayId}` }).waitFor(WAIT)
      await expect.poll(() => receiver.requests.length, WAIT).toBe(before + 1)
      expect(JSON.parse(receiver.requests.at(-1)?.body ?? '{}')).toMatchObject({ entity: { _id: 'req-3' } })
      await expect.poll(async () => normal(await page.locator('dl.facts').first().textContent()), WAIT).toContain('Statussucceeded')
      expect(normal(await responseSection.textContent())).toContain('200')
      expect(normal(await attemptsSection.textContent())).toMatch(/1 attempt\.|^Attempts(Attempts, oldest first)?#/)
      await screenshot(page, 'event-detail-replayed')

      // Back to the log (Esc): four events now; select two and replay them together.
      await page.keyboard.press('Escape')
      await page.getByRole('heading', { name: 'CRM sync' }).waitFor(WAIT)
      await expect.poll(() => rows.count(), WAIT).toBe(4)
      await page.getByLabel(`Select event ${second?.event_id}`).check()
      await page.getByLabel(`Select event ${replayId}`).check()
      await page.getByRole('button', { name: 'Replay 2 selected' }).click()
      await expect.poll(() => rows.count(), WAIT).toBe(6)
      await expect.poll(() => receiver.requests.length, WAIT).toBe(before + 3)

      // A test event from the example payload.
      await page.getByRole('button', { name: 'Send test event' }).click()
      await expect.poll(() => rows.count(), WAIT).toBe(7)
      await expect.poll(() => receiver.requests.length, WAIT).toBe(before + 4)
      expect(JSON.parse(receiver.requests.at(-1)?.body ?? '{}')).toHaveProperty('metadata')

      // Filter by status and by event id, through the API's search.
      await page.getByRole('button', { name: 'Failed', exact: true }).click()
      await page.getByText('No events match these filters').waitFor(WAIT)
      await page.getByRole('button', { name: 'Clear filters' }).first().click()
      await page.getByLabel('Event id').fill(second?.event_id as string)
      await page.keyboard.press('Enter')
      await expect.poll(() => rows.count(), WAIT).toBe(1)
      expect(await rows.first().locator('a.event-link').textContent()).toBe(second?.event_id)

      // Cursor paging, as the API pages: three at a time (any limit the API takes works in the URL).
      const { data: first } = await client.getWebhookEventsV2({ configId }, { limit: 3 })
      const { data: next } = await client.getWebhookEventsV2({ configId }, { limit: 3, cursor: first.next_cursor ?? undefined })
      const ids = (events: Array<{ event_id: string }> | undefined): string[] => (events ?? []).map((e) => e.event_id)
      await page.goto(`${running.url}/dashboard/#/configs/${configId}?limit=3`)
      const shownIds = (): Promise<string[]> => page.locator('a.event-link').allTextContents()
      await expect.poll(shownIds, WAIT).toEqual(ids(first.data))
      await page.getByRole('button', { name: 'Older →' }).click()
      await expect.poll(shownIds, WAIT).toEqual(ids(next.data))
      await page.getByRole('button', { name: '← Newer' }).click()
      await expect.poll(shownIds, WAIT).toEqual(ids(first.data))

      // Disable from the configs list: PUT back the config as read; the signing secret survives.
      await page.getByRole('link', { name: 'Configs' }).click()
      await page.getByRole('button', { name: 'Disable CRM sync' }).click()
      await expect.poll(async () => normal(await row.textContent()), WAIT).toContain('inactive')
      const { data: after } = await client.getConfig({ configId })
      expect(after.enabled).toBe(false)
      expect(after.signingSecret).toBeTruthy()
      await page.getByRole('button', { name: 'Enable CRM sync' }).click()
      await expect.poll(async () => (await client.getConfig({ configId })).data.enabled, WAIT).toBe(true)
    })

    it('fits a narrow window without sideways scrolling of the page', async () => {
      const client = createClient({ baseURL: running.url, token: TOKEN })
      const { data: config } = await client.createConfig(null, { name: 'Narrow check', eventName: 'customer_request_created', url: `${receiver.url}/narrow`, httpMethod: 'POST' })
      await running.engine.emit('customer_request_created', { entity: { _id: 'narrow-1' } }, { organization_id: 'org-1' })
      await running.engine.idle()
      await openPage({ width: 390, height: 844 })
      await signIn(running.url)
      await page.getByRole('row', { name: /Narrow check/ }).waitFor(WAIT)
      const overflow = (): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect(await overflow()).toBeLessThanOrEqual(0)
      await screenshot(page, 'configs-narrow')
      await page.goto(`${running.url}/dashboard/#/configs/${config.id as string}`)
      await page.locator('table.events tbody tr').first().waitFor(WAIT)
      expect(await overflow()).toBeLessThanOrEqual(0)
      await screenshot(page, 'event-log-narrow')
    })

    it('signs out when the server stops accepting the token', async () => {
      await openPage()
      await signIn(running.url)
      await page.getByRole('heading', { name: 'Webhook configs', exact: true }).waitFor(WAIT)
      // As after a restart of the server with a new token: the next call (a refresh, or opening a view) gets 401.
      await page.evaluate((key) => {
        sessionStorage.setItem(key, 'revoked')
        location.hash = '#/configs/any-config'
      }, TOKEN_KEY)
      await page.getByRole('alert').filter({ hasText: 'no longer accepts the token' }).waitFor(WAIT)
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0)
    })
  })

  describe('with the reference engine extensions (a recorded event)', () => {
    let running: Running
    beforeAll(async () => {
      running = await serve(recordedEngine())
    })
    afterAll(() => running.server.close())

    it('shows health and last delivery on the configs list', async () => {
      await openPage()
      await signIn(running.url)
      const row = page.getByRole('row', { name: /Billing sync/ })
      await row.waitFor(WAIT)
      const text = normal(await row.textContent())
      expect(text).toContain('API key')
      expect(text).toContain('open')
      expect(text).toContain('70 % failed of 20 attempts; last error: HTTP 503')
      const time = row.locator('time')
      expect(await time.getAttribute('title')).toBe(RECORDED_CONFIG.last_delivery_at)
      expect(normal(await time.textContent())).toBe('Nov 5, 2025, 7:01:13 AM')
      expect(text).not.toContain('newest event')
      // At 1280×800 the whole table fits: nothing to scroll sideways.
      expect(await page.locator('.table-wrap').evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0)
      await screenshot(page, 'configs-health')
    })

    it('shows every attempt, the headers without secrets, and what the event replays', async () => {
      await openPage()
      await signIn(running.url)
      await page.goto(`${running.url}/dashboard/#/configs/cfg-rec/events/${RECORDED_EVENT.event_id}`)
      await page.getByRole('heading', { name: `Event ${RECORDED_EVENT.event_id}` }).waitFor(WAIT)
      const attempts = page.locator('table.attempts tbody tr')
      await attempts.first().waitFor(WAIT)
      expect((await attempts.allTextContents()).map(normal)).toEqual([
        '1Nov 5, 2025, 7:01:00 AM1.2 s503Service Unavailable',
        '2Nov 5, 2025, 7:01:06 AM30.0 stimeoutNo answer within 30 s',
        '3Nov 5, 2025, 7:01:13 AM850 ms200OK',
      ])
      const headers = page.locator('table.headers tbody tr')
      expect((await headers.allTextContents()).map(normal)).toEqual([
        'content-typeapplication/json',
        'webhook-idmsg_2Xg',
        'webhook-signaturev1a,ZmFrZS1zaWduYXR1cmU=',
        'x-api-key*** (hidden)',
      ])
      const replayOf = page.getByRole('link', { name: 'evt_original_1' })
      expect(await replayOf.getAttribute('href')).toBe('#/configs/cfg-rec/events/evt_original_1')
      expect(normal(await page.locator('pre[aria-label="Response body"]').textContent())).toBe('{ "received": true }')
      await screenshot(page, 'event-detail-history')
    })
  })
})
