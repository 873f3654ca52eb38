import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { schemaShapes } from '../../../src/generated/webhooks/shapes'
import { ConfigValidationError, createEngine, validateConfig, type WebhookEngine } from '../../../src/webhooks/engine'
import { createWebhooksServer, type WebhooksServer } from '../../../src/webhooks/engine/http/server'

const valid = { name: 'n', eventName: 'e', url: 'https://hooks.example.com/x', httpMethod: 'POST' } as const

function issuesOf(input: unknown): Array<{ path: string; message: string }> {
  try {
    validateConfig(input)
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.issues
    throw error
  }
  return []
}

function paths(input: unknown): string[] {
  return issuesOf(input).map((i) => i.path)
}

describe('strict config validation', () => {
  it('refuses a misspelled field by name and suggests the right one (it used to create an unfiltered config)', () => {
    const [issue] = issuesOf({ ...valid, filterCondition: { conditions: [] } })
    expect(issue?.path).toBe('filterCondition')
    expect(issue?.message).toContain('did you mean filterConditions?')
  })

  it('refuses unknown fields at every level of the schema, all at once', () => {
    const input = {
      ...valid,
      auth: { authType: 'BASIC', basicAuthConfig: { username: 'u', passwrd: 'p' } },
      payloadConfiguration: { include_relation: true },
      filterConditions: { conditions: [{ field: 'entity.x', operation: 'equals', values: ['1'], fields: 'y' }] },
      secureProxy: { integration_id: '123e4567-e89b-12d3-a456-426614174000', use_case_slug: 's', extra: 1 },
      retryPolicy: { enabled: true, max: 2 },
      multipartConfig: { fileSource: 'x', other: 1 },
    }
    expect(paths(input)).toEqual(
      expect.arrayContaining([
        'auth.basicAuthConfig.passwrd',
        'payloadConfiguration.include_relation',
        'filterConditions.conditions[0].fields',
        'secureProxy.extra',
        'retryPolicy.max',
        'multipartConfig.other',
      ]),
    )
  })

  it('accepts every field of the spec, read-only and extension fields included (a config saved back as read)', () => {
    const read = {
      ...valid,
      id: 'abc',
      creationTime: '2026-01-01T00:00:00.000Z',
      updatedTime: '2026-01-01T00:00:00.000Z',
      status: 'active',
      enabled: true,
      signingSecret: '********',
      health: { state: 'closed', failure_ratio: 0, window_attempts: 0 },
      last_delivery_at: '2026-01-01T00:00:00.000Z',
      payloadConfiguration: { include_relations: true, custom_headers: { 'x-team': 'crm' } },
      _manifest: ['123e4567-e89b-12d3-a456-426614174000'],
    }
    expect(issuesOf(read)).toEqual([])
  })

  it('takes the field names from openapi.json (codegen), so they cannot drift from the spec', () => {
    const spec = JSON.parse(readFileSync(new URL('../../../openapi.json', import.meta.url), 'utf8')) as { components: { schemas: Record<string, { properties?: object }> } }
    const shape = schemaShapes.WebhookConfig as { o: Record<string, unknown> }
    expect(Object.keys(shape.o).sort()).toEqual(Object.keys(spec.components.schemas.WebhookConfig?.properties ?? {}).sort())
  })

  it.each([
    ['Host', 'h.example'],
    ['host', 'h.example'],
    ['Content-Length', '1'],
    ['Transfer-Encoding', 'chunked'],
    ['Connection', 'close'],
    ['webhook-id', 'x'],
    ['Webhook-Anything', 'x'],
    ['bad name', 'x'],
    ['x-ok', 'caf\u00e9'],
    ['x-ok', 'a\u0001b'],
    ['x-ok', 'a\r\nx-injected: 1'],
    ['x-ok', ' padded'],
  ])('refuses the custom header %j: %j', (name, value) => {
    expect(paths({ ...valid, payloadConfiguration: { custom_headers: { [name]: value } } })).toEqual([`payloadConfiguration.custom_headers.${name}`])
  })

  it('accepts sendable custom headers', () => {
    expect(issuesOf({ ...valid, payloadConfiguration: { custom_headers: { 'X-Team': 'crm sync', Accept: 'application/json', 'x-empty': '' } } })).toEqual([])
  })

  it('applies the same header rules to the API-key header and OAuth header parameters', () => {
    expect(paths({ ...valid, auth: { authType: 'API_KEY', apiKeyConfig: { keyName: 'Host', keyValue: 'k' } } })).toEqual(['auth.apiKeyConfig.keyName'])
    expect(paths({ ...valid, auth: { authType: 'API_KEY', apiKeyConfig: { keyName: 'x-api-key', keyValue: 'k\u00e9y' } } })).toEqual(['auth.apiKeyConfig.keyValue'])
    const oauth = { clientId: 'c', clientSecret: 's', endpoint: 'https://login.example/token', httpMethod: 'POST', customParameterList: [{ type: 'header', key: 'Transfer-Encoding', value: 'x' }] }
    expect(paths({ ...valid, auth: { authType: 'OAUTH_CLIENT_CREDENTIALS', oauthConfig: oauth } })).toEqual(['auth.oauthConfig.customParameterList[0].key'])
  })

  it('limits the length of every string field', () => {
    const huge = 'x'.repeat(900_000)
    expect(paths({ ...valid, name: huge, eventName: huge })).toEqual(['name', 'eventName'])
    expect(paths({ ...valid, url: `https://h.example/${'a'.repeat(3000)}` })).toEqual(['url'])
    expect(paths({ ...valid, secureProxy: { integration_id: '123e4567-e89b-12d3-a456-426614174000', use_case_slug: 'y'.repeat(2000) } })).toEqual(['secureProxy.use_case_slug'])
    expect(paths({ ...valid, jsonataExpression: `"${'z'.repeat(20_000)}"` })).toEqual(['jsonataExpression'])
    expect(paths({ ...valid, name: 'x'.repeat(255) })).toEqual([])
  })
})

describe('strict validation over HTTP', () => {
  let engine: WebhookEngine
  let server: WebhooksServer
  let base = ''
  beforeAll(async () => {
    engine = createEngine()
    server = createWebhooksServer(engine, { tokens: ['t0k'] })
    base = (await server.listen()).url
  })
  afterAll(async () => {
    await server.close()
    await engine.close()
  })

  it('answers 400 listing every problem and stores nothing', async () => {
    const body = { ...valid, name: 'n'.repeat(900_000), filterCondition: {}, payloadConfiguration: { custom_headers: { Host: 'evil.example', 'x-v': 'caf\u00e9' } } }
    const res = await fetch(`${base}/v1/webhooks/configs`, { method: 'POST', headers: { authorization: 'Bearer t0k', 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect(res.status).toBe(400)
    const answer = (await res.json()) as { code: string; issues: Array<{ path: string }> }
    expect(answer.code).toBe('invalid_config')
    expect(answer.issues.map((i) => i.path).sort()).toEqual(['filterCondition', 'name', 'payloadConfiguration.custom_headers.Host', 'payloadConfiguration.custom_headers.x-v'])
    expect(await engine.listConfigs()).toEqual([])
  })
})
