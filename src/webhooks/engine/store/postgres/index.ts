/**
 * `@epilot/sdk/webhooks/engine/postgres`: the durable engine store on PostgreSQL — a server through node-postgres
 * (`pg`), or embedded PGlite (`@electric-sql/pglite`, PostgreSQL in WebAssembly, data in a folder) with the same
 * SQL. Both drivers are optional peer dependencies: install the one you use. See docs/scaling.md.
 *
 * @example
 * ```ts
 * import { createEngine } from '@epilot/sdk/webhooks/engine'
 * import { createPostgresStore } from '@epilot/sdk/webhooks/engine/postgres'
 *
 * const store = await createPostgresStore({ connectionString: process.env.DATABASE_URL })
 * const engine = createEngine({ store, signingKey: await store.sharedSigningKey() })
 * // … later: await engine.close(); await store.close()
 * ```
 * @module @epilot/sdk/webhooks/engine/postgres
 */
import { generateSigningKeyPair } from '../../../signature'
import type { EngineStore } from '../types'
import { parseEncryptionKey } from './crypto'
import { describeTarget, pgDb, pgliteDb, type Db, type PGliteLike, type PgPoolLike } from './db'
import { StoreError } from './errors'
import { migrate, SCHEMA_VERSION } from './migrations'
import { createSqlStore } from './store'

export { StoreError, type StoreErrorCode } from './errors'
export type { PGliteLike, PgClientLike, PgPoolLike } from './db'
export { SCHEMA_VERSION } from './migrations'

/** Where the store keeps its data: give exactly one of `connectionString`, `pool` or `pglite`. */
export interface PostgresStoreOptions {
  /** A PostgreSQL URL, e.g. `postgres://user@127.0.0.1:5432/db` (needs the `pg` package). */
  connectionString?: string
  /** Your own node-postgres `Pool` (left open by `close()`). */
  pool?: PgPoolLike
  /**
   * Embedded PostgreSQL (needs `@electric-sql/pglite`): a data folder (created when missing), `memory://` for
   * a throwaway database, or your own PGlite instance (left open by `close()`).
   */
  pglite?: string | PGliteLike
  /** The PostgreSQL schema of the tables (default `epilot_webhooks`); one engine deployment per schema. */
  schema?: string
  /**
   * 32 bytes (64 hex characters or base64) for AES-256-GCM: config secrets and the shared signing key are then
   * stored encrypted. Without it they are stored in clear (see docs/scaling.md for exactly what).
   */
  encryptionKey?: string
  /** Connections of the pool created from `connectionString` (default 10). */
  maxConnections?: number
}

/** The durable store: an {@link EngineStore} plus what only a shared database offers. */
export interface PostgresStore extends EngineStore {
  readonly durable: true
  /** The schema in use. */
  readonly schema: string
  /**
   * The Ed25519 signing key (`whsk_…`) all processes on this database share: created and stored by the first
   * process that asks (encrypted with `encryptionKey` when set), read by the others.
   */
  sharedSigningKey(): Promise<string>
  /** Closes the connections this store opened (never a pool or PGlite instance you passed in). */
  close(): Promise<void>
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/

function checkOptions(o: PostgresStoreOptions): void {
  const problems: string[] = []
  const given = [o.connectionString !== undefined, o.pool !== undefined, o.pglite !== undefined].filter(Boolean).length
  if (given !== 1) problems.push('give exactly one of connectionString, pool or pglite')
  if (o.connectionString !== undefined && !/^postgres(ql)?:\/\//.test(o.connectionString)) problems.push('connectionString must start with postgres:// or postgresql://')
  if (o.schema !== undefined && !SCHEMA_NAME.test(o.schema)) problems.push('schema must be 1–48 lower-case letters, digits or _, not starting with a digit')
  if (problems.length > 0) throw new StoreError('invalid_options', `createPostgresStore: ${problems.join('; ')}.`)
}

async function openPglite(target: string | PGliteLike): Promise<Db> {
  if (typeof target !== 'string') return pgliteDb(target, false)
  let mod: { PGlite: { create(dataDir?: string): Promise<PGliteLike> } }
  try {
    mod = (await import('@electric-sql/pglite')) as unknown as typeof mod
  } catch {
    throw new StoreError('driver_missing', 'createPostgresStore({ pglite }) needs the `@electric-sql/pglite` package: npm install @electric-sql/pglite')
  }
  return pgliteDb(await mod.PGlite.create(target), true)
}

function unreachable(options: PostgresStoreOptions, error: unknown): StoreError {
  const e = error as { code?: string; message?: string }
  const reason = e.code && !e.message?.includes(e.code) ? `${e.code}: ${e.message}` : (e.message ?? String(error))
  return new StoreError(
    'database_unreachable',
    `Could not reach ${describeTarget(options.connectionString)} (${reason}). Start the server, or check the URL, user and database (e.g. --database-url postgres://user@host:5432/db).`,
  )
}

/**
 * Opens (and migrates) the durable store. Safe when several processes start at once: migrations take turns under
 * an advisory lock. Throws {@link StoreError}: `invalid_options`, `database_unreachable`, `schema_too_new` (the
 * database was migrated by a newer package), `driver_missing`, `invalid_encryption_key`.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  checkOptions(options)
  const key = options.encryptionKey === undefined ? undefined : parseEncryptionKey(options.encryptionKey)
  const schema = options.schema ?? 'epilot_webhooks'
  const db =
    options.pglite !== undefined
      ? await openPglite(options.pglite)
      : await pgDb({
          ...(options.connectionString !== undefined ? { connectionString: options.connectionString } : {}),
          ...(options.pool ? { pool: options.pool } : {}),
          ...(options.maxConnections !== undefined ? { max: options.maxConnections } : {}),
        })
  try {
    await db.query('SELECT 1')
  } catch (error) {
    await db.close().catch(() => undefined)
    throw unreachable(options, error)
  }
  try {
    await migrate(db, schema)
  } catch (error) {
    await db.close().catch(() => undefined)
    if (error instanceof StoreError) throw error
    throw new StoreError('migration_failed', `Could not create or migrate the tables of schema "${schema}" (to version ${SCHEMA_VERSION}): ${(error as Error).message}`)
  }
  const sql = createSqlStore({ db, schema, ...(key ? { key } : {}) })
  return {
    ...sql,
    durable: true,
    schema,
    sharedSigningKey: () => sql.sharedSigningKey(() => generateSigningKeyPair().privateKey),
    close: () => db.close(),
  }
}
