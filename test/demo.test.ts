import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

describe('npm run demo', () => {
  it('runs the whole flow on loopback and exits 0', () => {
    const root = resolve(__dirname, '..')
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], { cwd: root, encoding: 'utf8', timeout: 60_000 })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/verified by v1a \(Ed25519\)/)
    expect(run.stdout).toMatch(/skipped/)
    expect(run.stdout).toMatch(/re-delivered with a new webhook-id/)
    expect(run.stdout).toMatch(/forwarded to \/leads, verified by v1a/)
    expect(run.stdout).toContain('Done: 3 signed deliveries, all verified; 1 event filtered out; 1 replay; 1 inbound call forwarded.')
  })
})
