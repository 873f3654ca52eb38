import { describe, expect, it } from 'vitest'
import { validateConfig } from '../../../src/webhooks/engine/config/validate'
import { ConfigValidationError, EngineError } from '../../../src/webhooks/engine/errors'

function issuesOf(input: unknown): ConfigValidationError {
  let returned: unknown = 'nothing thrown'
  try {
    returned = validateConfig(input)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError)
    return error as ConfigValidationError
  }
  throw new Error(`expected validation to fail, got ${JSON.stringify(returned)}`)
}

const paths = (input: unknown) => issuesOf(input).issues.map((i) => i.path).sort()

const valid = {
  id: 'cfg-1',
  name: 'CRM sync',
  eventName: 'customer_request_created',
  url: 'https://my-partner-service.api.com',
  httpMethod: 'POST',
  enabled: true,
  auth: { authType: 'BASIC', basicAuthConfig: { username: 'secretUsername', password: 'secret7825@!' } },
  filter: { keyToFilter: 'customer_request.productId', supportedValues: ['2324245', '5253642'] },
  filterConditions: {
    logical_operator: 'OR',
    conditions: [
      { field: 'entity.amount', operation: 'greater_than', values: ['100'], field_type: 'number' },
      { field: 'entity.tags', operation: 'is_empty', is_array_field: true },
    ],
  },
  payloadConfiguration: { include_relations: true, custom_headers: { 'x-tenant': 'acme' } },
  jsonataExpression: '{ "id": entity._id }',
  signingSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
}

describe('validateConfig', () => {
  it('returns a clean copy of a valid config', () => {
    const config = validateConfig({ ...valid })
    expect(config).toEqual(valid)
    expect(config).not.toBe(valid)
  })

  it('refuses an unknown field by name instead of dropping it', () => {
    expect(() => validateConfig({ ...valid, unknownField: 'x' })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: 'unknownField' })] }))
  })

  it('accepts the minimal config (name and eventName)', () => {
    expect(validateConfig({ name: 'n', eventName: 'e' })).toEqual({ name: 'n', eventName: 'e' })
  })

  it('lists every problem of a config at once and returns nothing', () => {
    const error = issuesOf({
      name: '',
      eventName: 42,
      url: 'not a url',
      httpMethod: 'FETCH',
      enabled: 'yes',
      auth: { authType: 'OAUTH_CLIENT_CREDENTIALS', oauthConfig: { clientSecret: 's', endpoint: 'nope', httpMethod: 'SEND', customParameterList: [{ type: 'cookie', key: 'k' }] } },
      filter: { keyToFilter: 'a..b', supportedValues: ['ok', 3] },
      filterConditions: {
        logical_operator: 'XOR',
        conditions: [
          { field: 'entity.amount', operation: 'bigger', values: ['1'] },
          { field: 'entity.amount', operation: 'greater_than', values: ['1', '2'], field_type: 'number' },
          { field: 'entity.amount', operation: 'equals', field_type: 'number' },
          { field: 'entity.amount', operation: 'equals', values: ['ten'], field_type: 'number' },
          { field: 'entity.flag', operation: 'equals', values: ['yes'], field_type: 'boolean', is_array_field: 'no' },
          { operation: 'is_empty', field_type: 'json' },
        ],
      },
      payloadConfiguration: {
        include_relations: 'true',
        custom_headers: { 'bad header': 'x', 'Webhook-Signature': 'forged', Host: 'evil', 'x-ok': 'fine', 'x-inject': 'a\r\nb: c', 'x-num': 1 },
      },
      jsonataExpression: '{ "a": ',
      signingSecret: 123,
    })
    const got = error.issues.map((i) => i.path).sort()
    expect(got).toEqual(
      [
        'name',
        'eventName',
        'url',
        'httpMethod',
        'enabled',
        'auth.oauthConfig.clientId',
        'auth.oauthConfig.endpoint',
        'auth.oauthConfig.httpMethod',
        'auth.oauthConfig.customParameterList[0].type',
        'auth.oauthConfig.customParameterList[0].value',
        'filter.keyToFilter',
        'filter.supportedValues[1]',
        'filterConditions.logical_operator',
        'filterConditions.conditions[0].operation',
        'filterConditions.conditions[1].values',
        'filterConditions.conditions[2].values',
        'filterConditions.conditions[3].values[0]',
        'filterConditions.conditions[4].values[0]',
        'filterConditions.conditions[4].is_array_field',
        'filterConditions.conditions[5].field',
        'filterConditions.conditions[5].field_type',
        'payloadConfiguration.include_relations',
        'payloadConfiguration.custom_headers.bad header',
        'payloadConfiguration.custom_headers.Webhook-Signature',
        'payloadConfiguration.custom_headers.Host',
        'payloadConfiguration.custom_headers.x-inject',
        'payloadConfiguration.custom_headers.x-num',
        'jsonataExpression',
        'signingSecret',
      ].sort(),
    )
    // the message names every problem, so a log line alone is enough to fix the config
    for (const issue of error.issues) expect(error.message).toContain(issue.path)
    expect(error.code).toBe('invalid_config')
    expect(error.status).toBe(400)
    expect(error).toBeInstanceOf(EngineError)
  })

  it('rejects a non-object', () => {
    expect(paths(null)).toEqual([''])
    expect(paths(['a'])).toEqual([''])
  })

  it('requires name and eventName', () => {
    expect(paths({})).toEqual(['eventName', 'name'])
  })

  it('rejects an invalid jsonataExpression with the JSONata error message', () => {
    const error = issuesOf({ name: 'n', eventName: 'e', jsonataExpression: 'entity.(' })
    expect(error.issues).toHaveLength(1)
    expect(error.issues[0]?.path).toBe('jsonataExpression')
    expect(error.issues[0]?.message).toMatch(/not valid JSONata: .+ \(at position \d+\)/)
  })

  it('requires the auth block that matches authType', () => {
    expect(paths({ name: 'n', eventName: 'e', auth: { authType: 'BASIC' } })).toEqual(['auth.basicAuthConfig'])
    expect(paths({ name: 'n', eventName: 'e', auth: { authType: 'API_KEY', apiKeyConfig: {} } })).toEqual(['auth.apiKeyConfig.keyName'])
    expect(paths({ name: 'n', eventName: 'e', auth: { authType: 'OAUTH_CLIENT_CREDENTIALS' } })).toEqual(['auth.oauthConfig'])
    expect(paths({ name: 'n', eventName: 'e', auth: { authType: 'BASIC', basicAuthConfig: { password: 'p' } } })).toEqual(['auth.basicAuthConfig.username'])
    expect(paths({ name: 'n', eventName: 'e', auth: { authType: 'KERBEROS' } })).toEqual(['auth.authType'])
  })

  it('accepts NONE auth with nothing else and drops blocks of other auth types', () => {
    const config = validateConfig({ name: 'n', eventName: 'e', auth: { authType: 'NONE', basicAuthConfig: { username: 'u' } } })
    expect(config.auth).toEqual({ authType: 'NONE' })
  })

  it('accepts a complete OAuth config with custom parameters', () => {
    const auth = {
      authType: 'OAUTH_CLIENT_CREDENTIALS',
      oauthConfig: {
        clientId: 'id',
        clientSecret: 'OAUTH_SECRET',
        clientSecretIsEnvVar: true,
        endpoint: 'https://login.example.com/token',
        httpMethod: 'POST',
        customParameterList: [{ type: 'body', key: 'audience', value: 'api' }],
      },
    }
    expect(validateConfig({ name: 'n', eventName: 'e', auth }).auth).toEqual(auth)
  })

  it('rejects an API key name that cannot be a header', () => {
    expect(paths({ name: 'n', eventName: 'e', auth: { authType: 'API_KEY', apiKeyConfig: { keyName: 'x api key' } } })).toEqual(['auth.apiKeyConfig.keyName'])
  })

  it('rejects reserved custom headers in any letter case', () => {
    const reserved = ['webhook-id', 'WEBHOOK-TIMESTAMP', 'webhook-signature', 'Content-Length', 'host']
    for (const name of reserved) {
      expect(paths({ name: 'n', eventName: 'e', payloadConfiguration: { custom_headers: { [name]: 'v' } } })).toEqual([`payloadConfiguration.custom_headers.${name}`])
    }
  })

  it('accepts is_empty and is_not_empty without values', () => {
    const filterConditions = { conditions: [{ field: 'a', operation: 'is_not_empty' }] }
    expect(validateConfig({ name: 'n', eventName: 'e', filterConditions }).filterConditions).toEqual(filterConditions)
  })

  it('checks condition values against field_type', () => {
    const conditions = [
      { field: 'd', operation: 'equals', values: ['2024-02-30T99:00'], field_type: 'datetime' },
      { field: 'd', operation: 'equals', values: ['2024-02-01'], field_type: 'date' },
      { field: 'b', operation: 'any_of', values: ['true', 'false'], field_type: 'boolean' },
    ]
    expect(paths({ name: 'n', eventName: 'e', filterConditions: { conditions } })).toEqual(['filterConditions.conditions[0].values[0]'])
  })

  it('checks secureProxy and _manifest shapes', () => {
    expect(paths({ name: 'n', eventName: 'e', secureProxy: { integration_id: 'nope' }, _manifest: 'abc' }).sort()).toEqual(
      ['_manifest', 'secureProxy.integration_id', 'secureProxy.use_case_slug'].sort(),
    )
  })
})

describe('validateConfig: length_* and jsonata_expression conditions', () => {
  const withConditions = (conditions: unknown[]) => ({ ...valid, filterConditions: { conditions } })

  it('accepts length_* with one non-negative integer and a condition given only as jsonata_expression', () => {
    const config = validateConfig(withConditions([{ field: 'entity.items', operation: 'length_greater_than', values: ['1'] }, { jsonata_expression: '$count(entity.items) > 1' }]))
    expect(config.filterConditions?.conditions).toEqual([{ field: 'entity.items', operation: 'length_greater_than', values: ['1'] }, { jsonata_expression: '$count(entity.items) > 1' }])
  })

  it('lists every problem: a non-integer count, an expression beside a comparison, a syntax error', () => {
    expect(
      paths(
        withConditions([
          { field: 'entity.items', operation: 'length_equals', values: ['1.5'] },
          { field: 'entity.items', operation: 'length_equals', values: ['-1', '2'] },
          { jsonata_expression: 'entity.a > 1', field: 'entity.a', operation: 'equals' },
          { jsonata_expression: 'entity.(' },
        ]),
      ),
    ).toEqual([
      'filterConditions.conditions[0].values[0]',
      'filterConditions.conditions[1].values',
      'filterConditions.conditions[1].values[0]',
      'filterConditions.conditions[2].field',
      'filterConditions.conditions[2].operation',
      'filterConditions.conditions[3].jsonata_expression',
    ])
  })
})

describe('validateConfig: filter value bounds', () => {
  it('rejects too many values, too long values and too long paths, each by path', () => {
    const long = 'x'.repeat(257)
    const error = issuesOf({
      ...valid,
      filter: { keyToFilter: 'a.'.repeat(20) + 'b', supportedValues: [...Array.from({ length: 1001 }, (_, i) => String(i))] },
      filterConditions: {
        conditions: [
          { field: 'entity.id', operation: 'any_of', values: Array.from({ length: 101 }, (_, i) => String(i)) },
          { field: 'entity.text', operation: 'contains', values: Array.from({ length: 11 }, (_, i) => String(i)) },
          { field: 'entity.text', operation: 'equals', values: [long] },
          { field: `entity.${long}`, operation: 'is_empty' },
        ],
      },
    })
    expect(error.issues.map((i) => i.path).sort()).toEqual([
      'filter.keyToFilter',
      'filter.supportedValues',
      'filterConditions.conditions[0].values',
      'filterConditions.conditions[1].values',
      'filterConditions.conditions[2].values[0]',
      'filterConditions.conditions[3].field',
    ])
    expect(error.issues.find((i) => i.path === 'filterConditions.conditions[1].values')?.message).toBe('has 11 values; at most 10 are allowed')
  })

  it('accepts values at the bounds', () => {
    expect(() =>
      validateConfig({
        ...valid,
        filterConditions: { conditions: [{ field: 'entity.id', operation: 'any_of', values: Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(256, 'x')) }] },
      }),
    ).not.toThrow()
  })
})
