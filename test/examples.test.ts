/**
 * Every project in examples/ works as a user's project would: a copy in a temporary folder gets
 * node_modules/@epilot/sdk = the packed package (build/pack.ts) and its other declared dependencies linked from
 * this repository's node_modules (offline; an undeclared import fails). Then its `tsc -p .` and its own vitest
 * suite must pass.
 */
import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packedPackage, ROOT } from '../build/pack'

const run = promisify(execFile)
const EXAMPLES = join(ROOT, 'examples')
const examples = readdirSync(EXAMPLES).filter((name) => existsSync(join(EXAMPLES, name, 'package.json')))

interface Manifest {
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  scripts?: Record<string, string>
}

let work: string
let sdk: string

beforeAll(async () => {
  sdk = (await packedPackage()).dir
  work = mkdtempSync(join(tmpdir(), 'sdk-examples-'))
}, 120_000)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

/** Copies an example and links its declared dependencies; returns the copy's folder. */
function install(name: string): string {
  const project = join(work, name)
  cpSync(join(EXAMPLES, name), project, { recursive: true, filter: (source) => !source.includes('node_modules') })
  const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as Manifest
  for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })) {
    const link = join(project, 'node_modules', dependency)
    mkdirSync(dirname(link), { recursive: true })
    const target = dependency === '@epilot/sdk' ? sdk : join(ROOT, 'node_modules', dependency)
    if (!existsSync(target)) throw new Error(`${name} depends on ${dependency}, which this repository does not install`)
    symlinkSync(target, link, 'dir')
  }
  return project
}

/** Runs a tool of the example's node_modules; resolves to its output when it fails, '' when it passes. */
async function tool(project: string, script: string, args: string[]): Promise<string> {
  // A clean environment for the nested vitest (no variables of the vitest running this file).
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_OPTIONS' && key !== 'TEST'))
  return run(process.execPath, [join(project, 'node_modules', script), ...args], { cwd: project, env, timeout: 150_000, maxBuffer: 16 * 1024 * 1024 }).then(
    () => '',
    (error: { stdout?: string; stderr?: string; message?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}` || String(error.message),
  )
}

describe('examples/', () => {
  it('has the projects the README lists, each importing @epilot/sdk, not the sources', () => {
    expect(examples).toEqual(expect.arrayContaining(['call-api', 'express-receiver', 'hono-receiver', 'nextjs-route', 'engine-vitest', 'inbound-webhook']))
    for (const name of examples) {
      const manifest = JSON.parse(readFileSync(join(EXAMPLES, name, 'package.json'), 'utf8')) as Manifest
      expect(manifest.dependencies?.['@epilot/sdk'], name).toBeDefined()
      expect(manifest.scripts?.test, name).toBe('vitest run')
    }
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
      )
    for (const file of examples.flatMap((name) => sources(join(EXAMPLES, name)))) {
      // An import that leaves the example's folder (into the repository's src/) would not work in a user's copy.
      const depth = file.slice(EXAMPLES.length + 1).split('/').length - 1
      const escaping = new RegExp(`from '(\\.\\./){${depth},}`)
      expect(readFileSync(file, 'utf8'), file).not.toMatch(escaping)
    }
  })

  it.each(examples)('%s type-checks and passes its own tests against the packed package', async (name) => {
    const project = install(name)
    expect(await tool(project, 'typescript/bin/tsc', ['-p', '.']), `tsc in examples/${name}`).toBe('')
    expect(await tool(project, 'vitest/vitest.mjs', ['run', '--reporter=dot']), `vitest in examples/${name}`).toBe('')
  }, 300_000)
})
