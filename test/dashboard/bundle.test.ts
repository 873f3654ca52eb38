/**
 * The built dashboard (dist/dashboard, written by `npm run build`) carries the package's browser client and
 * nothing of the engine, the receiver or the CLI; and it loads nothing from anywhere else.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const dir = resolve(__dirname, '..', '..', 'dist', 'dashboard')

function read(file: string): string {
  if (!existsSync(join(dir, file))) throw new Error('dist/dashboard is missing: run `npm run build` first (npm test does)')
  return readFileSync(join(dir, file), 'utf8')
}

describe('the built dashboard', () => {
  it('bundles the webhooks client (its routing table) and none of the engine, receiver, signature or CLI code', () => {
    const app = read('app.js')
    expect(app).toContain('/v1/webhooks/configs/{configId}')
    expect(app).toContain('/v2/webhooks/configs/{configId}/events')
    for (const marker of ['whsec_', 'webhook-signature', 'epilot profile', 'Retrieve events that can trigger webhooks', 'FOR UPDATE', 'jsonata']) {
      expect(app, marker).not.toContain(marker)
    }
  })

  it('loads only its own files: no external script, stylesheet or fetch target', () => {
    const html = read('index.html')
    const references = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1])
    expect(references.sort()).toEqual(['app.js', 'data:,', 'styles.css'])
    expect(read('app.js')).not.toMatch(/https?:\/\/(?!www\.w3\.org\/)[a-z0-9.-]+\.[a-z]{2,}\//i)
    expect(read('styles.css')).not.toMatch(/url\(|@import/)
  })
})
