/**
 * The engine store on PostgreSQL (node-postgres or PGlite, same SQL). Configs and events are JSONB records beside
 * the indexed columns the queries use, so every field any part of the engine adds is kept. The delivery queue is
 * the `jobs` table: claimed with `FOR UPDATE SKIP LOCKED` under a short advisory lock (which makes the per-config
 * limit exact over every worker), leased with `lease_until_ms`, retried by moving `run_at_ms`, and announced with
 * NOTIFY so idle workers wake at once (polling is the fallback).
 */
import { QueueFullError } from '../../errors'
import type { ClaimRequest, DeliveryJob, EngineStore, EventQuery, EventUpdate, RecordBatch, RecordOutcome, Settlement, StoredConfig, StoredEvent, StoredEventPage } from '../types'
import { open, seal } from './crypto'
import type { Db } from './db'
import { ident } from './migrations'

/** Rows the store reads. */
interface JobRow {
  event_id: string
  config_id: string
  attempts: number
  deadline_ms: string | number
  run_at_ms: string | number
}

/** Ready jobs looked at per claim: the oldest first; bounds the claim's cost when the queue is long. */
const CLAIM_WINDOW = 1000

function toJob(r: JobRow): DeliveryJob {
  return { eventId: r.event_id, configId: r.config_id, attempts: Number(r.attempts), deadlineMs: Number(r.deadline_ms), runAtMs: Number(r.run_at_ms) }
}

/** The config as kept in clear beside the sealed copy: secrets and URL credentials removed. */
function clearView(config: StoredConfig['config']): StoredConfig['config'] {
  const { signingSecret: _secret, ...rest } = structuredClone(config)
  const copy: StoredConfig['config'] = rest
  const auth = copy.auth
  if (auth?.basicAuthConfig && !auth.basicAuthConfig.passwordIsEnvVar) delete auth.basicAuthConfig.password
  if (auth?.oauthConfig && !auth.oauthConfig.clientSecretIsEnvVar) delete auth.oauthConfig.clientSecret
  if (auth?.apiKeyConfig && !auth.apiKeyConfig.keyValueIsEnvVar) delete auth.apiKeyConfig.keyValue
  if (copy.url) {
    try {
      const url = new URL(copy.url)
      if (url.username || url.password) {
        url.username = ''
        url.password = ''
        copy.url = url.toString()
      }
    } catch {
      // not a URL: validation keeps those out; leave it
    }
  }
  return copy
}

/** Settings of {@link createSqlStore}. */
export interface SqlStoreSettings {
  db: Db
  schema: string
  /** AES-256-GCM key: configs are stored sealed (the clear JSONB copy without secrets) and so is the signing key. */
  key?: Buffer
}

/** The store over a migrated schema. */
export function createSqlStore({ db, schema, key }: SqlStoreSettings): EngineStore & { sharedSigningKey(create: () => string): Promise<string> } {
  const S = ident(schema)
  const channel = `epilot_webhooks_${schema}`.slice(0, 63)
  const claimLock = `epilot-webhooks-claim:${schema}`

  const fromConfigRow = (r: { revision: number; record: StoredConfig['config']; sealed: string | null }): StoredConfig => {
    if (r.sealed !== null && key) return { config: JSON.parse(open(key, r.sealed)) as StoredConfig['config'], revision: Number(r.revision) }
    return { config: r.record, revision: Number(r.revision) }
  }

  const updatePatch = (update: EventUpdate): string => JSON.stringify(update)

  return {
    durable: true,

    async saveConfig(stored) {
      const c = stored.config
      const record = key ? clearView(c) : c
      const sealed = key ? seal(key, JSON.stringify(c)) : null
      await db.query(
        `INSERT INTO ${S}.configs (id, event_name, revision, record, sealed) VALUES ($1, $2, $3, $4::jsonb, $5)
         ON CONFLICT (id) DO UPDATE SET event_name = EXCLUDED.event_name, revision = EXCLUDED.revision, record = EXCLUDED.record, sealed = EXCLUDED.sealed`,
        [c.id, c.eventName, stored.revision, JSON.stringify(record), sealed],
      )
    },
    async getConfig(id) {
      const [row] = await db.query<{ revision: number; record: StoredConfig['config']; sealed: string | null }>(`SELECT revision, record, sealed FROM ${S}.configs WHERE id = $1`, [id])
      return row ? fromConfigRow(row) : undefined
    },
    async deleteConfig(id) {
      return (await db.query(`DELETE FROM ${S}.configs WHERE id = $1 RETURNING id`, [id])).length > 0
    },
    async listConfigs(filter) {
      const rows =
        filter?.eventName !== undefined
          ? await db.query<{ revision: number; record: StoredConfig['config']; sealed: string | null }>(`SELECT revision, record, sealed FROM ${S}.configs WHERE event_name = $1 ORDER BY id`, [filter.eventName])
          : await db.query<{ revision: number; record: StoredConfig['config']; sealed: string | null }>(`SELECT revision, record, sealed FROM ${S}.configs ORDER BY id`)
      return rows.map(fromConfigRow)
    },

    async record(batch: RecordBatch): Promise<RecordOutcome> {
      const events = JSON.stringify(batch.events)
      const jobs = JSON.stringify(batch.jobs)
      // One statement is one transaction: the events, their jobs and the wake-up NOTIFY go in together or not at
      // all; `room` refuses the whole batch when the queue is full.
      const write = async (q: Db['query']): Promise<boolean> => {
        const [row] = await q<{ ok: boolean }>(
          `WITH room AS (
             SELECT ($3::int = 0 OR $4::int < 0 OR (SELECT count(*) FROM ${S}.jobs WHERE worker_id IS NULL) + $3::int <= $4::int) AS ok
           ), ev AS (
             INSERT INTO ${S}.events (event_id, config_id, created_ms, status, record)
             SELECT e->>'event_id', e->>'webhook_config_id', (e->>'createdMs')::bigint, e->>'status', e
             FROM jsonb_array_elements($1::jsonb) AS e, room WHERE room.ok
             RETURNING 1
           ), jb AS (
             INSERT INTO ${S}.jobs (event_id, config_id, attempts, deadline_ms, run_at_ms)
             SELECT j->>'eventId', j->>'configId', (j->>'attempts')::int, (j->>'deadlineMs')::bigint, (j->>'runAtMs')::bigint
             FROM jsonb_array_elements($2::jsonb) AS j, room WHERE room.ok
             RETURNING 1
           )
           SELECT room.ok, (SELECT count(*) FROM ev) AS events, (SELECT count(*) FROM jb) AS jobs,
                  (SELECT count(*) FROM (SELECT pg_notify($5, '') FROM room WHERE room.ok AND $3::int > 0) AS n) AS notified
           FROM room`,
          [events, jobs, batch.jobs.length, batch.maxQueued ?? -1, channel],
        )
        return Boolean(row?.ok)
      }
      const full = (): QueueFullError =>
        new QueueFullError(`The delivery queue is full (limit ${batch.maxQueued} waiting); nothing was recorded — retry later or raise maxQueueSize.`)
      const idem = batch.idempotency
      if (!idem) {
        if (!(await write(db.query))) throw full()
        return { recorded: true }
      }
      return db.transaction(async (q) => {
        // A live key wins; an expired one is taken over. Concurrent callers of one key wait on its row.
        const taken = await q(
          `INSERT INTO ${S}.idempotency_keys (key, result, expires_ms) VALUES ($1, $2::jsonb, $3)
           ON CONFLICT (key) DO UPDATE SET result = EXCLUDED.result, expires_ms = EXCLUDED.expires_ms
           WHERE ${S}.idempotency_keys.expires_ms <= $4
           RETURNING key`,
          [idem.key, JSON.stringify(idem.result ?? null), idem.expiresMs, idem.nowMs],
        )
        if (taken.length === 0) {
          const [seen] = await q<{ result: unknown }>(`SELECT result FROM ${S}.idempotency_keys WHERE key = $1`, [idem.key])
          return { recorded: false, result: seen?.result }
        }
        if (!(await write(q))) throw full()
        return { recorded: true }
      })
    },

    async updateEvent(eventId, update) {
      await db.query(`UPDATE ${S}.events SET status = coalesce($2, status), record = record || $3::jsonb WHERE event_id = $1`, [eventId, update.status ?? null, updatePatch(update)])
    },
    async getEvent(eventId) {
      const [row] = await db.query<{ record: StoredEvent }>(`SELECT record FROM ${S}.events WHERE event_id = $1`, [eventId])
      return row?.record
    },
    async searchEvents(configId, query: EventQuery): Promise<StoredEventPage> {
      const where = ['config_id = $1']
      const params: unknown[] = [configId]
      const add = (sql: string, ...values: unknown[]): void => {
        where.push(sql.replace(/\?/g, () => `$${params.push(values.shift())}`))
      }
      if (query.event_id !== undefined) add('event_id = ?', query.event_id)
      if (query.cursor) add('(created_ms, event_id) < (?::bigint, ?)', query.cursor.createdMs, query.cursor.event_id)
      if (query.fromMs !== undefined) add('created_ms >= ?::bigint', query.fromMs)
      if (query.toMs !== undefined) add('created_ms <= ?::bigint', query.toMs)
      if (query.status !== undefined) add('status = ?', query.status)
      params.push(query.limit + 1)
      const rows = await db.query<{ record: StoredEvent }>(
        `SELECT record FROM ${S}.events WHERE ${where.join(' AND ')} ORDER BY created_ms DESC, event_id DESC LIMIT $${params.length}`,
        params,
      )
      const data = rows.slice(0, query.limit).map((r) => r.record)
      const has_more = rows.length > query.limit
      const last = data[data.length - 1]
      return has_more && last
        ? { data, has_more, next_cursor: { created_at: new Date(last.createdMs).toISOString(), event_id: last.event_id } }
        : { data, has_more }
    },
    async prune(request) {
      const unqueued = `status <> 'in_progress' AND NOT EXISTS (SELECT 1 FROM ${S}.jobs j WHERE j.event_id = e.event_id)`
      const byAge = await db.query(`DELETE FROM ${S}.events e WHERE created_ms < $1 AND ${unqueued} RETURNING 1`, [request.beforeMs])
      let removed = byAge.length
      if (request.maxEvents !== undefined) {
        const byCount = await db.query(
          `DELETE FROM ${S}.events WHERE event_id IN (
             SELECT event_id FROM ${S}.events e WHERE ${unqueued}
             ORDER BY created_ms, event_id
             LIMIT greatest(0, (SELECT count(*) FROM ${S}.events) - $1::bigint))
           RETURNING 1`,
          [request.maxEvents],
        )
        removed += byCount.length
      }
      await db.query(`DELETE FROM ${S}.idempotency_keys WHERE expires_ms <= $1`, [Date.now()])
      return removed
    },

    async claim(r: ClaimRequest) {
      if (r.max <= 0) return []
      return db.transaction(async (q) => {
        // Claims take turns (a lock held for this transaction only), so the per-config count they see is exact.
        await q(`SELECT pg_advisory_xact_lock(hashtext($1))`, [claimLock])
        const rows = await q<JobRow>(
          `WITH busy AS (
             SELECT config_id, count(*) AS n FROM ${S}.jobs WHERE worker_id IS NOT NULL AND lease_until_ms > $1 GROUP BY config_id
           ), ready AS (
             SELECT event_id, config_id, run_at_ms, seq FROM ${S}.jobs
             WHERE run_at_ms <= $1 AND (worker_id IS NULL OR lease_until_ms <= $1)
             ORDER BY run_at_ms, seq LIMIT ${CLAIM_WINDOW}
           ), ranked AS (
             SELECT r.event_id, r.run_at_ms, r.seq,
                    row_number() OVER (PARTITION BY r.config_id ORDER BY r.run_at_ms, r.seq) + coalesce(b.n, 0) AS place
             FROM ready r LEFT JOIN busy b USING (config_id)
           ), picked AS (
             SELECT j.event_id FROM ${S}.jobs j JOIN ranked k USING (event_id)
             WHERE k.place <= $2
             ORDER BY k.place, k.run_at_ms, k.seq
             LIMIT $3
             FOR UPDATE OF j SKIP LOCKED
           )
           UPDATE ${S}.jobs SET worker_id = $4, lease_until_ms = $1 + $5::bigint
           FROM picked WHERE ${S}.jobs.event_id = picked.event_id
           RETURNING ${S}.jobs.event_id, ${S}.jobs.config_id, ${S}.jobs.attempts, ${S}.jobs.deadline_ms, ${S}.jobs.run_at_ms, ${S}.jobs.seq`,
          [r.nowMs, r.perConfigConcurrency, r.max, r.workerId, r.leaseMs],
        )
        // UPDATE … RETURNING has no order: restore the claim order (oldest first).
        return (rows as Array<JobRow & { seq: string | number }>).sort((a, b) => Number(a.run_at_ms) - Number(b.run_at_ms) || Number(a.seq) - Number(b.seq)).map(toJob)
      })
    },
    async extendLeases(workerId, eventIds, untilMs) {
      if (eventIds.length === 0) return
      await db.query(`UPDATE ${S}.jobs SET lease_until_ms = $3 WHERE worker_id = $1 AND event_id = ANY($2::text[])`, [workerId, eventIds, untilMs])
    },
    async settle(workerId, eventId, s: Settlement) {
      // One statement: the job changes only while this worker holds it, and the event only when the job did.
      const jobChange =
        s.kind === 'done'
          ? `DELETE FROM ${S}.jobs WHERE event_id = $1 AND worker_id = $2 RETURNING event_id`
          : `UPDATE ${S}.jobs SET attempts = $5, run_at_ms = $6, worker_id = NULL, lease_until_ms = NULL WHERE event_id = $1 AND worker_id = $2 RETURNING event_id`
      const params: unknown[] = [eventId, workerId, s.update.status ?? null, updatePatch(s.update)]
      if (s.kind === 'retry') params.push(s.attempts, s.runAtMs)
      const [row] = await db.query<{ n: string | number }>(
        `WITH job AS (${jobChange}),
         ev AS (
           UPDATE ${S}.events SET status = coalesce($3, status), record = record || $4::jsonb
           WHERE event_id IN (SELECT event_id FROM job) RETURNING 1
         )
         SELECT (SELECT count(*) FROM job) AS n, (SELECT count(*) FROM ev) AS e`,
        params,
      )
      return Number(row?.n ?? 0) > 0
    },
    async nextWakeMs(workerId, nowMs) {
      const [row] = await db.query<{ next: string | number | null }>(
        `SELECT least(
           (SELECT min(run_at_ms) FROM ${S}.jobs WHERE run_at_ms > $2 AND worker_id IS NULL),
           (SELECT min(lease_until_ms) FROM ${S}.jobs WHERE worker_id IS NOT NULL AND worker_id <> $1 AND lease_until_ms > $2)
         ) AS next`,
        [workerId, nowMs],
      )
      return row?.next === null || row?.next === undefined ? undefined : Number(row.next)
    },
    async queueSize() {
      const [row] = await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${S}.jobs WHERE worker_id IS NULL`)
      return Number(row?.n ?? 0)
    },
    async pendingJobs() {
      const [row] = await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${S}.jobs`)
      return Number(row?.n ?? 0)
    },
    async subscribe(onWork) {
      return db.listen(channel, onWork)
    },
    async close() {
      await db.close()
    },

    /** The signing key every process of this database shares: stored once (sealed with the key when set). */
    async sharedSigningKey(create) {
      const candidate = create()
      const value = key ? seal(key, candidate) : candidate
      await db.query(`INSERT INTO ${S}.meta (name, value) VALUES ('signing_key', $1) ON CONFLICT (name) DO NOTHING`, [value])
      const [row] = await db.query<{ value: string }>(`SELECT value FROM ${S}.meta WHERE name = 'signing_key'`)
      const stored = row?.value as string
      return stored.startsWith('aes256gcm:') ? open(key ?? Buffer.alloc(0), stored) : stored
    },
  }
}
