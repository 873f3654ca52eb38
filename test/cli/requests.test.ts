import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, useFakeApiAndConfigDir } from './helpers'

const { api, dir, env } = useFakeApiAndConfigDir()

const last = () => api.requests.at(-1)

describe('building the request from the command table', () => {
  it('sends a query parameter given with -p where the spec puts it', async () => {
    const result = await cli(['webhooks', 'getPublicKey', '-p', 'orgId=123', '-s', api.url], { env: env() })
    expect(result.code).toBe(0)
    expect(last()).toMatchObject({ method: 'GET', path: '/v1/webhooks/.well-known/public-key', query: { orgId: '123' } })
  })

  it('fills path parameters from positional arguments in path order', async () => {
    await cli(['webhooks', 'getEventById', 'cfg1', 'evt2', '-s', api.url], { env: env() })
    expect(last()?.path).toBe('/v1/webhooks/configs/cfg1/events/evt2')
  })

  it('URL-encodes path parameter values', async () => {
    await cli(['webhooks', 'getConfig', '-p', 'configId=a/b c?', '-s', api.url], { env: env() })
    expect(last()?.path).toBe('/v1/webhooks/configs/a%2Fb%20c%3F')
  })

  it('sends -d as the JSON body with a JSON content type', async () => {
    await cli(['webhooks', 'createConfig', '-d', '{"name":"crm","eventName":"customer_request_created"}', '-s', api.url], { env: env() })
    expect(last()).toMatchObject({ method: 'POST', path: '/v1/webhooks/configs' })
    expect(JSON.parse(last()?.body ?? '')).toEqual({ name: 'crm', eventName: 'customer_request_created' })
    expect(last()?.headers['content-type']).toBe('application/json')
  })

  it('reads the body from piped stdin when -d is absent', async () => {
    const result = await cli(['webhooks', 'updateConfig', '-p', 'configId=7hj28a', '-s', api.url], { env: env(), stdin: '{"enabled":false}\n' })
    expect(result.code).toBe(0)
    expect(last()).toMatchObject({ method: 'PUT', path: '/v1/webhooks/configs/7hj28a' })
    expect(JSON.parse(last()?.body ?? '')).toEqual({ enabled: false })
  })

  it('reads the body from a file with -d @file', async () => {
    const file = join(dir.path, 'body.json')
    await writeFile(file, '{"eventIds":["e1","e2"]}')
    await cli(['webhooks', 'batchReplayEvents', 'cfg', '-d', `@${file}`, '-s', api.url], { env: env() })
    expect(JSON.parse(last()?.body ?? '')).toEqual({ eventIds: ['e1', 'e2'] })
  })

  it('reads the body from stdin with -d @-', async () => {
    await cli(['webhooks', 'createConfig', '-d', '@-', '-s', api.url], { env: env(), stdin: '{"from":"stdin"}' })
    expect(JSON.parse(last()?.body ?? '')).toEqual({ from: 'stdin' })
  })

  it('sends an optional body only when one is given', async () => {
    await cli(['webhooks', 'getWebhookEventsV2', 'cfg', '-s', api.url], { env: env() })
    expect(last()).toMatchObject({ method: 'POST', path: '/v2/webhooks/configs/cfg/events', body: '' })
  })

  it('adds -H headers, repeatable', async () => {
    await cli(['webhooks', 'getConfigs', '-H', 'x-request-id: abc', '-H', 'X-Trace:  t1 ', '-s', api.url], { env: env() })
    expect(last()?.headers['x-request-id']).toBe('abc')
    expect(last()?.headers['x-trace']).toBe('t1')
  })

  it('sends the --token as a bearer token', async () => {
    await cli(['webhooks', 'getConfigs', '-t', 'tok-123', '-s', api.url], { env: env() })
    expect(last()?.headers.authorization).toBe('Bearer tok-123')
  })

  it('takes the token from EPILOT_TOKEN and the server from EPILOT_SERVER', async () => {
    await cli(['webhooks', 'getConfigs'], { env: { ...env(), EPILOT_TOKEN: 'env-token', EPILOT_SERVER: api.url } })
    expect(last()?.headers.authorization).toBe('Bearer env-token')
  })

  it('prefers --token over EPILOT_TOKEN', async () => {
    await cli(['webhooks', 'getConfigs', '--token', 'flag-token', '--server', api.url], { env: { ...env(), EPILOT_TOKEN: 'env-token' } })
    expect(last()?.headers.authorization).toBe('Bearer flag-token')
  })

  it('sends no token to an operation that needs no authentication', async () => {
    await cli(['webhooks', 'getPublicKey', '-p', 'orgId=1', '-t', 'secret-token', '-s', api.url], { env: env() })
    expect(last()?.headers.authorization).toBeUndefined()
  })

  it('joins a server with a base path and the operation path', async () => {
    await cli(['webhooks', 'getConfigs', '-s', `${api.url}/base/`], { env: env() })
    expect(last()?.path).toBe('/base/v1/webhooks/configs')
  })
})

describe('printing the response', () => {
  it('pretty-prints JSON without colour when stdout is not a terminal', async () => {
    api.reply({ body: { id: 'c1', enabled: true } })
    const result = await cli(['webhooks', 'getConfig', 'c1', '-s', api.url], { env: env() })
    expect(result.stdout).toBe('{\n  "id": "c1",\n  "enabled": true\n}\n')
  })

  it('colours JSON on a terminal', async () => {
    api.reply({ body: { id: 'c1', n: 2, on: true, none: null } })
    const result = await cli(['webhooks', 'getConfig', 'c1', '-s', api.url], { env: env(), stdoutTTY: true })
    expect(result.stdout).toContain('\u001b[')
    expect(result.stdout.replace(/\u001b\[\d+m/g, '')).toBe('{\n  "id": "c1",\n  "n": 2,\n  "on": true,\n  "none": null\n}\n')
  })

  it('does not colour when NO_COLOR is set', async () => {
    const result = await cli(['webhooks', 'getConfig', 'c1', '-s', api.url], { env: { ...env(), NO_COLOR: '1' }, stdoutTTY: true })
    expect(result.stdout).not.toContain('\u001b[')
  })

  it('prints one line of raw JSON with --json', async () => {
    api.reply({ body: { id: 'c1', tags: ['a', 'b'] } })
    const result = await cli(['webhooks', 'getConfig', 'c1', '--json', '-s', api.url], { env: env(), stdoutTTY: true })
    expect(result.stdout).toBe('{"id":"c1","tags":["a","b"]}\n')
  })

  it('prints nothing for an empty body', async () => {
    api.reply({ status: 204 })
    const result = await cli(['webhooks', 'deleteConfig', 'c1', '-s', api.url], { env: env() })
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' })
  })

  it('prints a non-JSON body as the text it is', async () => {
    api.reply({ body: 'plain words', headers: { 'content-type': 'text/plain' } })
    const result = await cli(['webhooks', 'getConfigs', '-s', api.url], { env: env() })
    expect(result.stdout).toBe('plain words\n')
  })

  it('prints the status line and response headers before the body with -i', async () => {
    api.reply({ body: { ok: true }, headers: { 'x-request-id': 'req-9' } })
    const result = await cli(['webhooks', 'getConfigs', '-i', '--json', '-s', api.url], { env: env() })
    const [head, body] = result.stdout.split('\n\n')
    expect(head?.split('\n')[0]).toBe('HTTP 200 OK')
    expect(head).toContain('x-request-id: req-9')
    expect(head).toContain('content-type: application/json')
    expect(body).toBe('{"ok":true}\n')
  })

  it('transforms the body with --jsonata', async () => {
    api.reply({ body: [{ name: 'crm', enabled: true }, { name: 'erp', enabled: false }, { name: 'bi', enabled: true }] })
    const result = await cli(['webhooks', 'getConfigs', '--jsonata', '$[enabled=true].name', '--json', '-s', api.url], { env: env() })
    expect(result.stdout).toBe('["crm","bi"]\n')
  })

  it('prints nothing when the --jsonata expression selects nothing', async () => {
    api.reply({ body: { a: 1 } })
    const result = await cli(['webhooks', 'getConfigs', '--jsonata', 'missing', '-s', api.url], { env: env() })
    expect(result).toMatchObject({ code: 0, stdout: '' })
  })
})

describe('-v', () => {
  it('prints the request line and headers to stderr with the token masked', async () => {
    const result = await cli(['webhooks', 'getConfig', 'c1', '-v', '-t', 'eyJhbGciOi.secret-part.abcd', '-s', api.url], { env: env() })
    expect(result.stderr).toContain(`> GET ${api.url}/v1/webhooks/configs/c1`)
    expect(result.stderr).toContain('> authorization: Bearer ****abcd')
    expect(result.stderr).toContain('< HTTP 200 OK')
    expect(result.stderr).not.toContain('secret-part')
    expect(result.stdout).toBe('{\n  "ok": true\n}\n')
  })

  it('masks a short token entirely', async () => {
    const result = await cli(['webhooks', 'getConfigs', '-v', '-t', 'short', '-s', api.url], { env: env() })
    expect(result.stderr).toContain('> authorization: Bearer ****\n')
    expect(result.stderr).not.toContain('short')
  })

  it('shows the body it sends', async () => {
    const result = await cli(['webhooks', 'createConfig', '-v', '-d', '{"a":1}', '-s', api.url], { env: env() })
    expect(result.stderr).toContain('> {"a":1}')
  })
})
