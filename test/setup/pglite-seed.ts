/**
 * vitest globalSetup: one PGlite seed per machine and PGlite version. A fresh PGlite takes 11–20 s to initialise
 * here; loading a dumped data dir takes 1.6–3 s. So the first run dumps a fresh database to
 * node_modules/.cache/epilot-sdk/pglite-<version>.tar.gz and every test loads that (test/webhooks/engine/store/pglite.ts).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

export const SEED_ENV = 'EPILOT_PGLITE_SEED'

export default async function setup(): Promise<void> {
  const root = resolve(__dirname, '..', '..')
  let version = 'unknown'
  try {
    version = (JSON.parse(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version
  } catch {
    return // PGlite not installed: its tests say so themselves
  }
  const file = join(root, 'node_modules', '.cache', 'epilot-sdk', `pglite-${version}.tar.gz`)
  process.env[SEED_ENV] = file
  if (existsSync(file)) return
  const { PGlite } = await import('@electric-sql/pglite')
  const db = await PGlite.create()
  try {
    const dump = await db.dumpDataDir('gzip')
    mkdirSync(dirname(file), { recursive: true })
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()))
    renameSync(tmp, file) // atomic: a parallel run never reads half a file
  } finally {
    await db.close()
  }
}
