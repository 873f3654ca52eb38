/**
 * Versioned, idempotent migrations of the store's schema. Every process runs `migrate` at start: one transaction
 * under a transaction-level advisory lock (so processes starting at once wait for each other instead of racing),
 * applying only the versions the database does not have yet. A database newer than this package is refused.
 */
import type { Db } from './db'
import { StoreError } from './errors'

/** Quotes an identifier (the schema name) for SQL. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** Each migration's statements, `$S` standing for the quoted schema. Append only; never change a released one. */
const MIGRATIONS: ReadonlyArray<readonly string[]> = [
  [
    `CREATE TABLE $S.configs (
       id text PRIMARY KEY,
       event_name text NOT NULL,
       revision integer NOT NULL,
       record jsonb NOT NULL,
       sealed text
     )`,
    `CREATE INDEX configs_event_name ON $S.configs (event_name)`,
    `CREATE TABLE $S.events (
       event_id text PRIMARY KEY,
       config_id text NOT NULL,
       created_ms bigint NOT NULL,
       status text NOT NULL,
       record jsonb NOT NULL
     )`,
    // The search cursor order: newest first within a config.
    `CREATE INDEX events_config_cursor ON $S.events (config_id, created_ms DESC, event_id DESC)`,
    `CREATE INDEX events_created ON $S.events (created_ms, event_id)`,
    `CREATE TABLE $S.jobs (
       event_id text PRIMARY KEY,
       config_id text NOT NULL,
       seq bigserial NOT NULL,
       attempts integer NOT NULL,
       deadline_ms bigint NOT NULL,
       run_at_ms bigint NOT NULL,
       worker_id text,
       lease_until_ms bigint
     )`,
    `CREATE INDEX jobs_run_at ON $S.jobs (run_at_ms, seq)`,
    `CREATE INDEX jobs_leased ON $S.jobs (config_id, lease_until_ms) WHERE worker_id IS NOT NULL`,
    `CREATE TABLE $S.idempotency_keys (key text PRIMARY KEY, result jsonb NOT NULL, expires_ms bigint NOT NULL)`,
    `CREATE INDEX idempotency_keys_expires ON $S.idempotency_keys (expires_ms)`,
    `CREATE TABLE $S.meta (name text PRIMARY KEY, value text NOT NULL)`,
  ],
]

/** The schema version this package writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS.length

/** Brings `schema` to {@link SCHEMA_VERSION}; throws `schema_too_new` for a database migrated by a newer package. */
export async function migrate(db: Db, schema: string): Promise<void> {
  const S = ident(schema)
  await db.transaction(async (q) => {
    await q(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`epilot-webhooks-migrate:${schema}`])
    await q(`CREATE SCHEMA IF NOT EXISTS ${S}`)
    await q(`CREATE TABLE IF NOT EXISTS ${S}.schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`)
    const [row] = await q<{ v: number | null }>(`SELECT max(version) AS v FROM ${S}.schema_version`)
    const current = Number(row?.v ?? 0)
    if (current > SCHEMA_VERSION) {
      throw new StoreError(
        'schema_too_new',
        `The database schema "${schema}" is at version ${current}, newer than this @epilot/sdk supports (${SCHEMA_VERSION}). Upgrade @epilot/sdk in every process that uses this database, or point this one at another schema.`,
      )
    }
    for (let v = current + 1; v <= SCHEMA_VERSION; v++) {
      for (const statement of MIGRATIONS[v - 1] as readonly string[]) await q(statement.replaceAll('$S', S))
      await q(`INSERT INTO ${S}.schema_version (version) VALUES ($1)`, [v])
    }
  })
}
