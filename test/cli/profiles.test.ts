import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { cli, startFakeApi, tempDir, type FakeApi } from './helpers'

let api: FakeApi
let dir: Awaited<ReturnType<typeof tempDir>>
const env = (): Record<string, string> => ({ EPILOT_CONFIG_DIR: dir.path })
const readConfig = async (path = join(dir.path, 'config.json')): Promise<unknown> => JSON.parse(await readFile(path, 'utf8'))

beforeAll(async () => {
  api = await startFakeApi()
})
afterAll(() => api.close())
beforeEach(async () => {
  dir = await tempDir()
  api.requests.length = 0
})
afterEach(() => dir.remove())

describe('epilot profile', () => {
  it('adds a profile to config.json, readable by its owner only, and makes the first one current', async () => {
    const result = await cli(['profile', 'add', 'dev', '--token', 'dev-token-123456', '--server', api.url], { env: env() })
    expect(result).toMatchObject({ code: 0, stdout: `Saved profile dev (current): token ****3456, server ${api.url}\n` })
    expect(await readConfig()).toEqual({ current: 'dev', profiles: { dev: { token: 'dev-token-123456', server: api.url } } })
    expect((await stat(join(dir.path, 'config.json'))).mode & 0o777).toBe(0o600)
  })

  it('lists profiles with masked tokens and marks the current one', async () => {
    await cli(['profile', 'add', 'dev', '-t', 'dev-token-123456', '-s', api.url], { env: env() })
    await cli(['profile', 'add', 'prod', '-t', 'prod-token-abcdef'], { env: env() })
    const result = await cli(['profile', 'list'], { env: env() })
    expect(result.stdout).toBe(`* dev   ****3456  ${api.url}\n  prod  ****cdef\n`)
    expect(result.stdout).not.toContain('token-')
  })

  it('lists profiles as JSON with masked tokens', async () => {
    await cli(['profile', 'add', 'dev', '-t', 'dev-token-123456'], { env: env() })
    const result = await cli(['profile', 'list', '--json'], { env: env() })
    expect(JSON.parse(result.stdout)).toEqual([{ name: 'dev', current: true, token: '****3456', server: '' }])
  })

  it('switches the current profile with use', async () => {
    await cli(['profile', 'add', 'dev', '-t', 'dev-token-123456'], { env: env() })
    await cli(['profile', 'add', 'prod', '-t', 'prod-token-abcdef'], { env: env() })
    expect((await cli(['profile', 'use', 'prod'], { env: env() })).stdout).toBe('Now using profile prod\n')
    expect(await readConfig()).toMatchObject({ current: 'prod' })
  })

  it('removes a profile, and the current marker with it', async () => {
    await cli(['profile', 'add', 'dev', '-t', 'dev-token-123456'], { env: env() })
    expect((await cli(['profile', 'remove', 'dev'], { env: env() })).code).toBe(0)
    expect(await readConfig()).toEqual({ profiles: {} })
  })

  it('says what removing the current profile leaves, and which profiles remain', async () => {
    await cli(['profile', 'add', 'dev', '-t', 'dev-token-123456'], { env: env() })
    await cli(['profile', 'add', 'prod', '-t', 'prod-token-abcdef'], { env: env() })
    const result = await cli(['profile', 'remove', 'dev'], { env: env() })
    expect(result).toMatchObject({ code: 0, stdout: 'Removed profile dev\n' })
    expect(result.stderr).toBe(
      'It was the current profile: no profile is current now, so requests use only --token/--server and EPILOT_TOKEN/EPILOT_SERVER. Pick another with epilot profile use <name> (profiles: prod).\n',
    )
    const other = await cli(['profile', 'remove', 'prod'], { env: env() })
    expect(other).toMatchObject({ code: 0, stdout: 'Removed profile prod\n', stderr: '' })
  })

  it('says that add replaced a profile, and what it was (tokens masked)', async () => {
    await cli(['profile', 'add', 'dev', '-t', 'dev-token-123456', '-s', api.url], { env: env() })
    const result = await cli(['profile', 'add', 'dev', '-t', 'new-token-abcdef'], { env: env() })
    expect(result).toMatchObject({
      code: 0,
      stdout: `Replaced profile dev (current): token ****cdef, default server (was token ****3456, server ${api.url})\n`,
    })
    expect(await readConfig()).toEqual({ current: 'dev', profiles: { dev: { token: 'new-token-abcdef' } } })
  })

  it('refuses a server that is not an http(s) URL at once, and saves nothing', async () => {
    for (const server of ['not-a-url', 'ftp://files.example.com', 'localhost:4010']) {
      const result = await cli(['profile', 'add', 'x', '--token', 'tok', '--server', server], { env: env() })
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`option '-s, --server <url>' argument '${server}' is invalid. "${server}" is not`)
      expect(result.stderr).toContain('pass http(s)://host[:port][/base-path]')
    }
    await expect(stat(join(dir.path, 'config.json'))).rejects.toThrow()
  })

  it('refuses an empty token', async () => {
    const result = await cli(['profile', 'add', 'x', '--token', ' '], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('the token is empty')
  })

  it('lists only the names with --names, for scripts and completion', async () => {
    await cli(['profile', 'add', 'dev', '-t', 'dev-token-123456'], { env: env() })
    await cli(['profile', 'add', 'prod', '-t', 'prod-token-abcdef'], { env: env() })
    expect(await cli(['profile', 'list', '--names'], { env: env() })).toMatchObject({ code: 0, stdout: 'dev\nprod\n', stderr: '' })
  })

  it('refuses to use or remove a profile that does not exist', async () => {
    await cli(['profile', 'add', 'dev', '-t', 'dev-token-123456'], { env: env() })
    for (const verb of ['use', 'remove']) {
      const result = await cli(['profile', verb, 'stage'], { env: env() })
      expect(result.code).toBe(2)
      expect(result.stderr).toContain('no profile named "stage" (profiles: dev)')
    }
  })

  it('requires --token for add', async () => {
    const result = await cli(['profile', 'add', 'dev'], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("required option '-t, --token <token>' not specified")
  })

  it('tightens the mode of a config file that already existed', async () => {
    await writeFile(join(dir.path, 'config.json'), '{"profiles":{}}', { mode: 0o644 })
    await cli(['profile', 'add', 'dev', '-t', 'x'], { env: env() })
    expect((await stat(join(dir.path, 'config.json'))).mode & 0o777).toBe(0o600)
  })

  it('says how to fix a config file that is not JSON', async () => {
    await writeFile(join(dir.path, 'config.json'), '{oops')
    const result = await cli(['profile', 'list'], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('is not valid JSON: fix it or delete it')
  })

  it('keeps the config in $XDG_CONFIG_HOME/epilot, else ~/.config/epilot', async () => {
    await cli(['profile', 'add', 'a', '-t', 'x'], { env: { XDG_CONFIG_HOME: dir.path } })
    expect(await readConfig(join(dir.path, 'epilot', 'config.json'))).toMatchObject({ current: 'a' })
    await cli(['profile', 'add', 'b', '-t', 'y'], { env: { HOME: dir.path } })
    expect(await readConfig(join(dir.path, '.config', 'epilot', 'config.json'))).toMatchObject({ current: 'b' })
  })
})

describe('profiles in requests', () => {
  beforeEach(async () => {
    await cli(['profile', 'add', 'dev', '-t', 'dev-token', '-s', api.url], { env: env() })
    await cli(['profile', 'add', 'other', '-t', 'other-token', '-s', api.url], { env: env() })
  })

  it('uses the current profile token and server', async () => {
    expect((await cli(['webhooks', 'getConfigs'], { env: env() })).code).toBe(0)
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer dev-token')
  })

  it('uses the profile named by --profile', async () => {
    await cli(['webhooks', 'getConfigs', '--profile', 'other'], { env: env() })
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer other-token')
  })

  it('prefers EPILOT_TOKEN over the profile, and --token over both', async () => {
    await cli(['webhooks', 'getConfigs'], { env: { ...env(), EPILOT_TOKEN: 'env-token' } })
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer env-token')
    await cli(['webhooks', 'getConfigs', '-t', 'flag-token'], { env: { ...env(), EPILOT_TOKEN: 'env-token' } })
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer flag-token')
  })

  it('prefers EPILOT_SERVER over the profile server, and --server over both', async () => {
    const other = await startFakeApi()
    try {
      await cli(['webhooks', 'getConfigs'], { env: { ...env(), EPILOT_SERVER: other.url } })
      expect(other.requests).toHaveLength(1)
      await cli(['webhooks', 'getConfigs', '-s', api.url], { env: { ...env(), EPILOT_SERVER: other.url } })
      expect(other.requests).toHaveLength(1)
      expect(api.requests).toHaveLength(1)
    } finally {
      await other.close()
    }
  })

  it('fails with a usage error for an unknown --profile', async () => {
    const result = await cli(['webhooks', 'getConfigs', '--profile', 'nope'], { env: env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('no profile named "nope" (profiles: dev, other)')
  })

  it('says how to add the first profile when --profile names one and there are none', async () => {
    const empty = await tempDir()
    try {
      const result = await cli(['webhooks', 'getConfigs', '--profile', 'dev', '-s', api.url], { env: { EPILOT_CONFIG_DIR: empty.path } })
      expect(result.code).toBe(2)
      expect(result.stderr).toContain('no profile named "dev" (no profiles yet): add it with epilot profile add dev --token <token>')
    } finally {
      await empty.remove()
    }
  })
})
