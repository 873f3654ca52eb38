/**
 * The one seam between the SQL store and a PostgreSQL connection: node-postgres (`pg`, a pool) or PGlite
 * (PostgreSQL in WebAssembly, one connection in process). Both are optional peer dependencies, loaded on first use.
 */
import { StoreError } from './errors'

/** Runs one SQL statement with `$1…` parameters; resolves with its rows. */
export type Query = <T = Record<string, unknown>>(text: string, params?: readonly unknown[]) => Promise<T[]>

/** A connection pool or single connection as the store uses it. */
export interface Db {
  query: Query
  /** Runs `fn` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it throws. */
  transaction<T>(fn: (query: Query) => Promise<T>): Promise<T>
  /** LISTENs on a channel; resolves with a function that stops. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>
  /** Closes what this module opened (a pool passed in by the caller stays open). */
  close(): Promise<void>
}

/** The parts of a node-postgres client the store uses. */
export interface PgClientLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>
  release(error?: Error | boolean): void
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
}

/** The parts of a node-postgres `Pool` the store uses (pass your own `new pg.Pool(...)`). */
export interface PgPoolLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>
  connect(): Promise<PgClientLike>
  end(): Promise<void>
}

/** The parts of a PGlite instance the store uses. */
export interface PGliteLike {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>
  transaction<T>(fn: (tx: { query<R>(text: string, params?: unknown[]): Promise<{ rows: R[] }> }) => Promise<T>): Promise<T>
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>
  close(): Promise<void>
  readonly closed?: boolean
}

/** Names the host and port of a connection string without its password, for error messages. */
export function describeTarget(connectionString: string | undefined): string {
  if (!connectionString) return 'the PostgreSQL server of the pool'
  try {
    const url = new URL(connectionString)
    return `PostgreSQL at ${url.hostname || 'localhost'}:${url.port || '5432'}${url.pathname && url.pathname !== '/' ? ` (database ${url.pathname.slice(1)})` : ''}`
  } catch {
    return 'the PostgreSQL server of the connection string'
  }
}

async function loadPg(): Promise<{ Pool: new (config: { connectionString: string; max?: number; connectionTimeoutMillis?: number }) => PgPoolLike }> {
  try {
    const mod = (await import('pg')) as unknown as { default?: unknown; Pool?: unknown }
    return ((mod.default ?? mod) as { Pool: never }) as never
  } catch {
    throw new StoreError('driver_missing', 'createPostgresStore({ connectionString }) needs the `pg` package: npm install pg')
  }
}

/** A {@link Db} over a node-postgres pool (created from `connectionString`, or the caller's). */
export async function pgDb(options: { connectionString?: string; pool?: PgPoolLike; max?: number }): Promise<Db> {
  const owned = !options.pool
  let pool = options.pool
  if (!pool) {
    const { Pool } = await loadPg()
    pool = new Pool({ connectionString: options.connectionString as string, max: options.max ?? 10, connectionTimeoutMillis: 5000 })
    // An idle client losing its connection (database restart) must not crash the process; the next query reconnects.
    ;(pool as unknown as { on?: (e: string, l: (error: Error) => void) => void }).on?.('error', () => undefined)
  }
  const p = pool
  const query: Query = async <T>(text: string, params?: readonly unknown[]) => (await p.query(text, params as unknown[])).rows as T[]
  return {
    query,
    async transaction(fn) {
      const client = await p.connect()
      try {
        await client.query('BEGIN')
        const out = await fn(async <T>(text: string, params?: readonly unknown[]) => (await client.query(text, params as unknown[])).rows as T[])
        await client.query('COMMIT')
        client.release()
        return out
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined)
        client.release()
        throw error
      }
    },
    async listen(channel, onNotify) {
      const client = await p.connect()
      let broken = false
      client.on('notification', (m) => (m.channel === channel ? onNotify() : undefined))
      client.on('error', () => {
        broken = true // polling takes over until the process restarts
      })
      await client.query(`LISTEN "${channel}"`)
      return async () => {
        if (!broken) await client.query(`UNLISTEN "${channel}"`).catch(() => undefined)
        client.release(broken)
      }
    },
    async close() {
      if (owned) await p.end()
    },
  }
}

/** A {@link Db} over one PGlite instance. */
export function pgliteDb(db: PGliteLike, owned: boolean): Db {
  const query: Query = async <T>(text: string, params?: readonly unknown[]) => (await db.query<T>(text, params as unknown[])).rows
  return {
    query,
    transaction: (fn) => db.transaction((tx) => fn(async <T>(text: string, params?: readonly unknown[]) => (await tx.query<T>(text, params as unknown[])).rows)),
    async listen(channel, onNotify) {
      return db.listen(channel, () => onNotify())
    },
    async close() {
      if (owned && !db.closed) await db.close()
    },
  }
}
