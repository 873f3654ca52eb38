import { describe, expect, it } from 'vitest'
import { commands } from '../../src/generated/webhooks/commands'
import { cli, startFakeApi, useFakeApiAndConfigDir } from './helpers'

const { api, env } = useFakeApiAndConfigDir()

describe('usage errors exit 2 with a plain message and the usage line, and send nothing', () => {
  it('suggests the closest service for an unknown one', async () => {
    const result = await cli(['webhoks', 'getConfigs'], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("Error: unknown service 'webhoks'")
    expect(result.stderr).toContain('Did you mean webhooks?')
    expect(result.stderr).toContain('Usage: epilot <service> <operation> [options]')
  })

  it('suggests the closest operation for an unknown one', async () => {
    const result = await cli(['webhooks', 'getConfgi'], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("Error: unknown operation 'getConfgi'")
    expect(result.stderr).toContain('Did you mean getConfig?')
    expect(result.stderr).toContain('Usage: epilot webhooks <operation> [options]')
  })

  it('rejects an unknown flag', async () => {
    const result = await cli(['webhooks', 'getConfigs', '--colour', '-s', api.url], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("Error: unknown option '--colour'")
    expect(result.stderr).toContain('Usage: epilot webhooks getConfigs [options]')
    expect(api.requests).toHaveLength(0)
  })

  it('rejects a -p name the operation does not have, suggesting the right one', async () => {
    const result = await cli(['webhooks', 'getConfig', '-p', 'configid=1', '-s', api.url], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Error: "configid" is not a parameter of getConfig; did you mean configId? Its parameters: configId (path)')
    expect(result.stderr).toContain('Usage: epilot webhooks getConfig [options] [configId]')
    expect(api.requests).toHaveLength(0)
  })

  it('says a -p name belongs in the request body when the body has a field of that name', async () => {
    // Any top-level field of an operation's body schema, as the generated table has it.
    const spec = commands.commands.find((op) => op.body?.schema?.properties && Object.keys(op.body.schema.properties).length && op.parameters.length)
    const field = Object.keys(spec?.body?.schema?.properties ?? {})[0] as string
    const path = (spec?.parameters ?? []).filter((p) => p.in === 'path').map(() => 'x')
    const result = await cli(['webhooks', spec?.operationId as string, ...path, '-p', `${field}=abc`, '-s', api.url], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`Error: "${field}" is not a parameter of ${spec?.operationId} but a field of its request body: pass it in the body, e.g. -d '{"${field}": …}'`)
    expect(result.stderr).toContain(`(its parameters: ${spec?.parameters.map((p) => `${p.name} (${p.in})`).join(', ')})`)
    expect(api.requests).toHaveLength(0)
  })

  it('names where a mistyped -p value goes when its type is wrong', async () => {
    const result = await cli(['webhooks', 'triggerWebhook', 'cfg', '-p', 'sync=yes', '-d', '{}', '-s', api.url], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Error: query parameter sync must be true or false, got "yes"')
  })

  it('says when an operation takes no parameters at all', async () => {
    const result = await cli(['webhooks', 'getConfiguredEvents', '-p', 'limit=abc', '-s', api.url], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Error: "limit" is not a parameter of getConfiguredEvents. It takes no parameters.')
  })

  it('rejects -p without key=value', async () => {
    const result = await cli(['webhooks', 'getConfig', '-p', 'configId', '-s', api.url], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Expected key=value')
  })

  it('names a missing required parameter and how to pass it', async () => {
    const result = await cli(['webhooks', 'getEventById', 'cfg', '-s', api.url], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Error: missing required path parameter eventId: pass -p eventId=<value> or as argument 2')
    expect(result.stderr).toContain('Usage: epilot webhooks getEventById [options] [configId] [eventId]')
    expect(api.requests).toHaveLength(0)
  })

  it('reports every missing input at once', async () => {
    const result = await cli(['webhooks', 'triggerWebhook', '-s', api.url], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('missing required path parameter configId')
    expect(result.stderr).toContain('triggerWebhook needs a request body')
  })

  it('says plainly when the body is not JSON', async () => {
    const result = await cli(['webhooks', 'createConfig', '-d', '{name: crm}', '-s', api.url], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^Error: the request body from -d is not valid JSON \(.+\): pass a JSON document\n/)
    expect(result.stderr).toContain('Usage: epilot webhooks createConfig [options]')
  })

  it('says plainly when piped stdin is not JSON', async () => {
    const result = await cli(['webhooks', 'createConfig', '-s', api.url], { env: env(), stdin: 'name=crm' })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('the request body from stdin is not valid JSON')
  })

  it('rejects a body for an operation that takes none', async () => {
    const result = await cli(['webhooks', 'getConfigs', '-d', '{}', '-s', api.url], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('getConfigs takes no request body')
  })

  it('rejects a value of the wrong type', async () => {
    const result = await cli(['webhooks', 'triggerWebhook', 'cfg', '-p', 'sync=yes', '-d', '{}', '-s', api.url], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('sync must be true or false, got "yes"')
  })

  it('rejects more positional arguments than path parameters', async () => {
    const result = await cli(['webhooks', 'getConfig', 'a', 'b', '-s', api.url], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('too many arguments')
  })

  it('rejects an invalid JSONata expression before sending', async () => {
    const result = await cli(['webhooks', 'getConfigs', '--jsonata', '$[', '-s', api.url], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--jsonata expression is not valid JSONata')
    expect(api.requests).toHaveLength(0)
  })

  it('rejects --guided together with --no-interactive', async () => {
    const result = await cli(['webhooks', 'getConfigs', '--guided', '--no-interactive', '-s', api.url], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('pass only one')
  })

  it('rejects a server that is not a URL', async () => {
    const result = await cli(['webhooks', 'getConfigs', '-s', 'not a url'], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('is not a URL')
  })

  it('rejects a malformed -H header', async () => {
    const result = await cli(['webhooks', 'getConfigs', '-H', 'no-colon', '-s', api.url], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("Expected 'Key: Value'")
  })
})

describe('API errors exit 1 with the status and the API message', () => {
  it('shows status and message of an error response', async () => {
    api.reply({ status: 404, body: { message: 'config abc not found' } })
    const result = await cli(['webhooks', 'getConfig', 'abc', '-s', api.url], { env: env() })
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: 'Error: 404 Not Found: config abc not found\n' })
  })

  it('shows a text error body', async () => {
    api.reply({ status: 500, body: 'upstream exploded', headers: { 'content-type': 'text/plain' } })
    const result = await cli(['webhooks', 'getConfigs', '-s', api.url], { env: env() })
    expect(result).toMatchObject({ code: 1, stderr: 'Error: 500 Internal Server Error: upstream exploded\n' })
  })

  it('still prints the status line and headers with -i', async () => {
    api.reply({ status: 403, body: { error: 'forbidden' } })
    const result = await cli(['webhooks', 'getConfigs', '-i', '-s', api.url], { env: env() })
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/^HTTP 403 Forbidden\n/)
    expect(result.stderr).toBe('Error: 403 Forbidden: forbidden\n')
  })

  it('reports an unreachable server', async () => {
    const closed = await startFakeApi()
    await closed.close()
    const result = await cli(['webhooks', 'getConfigs', '-s', closed.url], { env: env() })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(`Error: could not reach ${closed.url}: ECONNREFUSED\n`)
  })
})
