/**
 * Debian's Chromium driven by playwright-core (which never downloads a browser of its own). Where it is not
 * installed, the browser tests print one line saying so and are skipped.
 */
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM_PATH = '/usr/bin/chromium'

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} not found (install it with: apt-get install -y chromium)`
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

export const RESULTS_DIR = resolve(__dirname, '..', '..', 'test-results')

/** Saves a screenshot of the page as test-results/dashboard-<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(RESULTS_DIR, { recursive: true })
  await page.screenshot({ path: join(RESULTS_DIR, `dashboard-${name}.png`), fullPage: true })
}
