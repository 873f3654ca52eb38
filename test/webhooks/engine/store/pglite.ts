/** Test helpers: a PGlite loaded from the run's seed dump (see test/setup/pglite-seed.ts), and the PostgreSQL probe. */
import { readFileSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'

/** A new in-memory PGlite from the seed dump (about 2 s instead of 15). Close it, or the process hangs. */
export async function seededPglite(): Promise<PGlite> {
  const file = process.env.EPILOT_PGLITE_SEED
  if (!file) return PGlite.create()
  const blob = new Blob([readFileSync(file)])
  return PGlite.create({ loadDataDir: blob })
}

/** The PostgreSQL the tests use (CI and dev machines run one; override with EPILOT_TEST_DATABASE_URL). */
export const DATABASE_URL = process.env.EPILOT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Why PostgreSQL cannot be used, or undefined when it answers. */
export async function postgresUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return undefined
  } catch (error) {
    const e = error as { code?: string; message?: string }
    return `${e.code ?? ''} ${e.message ?? String(error)}`.trim()
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** A schema name unique to this test file and call. */
let n = 0
export function uniqueSchema(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${n++}`.toLowerCase()
}
