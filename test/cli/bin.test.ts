import { execFile, execFileSync, spawn } from 'node:child_process'
import { mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { isBuiltin } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeApi, tempDir, type FakeApi, type RecordedRequest, type Reply } from './helpers'

const root = fileURLToPath(new URL('../../', import.meta.url))
// Built with the project's own tsup config (same options as dist/), CLI entry only, into a directory
// inside the project so the bin resolves its dependencies from node_modules exactly as when installed.
// Building into dist/ itself would wipe the other entries other suites read (tsup cleans its outDir).
const outDir = join(root, 'node_modules', '.cache', `epilot-cli-bin-${process.pid}`)
const bin = join(outDir, 'cli', 'main.js')

let api: FakeApi
let config: Awaited<ReturnType<typeof tempDir>>

beforeAll(async () => {
  await mkdir(outDir, { recursive: true })
  await promisify(execFile)('npx', ['tsup', '--entry.cli/main', 'src/cli/main.ts', '--format', 'esm', '--no-dts', '--out-dir', outDir], { cwd: root })
  api = await startFakeApi()
  config = await tempDir()
}, 60_000)
afterAll(async () => {
  await api?.close()
  await config?.remove()
  await rm(outDir, { recursive: true, force: true })
})

function run(command: string, args: string[], stdin?: string, env: Record<string, string | undefined> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: config.path,
      env: { PATH: process.env.PATH, EPILOT_CONFIG_DIR: config.path, ...env },
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    if (stdin !== undefined) child.stdin?.end(stdin)
  })
}

describe('the built bin', () => {
  it('is what package.json bin points to: dist/cli/main.js from the cli/main tsup entry', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> }
    expect(pkg.bin).toEqual({ epilot: './dist/cli/main.js' })
    expect(await readFile(join(root, 'tsup.config.ts'), 'utf8')).toContain("'cli/main': 'src/cli/main.ts'")
  })

  it('keeps the shebang and is executable', async () => {
    expect((await readFile(bin, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true)
    expect((await stat(bin)).mode & 0o111).not.toBe(0)
  })

  it('loads only commander at start-up: jsonata, prompts, the engine and the receiver load when a command needs them', async () => {
    // Every module the bin imports statically, following its own chunks; dynamic import() is left out.
    const loaded = new Set<string>()
    const visit = async (file: string): Promise<void> => {
      for (const [, specifier] of (await readFile(file, 'utf8')).matchAll(/^import\s(?:[^'"]*?\sfrom\s)?['"]([^'"]+)['"]/gm)) {
        if (!specifier?.startsWith('.')) loaded.add(specifier as string)
        else if (!loaded.has(resolve(dirname(file), specifier))) {
          loaded.add(resolve(dirname(file), specifier))
          await visit(resolve(dirname(file), specifier))
        }
      }
    }
    await visit(bin)
    expect([...loaded].filter((name) => !name.startsWith('/') && !isBuiltin(name))).toEqual(['commander'])
    const sources = await Promise.all([...loaded].filter((name) => name.startsWith('/')).map((file) => readFile(file, 'utf8')))
    expect(sources.some((text) => text.includes('createEngine') || text.includes('createNodeHandler'))).toBe(false)
  })

  it('runs as a program: calls the API with a body piped on stdin and prints the response', async () => {
    api.reply({ body: { id: 'c1' } })
    const result = await run(bin, ['webhooks', 'createConfig', '-s', api.url, '--json'], '{"name":"crm"}')
    expect(result).toMatchObject({ code: 0, stdout: '{"id":"c1"}\n', stderr: '' })
    expect(JSON.parse(api.requests.at(-1)?.body ?? '')).toEqual({ name: 'crm' })
  })

  it('exits 1 on an API error and 2 on a usage error', async () => {
    api.reply({ status: 404, body: { message: 'config abc not found' } })
    const apiError = await run('node', [bin, 'webhooks', 'getConfig', 'abc', '-s', api.url])
    expect(apiError).toMatchObject({ code: 1, stderr: 'Error: 404 Not Found: config abc not found\n' })
    const usage = await run('node', [bin, 'webhooks', 'getConfgi'])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('Did you mean getConfig?')
  })

  it('serves the engine until Ctrl+C, and the bin talks to it', async () => {
    const { url, token, stop } = await serveBin()
    const events = await run(bin, ['webhooks', 'getConfiguredEvents', '-s', url, '-t', token, '--jsonata', '$count($)', '--json'])
    expect(events).toMatchObject({ code: 0, stderr: '' })
    expect(Number(events.stdout)).toBeGreaterThan(0)
    expect(await stop()).toBe(130)
  })

  it('lists the operations', async () => {
    const result = await run('node', [bin, 'webhooks'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('getWebhookEventsV2')
  })
})

/** Starts `node <bin> webhooks serve --json …`; resolves with its URL and token and a stop function. */
async function serveBin(args: string[] = []): Promise<{ url: string; token: string; stop(): Promise<number | null> }> {
  const child = spawn('node', [bin, 'webhooks', 'serve', '--json', ...args], { cwd: config.path, env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
  const line = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('\n')) resolve(out.split('\n')[0] as string)
    })
    child.on('close', () => reject(new Error('serve exited early')))
  })
  return { ...(JSON.parse(line) as { url: string; token: string }), stop: () => (child.kill('SIGINT'), exited) }
}

/** Whether util-linux `script` is here to give a command a pseudo-terminal. */
const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

describe('the built bin: what issue 16 asked of the CLI', () => {
  const metadata = '{"metadata":{"organization_id":"1"}}'

  it('exits 1 when a sync trigger reports a failed delivery, 0 when it succeeded', async () => {
    api.reply({ body: { event_id: 'evt-1', status: 'failed', status_code: '503', message: 'Service Unavailable' } })
    const failed = await run('node', [bin, 'webhooks', 'triggerWebhook', 'cfg', '-p', 'sync=true', '-d', metadata, '-s', api.url, '--json'])
    expect(failed).toMatchObject({ code: 1, stderr: 'Error: the delivery of event evt-1 failed: 503 Service Unavailable\n' })
    expect(JSON.parse(failed.stdout)).toMatchObject({ status: 'failed' })
    api.reply({ body: { event_id: 'evt-2', status: 'succeeded', status_code: '200' } })
    expect(await run('node', [bin, 'webhooks', 'triggerWebhook', 'cfg', '-p', 'sync=true', '-d', metadata, '-s', api.url])).toMatchObject({ code: 0, stderr: '' })
  })

  it.skipIf(!hasScript)('shows the waiting line on a terminal (a pseudo-terminal from script), with the attempt from the event log', async () => {
    let release = (): void => {}
    const released = new Promise<void>((resolve) => (release = resolve))
    api.reply(async (request: RecordedRequest): Promise<Reply> => {
      if (request.path.endsWith('/trigger')) {
        await released
        return { body: { event_id: 'evt-3', status: 'succeeded', status_code: '200' } }
      }
      return { body: { data: [{ event_id: 'evt-3', status: 'in_progress', attempts: 1, http_response: { status_code: 503, message: 'Service Unavailable' } }], has_more: false } }
    })
    const out = join(config.path, 'trigger-out.json')
    const command = `node ${bin} webhooks triggerWebhook cfg -p sync=true -d '${metadata}' -s ${api.url} > ${out}`
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: config.path, env: { PATH: process.env.PATH, EPILOT_CONFIG_DIR: config.path }, stdio: ['pipe', 'pipe', 'pipe'] })
    let terminal = ''
    child.stdout.on('data', (chunk: Buffer) => {
      terminal += chunk.toString()
      if (terminal.includes('attempt 2 of 3; attempt 1: 503 Service Unavailable')) release()
    })
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    release()
    expect(code).toBe(0)
    expect(terminal).toContain('\r\u001b[2Kwaiting for the delivery (sync: up to 3 attempts of 30 s)… 0 s')
    expect(terminal).toMatch(/\r\u001b\[2K$/)
    expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({ status: 'succeeded' })
  })

  it('says what replayEvent and batchReplayEvents queued', async () => {
    api.reply({ status: 204 })
    expect(await run('node', [bin, 'webhooks', 'replayEvent', 'cfg', 'evt-1', '-s', api.url])).toMatchObject({ code: 0, stdout: '', stderr: 'Replay of event evt-1 queued (HTTP 204)\n' })
    api.reply({ status: 202, body: { replayed_event_ids: ['a'] } })
    const batch = await run('node', [bin, 'webhooks', 'batchReplayEvents', 'cfg', '-d', '{"eventIds":["a"]}', '-s', api.url])
    expect(batch).toMatchObject({ code: 0, stderr: 'Queued replays of 1 event: a (HTTP 202)\n' })
  })

  it('lists body fields in help, and the example body of createConfig works against the bin’s own serve', async () => {
    const help = await run('node', [bin, 'webhooks', 'createConfig', '--help'])
    expect(help.stdout).toMatch(/FIELD\s+TYPE\s+REQUIRED\s+DESCRIPTION/)
    for (const name of ['name', 'eventName', 'url']) expect(help.stdout).toMatch(new RegExp(`\\n  ${name}\\s+string\\s`))
    const body = help.stdout.match(/Example body:\n {2}(.*)\n/)?.[1] as string
    const server = await serveBin()
    try {
      const created = await run('node', [bin, 'webhooks', 'createConfig', '-d', body, '--json'], undefined, { EPILOT_SERVER: server.url, EPILOT_TOKEN: server.token })
      expect(created).toMatchObject({ code: 0, stderr: '' })
      expect(JSON.parse(created.stdout)).toMatchObject(JSON.parse(body))
    } finally {
      expect(await server.stop()).toBe(130)
    }
  })

  it('says where a -p name belongs', async () => {
    const result = await run('node', [bin, 'webhooks', 'getConfig', '-p', 'configid=1', '-s', api.url])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('"configid" is not a parameter of getConfig; did you mean configId? Its parameters: configId (path)')
  })

  it('refuses a profile whose server is not a URL, and says when it replaces one', async () => {
    const bad = await run('node', [bin, 'profile', 'add', 'x', '--token', 't', '--server', 'not-a-url'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('"not-a-url" is not a URL')
    await run('node', [bin, 'profile', 'add', 'bin-profile', '--token', 'token-one-123456'])
    const replaced = await run('node', [bin, 'profile', 'add', 'bin-profile', '--token', 'token-two-abcdef'])
    expect(replaced.stdout).toContain('Replaced profile bin-profile')
  })

  it('prints a bash completion script that parses and completes operations and profile names through the bin on the PATH', async () => {
    const binDir = join(config.path, 'path-bin')
    await mkdir(binDir, { recursive: true })
    await symlink(bin, join(binDir, 'epilot')).catch(() => undefined)
    await run('node', [bin, 'profile', 'add', 'completed-profile', '--token', 'token-123456789'])
    const script = await run('node', [bin, 'completion', 'bash'])
    expect(script.code).toBe(0)
    const file = join(config.path, 'epilot.bash')
    await writeFile(file, script.stdout)
    await promisify(execFile)('bash', ['-n', file])
    const driver = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _epilot_completion; printf '%s\\n' "\${COMPREPLY[@]}"`
    const complete = async (...words: string[]) =>
      (await promisify(execFile)('bash', ['-c', driver, 'bash', file, 'epilot', ...words], { env: { PATH: `${binDir}:${process.env.PATH}`, EPILOT_CONFIG_DIR: config.path } })).stdout
    expect((await complete('webhooks', 'triggerW')).trim()).toBe('triggerWebhook')
    expect((await complete('webhooks', 'getConfigs', '--profile', 'comp')).trim()).toBe('completed-profile')
  })

  it('prints hints with the command that started it: node <path> when node ran the file, epilot through a bin link', async () => {
    const direct = spawn('node', [bin, 'webhooks', 'serve'], { cwd: config.path, env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] })
    const binDir = join(config.path, 'path-bin')
    await mkdir(binDir, { recursive: true })
    await symlink(bin, join(binDir, 'epilot')).catch(() => undefined)
    const linked = spawn(join(binDir, 'epilot'), ['webhooks', 'serve'], { cwd: config.path, env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] })
    const hints = await Promise.all(
      [direct, linked].map(
        (child) =>
          new Promise<string>((resolve) => {
            let out = ''
            child.stdout.on('data', (chunk: Buffer) => {
              out += chunk.toString()
              if (out.includes('Ctrl+C')) {
                child.kill('SIGINT')
                resolve(out)
              }
            })
          }),
      ),
    )
    expect(hints[0]).toContain(`\n  node ${bin} webhooks getConfiguredEvents\n`)
    expect(hints[1]).toContain('\n  epilot webhooks getConfiguredEvents\n')
  })
})
