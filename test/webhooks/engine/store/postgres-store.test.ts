import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import type { PGlite } from '@electric-sql/pglite'
import { createPostgresStore, SCHEMA_VERSION, StoreError } from '../../../../src/webhooks/engine/store/postgres'
import { storeConformance } from './conformance'
import { DATABASE_URL, postgresUnavailable, seededPglite, uniqueSchema } from './pglite'

// ---- PGlite: everywhere ----------------------------------------------------------------------------------
let lite: PGlite
beforeAll(async () => {
  lite = await seededPglite()
}, 60_000)
afterAll(async () => {
  await lite?.close()
})

storeConformance('PGlite', async () => {
  const store = await createPostgresStore({ pglite: lite, schema: uniqueSchema('lite') })
  return { store, close: () => store.close() }
})

describe('PostgreSQL store on PGlite', () => {
  it('encrypts config secrets and the shared signing key at rest, and reads them back', async () => {
    const schema = uniqueSchema('enc')
    const key = 'ab'.repeat(32)
    const store = await createPostgresStore({ pglite: lite, schema, encryptionKey: key })
    await store.saveConfig({
      config: { id: 'c', name: 'n', eventName: 'e', url: 'https://user:pw@r.test/h', signingSecret: 'whsec_c2VjcmV0', auth: { authType: 'BASIC', basicAuthConfig: { username: 'u', password: 'p4ss' } } },
      revision: 1,
    })
    const [raw] = (await lite.query<{ record: unknown; sealed: string }>(`SELECT record, sealed FROM ${schema}.configs`)).rows
    const text = JSON.stringify(raw?.record)
    expect(text).not.toContain('p4ss')
    expect(text).not.toContain('whsec_c2VjcmV0')
    expect(text).not.toContain(':pw@')
    expect(raw?.sealed).toMatch(/^aes256gcm:/)
    expect((await store.getConfig('c'))?.config.auth?.basicAuthConfig?.password).toBe('p4ss')
    const signing = await store.sharedSigningKey()
    expect(signing).toMatch(/^whsk_/)
    expect(await store.sharedSigningKey()).toBe(signing)
    const [meta] = (await lite.query<{ value: string }>(`SELECT value FROM ${schema}.meta`)).rows
    expect(meta?.value).toMatch(/^aes256gcm:/)

    const wrong = await createPostgresStore({ pglite: lite, schema, encryptionKey: 'cd'.repeat(32) })
    await expect(wrong.getConfig('c')).rejects.toMatchObject({ code: 'decryption_failed' })
  })

  it('refuses a schema migrated by a newer package, naming what to do', async () => {
    const schema = uniqueSchema('newer')
    await createPostgresStore({ pglite: lite, schema })
    await lite.query(`INSERT INTO ${schema}.schema_version (version) VALUES (${SCHEMA_VERSION + 1})`)
    const error = await createPostgresStore({ pglite: lite, schema }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect(error).toMatchObject({ code: 'schema_too_new' })
    expect((error as Error).message).toMatch(/version 2, newer than this @epilot\/sdk supports \(1\)\. Upgrade/)
  })

  it('lists every problem of bad options at once', async () => {
    await expect(createPostgresStore({ schema: 'Bad-Name' })).rejects.toThrow(/exactly one of connectionString, pool or pglite; schema must be/)
    await expect(createPostgresStore({ pglite: lite, encryptionKey: 'short' })).rejects.toMatchObject({ code: 'invalid_encryption_key' })
  })
})

// ---- PostgreSQL server: where one is reachable ----------------------------------------------------------
const unavailable = await postgresUnavailable()
if (unavailable) console.warn(`PostgreSQL store tests skipped: ${DATABASE_URL.replace(/:[^:@/]*@/, '@')} is unreachable (${unavailable}). Start PostgreSQL to run them.`)

describe.skipIf(Boolean(unavailable))('PostgreSQL server', () => {
  const schemas: string[] = []
  const open = async (schema = uniqueSchema('srv')) => {
    schemas.push(schema)
    return createPostgresStore({ connectionString: DATABASE_URL, schema, maxConnections: 4 })
  }
  afterAll(async () => {
    const client = new pg.Client({ connectionString: DATABASE_URL })
    await client.connect()
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`)
    await client.end()
  })

  storeConformance('PostgreSQL', async () => {
    const store = await open()
    return { store, close: () => store.close() }
  })

  it('migrates once when several processes start at the same time', async () => {
    const schema = uniqueSchema('race')
    const stores = await Promise.all([0, 1, 2, 3].map(() => open(schema)))
    const client = new pg.Client({ connectionString: DATABASE_URL })
    await client.connect()
    const { rows } = await client.query(`SELECT version FROM ${schema}.schema_version`)
    await client.end()
    expect(rows).toEqual([{ version: SCHEMA_VERSION }])
    await Promise.all(stores.map((s) => s.close()))
  })

  it('wakes a subscriber with NOTIFY when another connection queues a job', async () => {
    const schema = uniqueSchema('notify')
    const a = await open(schema)
    const b = await open(schema)
    let woken = 0
    const stop = await (b.subscribe as NonNullable<typeof b.subscribe>)(() => woken++)
    await a.record({ events: [{ event_id: 'e', org_id: 'o', webhook_config_id: 'c', event_name: 'x', createdMs: 1, status: 'in_progress', attempts: 0 }], jobs: [{ eventId: 'e', configId: 'c', attempts: 0, deadlineMs: 9e12, runAtMs: 1 }] })
    await expect.poll(() => woken, { timeout: 5000 }).toBeGreaterThan(0)
    await stop()
    await a.close()
    await b.close()
  })

  it('names the server and what to do when it is unreachable', async () => {
    const error = await createPostgresStore({ connectionString: 'postgres://postgres:hunter2@127.0.0.1:1/test' }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'database_unreachable' })
    expect((error as Error).message).toMatch(/Could not reach PostgreSQL at 127\.0\.0\.1:1 \(database test\).*ECONNREFUSED.*Start the server/)
    expect((error as Error).message).not.toContain('hunter2')
  })
})
