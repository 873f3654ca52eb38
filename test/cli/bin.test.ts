import { execFile, spawn } from 'node:child_process'
import { mkdir, readFile, rm, stat } from 'node:fs/promises'
import { isBuiltin } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeApi, tempDir, type FakeApi } from './helpers'

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

function run(command: string, args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: config.path,
      env: { PATH: process.env.PATH, EPILOT_CONFIG_DIR: config.path },
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
    const child = spawn('node', [bin, 'webhooks', 'serve', '--json'], { cwd: config.path, env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] })
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    const line = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        if (out.includes('\n')) resolve(out.split('\n')[0] as string)
      })
      child.on('close', () => reject(new Error('serve exited early')))
    })
    const { url, token } = JSON.parse(line) as { url: string; token: string }
    const events = await run(bin, ['webhooks', 'getConfiguredEvents', '-s', url, '-t', token, '--jsonata', '$count($)', '--json'])
    expect(events).toMatchObject({ code: 0, stderr: '' })
    expect(Number(events.stdout)).toBeGreaterThan(0)
    child.kill('SIGINT')
    expect(await exited).toBe(130)
  })

  it('lists the operations', async () => {
    const result = await run('node', [bin, 'webhooks'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('getWebhookEventsV2')
  })
})
