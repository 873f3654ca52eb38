/**
 * Type test: the receiver recipes of README.md and docs/signatures.md (every ```ts block after a
 * `<!-- recipe: name -->` marker) compile against the packed package as a user installs it: `npm pack` of the
 * built package (shared by the test run: build/pack.ts), unpacked into a project under a temporary folder, with Express, Hono and their types from
 * this repo's node_modules (no network). Four combinations, one tsc run each, run in parallel:
 * `@types/node` 20 and the newest (devDependency `@types/node-newest`) × `moduleResolution` node16 and bundler.
 * Those skip checking library declarations (checking @types/node itself takes most of a run); a fifth run
 * checks the package's own declarations in full, as a browser/worker project sees them: DOM types, no
 * @types/node.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packedPackage } from '../../../build/pack'

const run = promisify(execFile)
const root = resolve(fileURLToPath(new URL('../../../', import.meta.url)))
const modules = join(root, 'node_modules')

/** The marked recipes of a markdown file, by name. */
function recipes(file: string): Array<[string, string]> {
  const text = readFileSync(join(root, file), 'utf8')
  return [...text.matchAll(/<!-- recipe: ([\w-]+) -->\s*```ts\n([\s\S]*?)```/g)].map((match) => [`${file.replace(/\W+/g, '-')}-${match[1]}`, match[2]!])
}

// What the recipes leave to the reader, declared after the recipe (declarations are hoisted).
const PRELUDE = '\ndeclare function handle(payload: unknown): Promise<void>\n'
// Next.js calls a route handler with the request and a context; ours must fit that signature.
const NEXT_CONTRACT =
  '\nexport const nextRouteContract: (request: Request, context: { params: Promise<Record<string, string | string[] | undefined>> }) => Response | Promise<Response> = POST\n'

/** A project of the portable build's users: browser types, no @types/node, our declarations checked in full. */
const BROWSER = {
  compilerOptions: { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022', 'DOM'], types: [], module: 'ESNext', moduleResolution: 'bundler', skipLibCheck: false, skipDefaultLibCheck: true, preserveSymlinks: true },
  code:
    "import { createFetchHandler, verifyWebhook, type VerifiedDelivery } from '@epilot/sdk/webhooks/receiver'\n" +
    "export const handler: (request: Request) => Promise<Response> = createFetchHandler({ publicKey: 'whpk_…' }, () => undefined)\n" +
    "export const text: Promise<string> = verifyWebhook({ body: '', headers: new Headers(), secret: 'whsec_…', parse: false })\n" +
    'export type Delivery = VerifiedDelivery<{ event: string }>\n',
}

const COMBINATIONS = [
  { types: 'node', moduleResolution: 'node16' },
  { types: 'node', moduleResolution: 'bundler' },
  { types: 'node-newest', moduleResolution: 'node16' },
  { types: 'node-newest', moduleResolution: 'bundler' },
] as const

let work: string
let unpacked: string

/** Links this repo's node_modules into `project` (symlinks: nothing is copied, nothing fetched). */
function linkModules(project: string, typesNode: string): void {
  const target = join(project, 'node_modules')
  mkdirSync(join(target, '@types'), { recursive: true })
  mkdirSync(join(target, '@epilot'), { recursive: true })
  symlinkSync(unpacked, join(target, '@epilot', 'sdk'), 'dir')
  for (const entry of readdirSync(modules)) {
    if (entry === '.bin' || entry === '@types' || entry === '@epilot' || entry.startsWith('.')) continue
    symlinkSync(join(modules, entry), join(target, entry), 'dir')
  }
  for (const entry of readdirSync(join(modules, '@types'))) {
    if (entry === 'node' || entry === 'node-newest') continue
    symlinkSync(join(modules, '@types', entry), join(target, '@types', entry), 'dir')
  }
  symlinkSync(join(modules, '@types', typesNode), join(target, '@types', 'node'), 'dir')
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sdk-recipes-'))
  unpacked = (await packedPackage(root)).dir
}, 120_000)

afterAll(() => {
  if (work && !process.env.KEEP_RECIPES) rmSync(work, { recursive: true, force: true })
})

describe('README and docs receiver recipes', () => {
  const all = [...recipes('README.md'), ...recipes('docs/signatures.md')]

  it('are marked in README.md: Express, Next.js, Hono and Node http', () => {
    expect(recipes('README.md').map(([name]) => name)).toEqual(['README-md-express', 'README-md-nextjs', 'README-md-hono', 'README-md-node'])
  })

  it(
    'compile against the packed package with @types/node 20 and the newest, under node16 and bundler',
    async () => {
      const started = performance.now()
      const tsc = (project: string) =>
        run(process.execPath, [join(modules, 'typescript', 'bin', 'tsc'), '-p', project], { cwd: project }).then(
          () => '',
          (err: { stdout?: string }) => err.stdout ?? String(err),
        )
      const browser = (async () => {
        const project = join(work, 'browser')
        mkdirSync(join(project, 'src'), { recursive: true })
        linkModules(project, 'node')
        writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: BROWSER.compilerOptions, include: ['src'] }, null, 2))
        writeFileSync(join(project, 'src', 'portable-user.ts'), BROWSER.code)
        return { combination: 'browser: DOM types, no @types/node, declarations checked', output: await tsc(project) }
      })()
      const results = await Promise.all([
        browser,
        ...COMBINATIONS.map(async ({ types, moduleResolution }) => {
          const project = join(work, `${types}-${moduleResolution}`)
          mkdirSync(join(project, 'src'), { recursive: true })
          linkModules(project, types)
          writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'recipes', private: true, type: 'module' }))
          const compilerOptions = {
            strict: true,
            noEmit: true,
            target: 'ES2022',
            lib: ['ES2022'],
            types: ['node'],
            module: moduleResolution === 'node16' ? 'Node16' : 'ESNext',
            moduleResolution,
            esModuleInterop: true,
            skipLibCheck: true,
            preserveSymlinks: true,
          }
          writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }, null, 2))
          for (const [name, code] of all) {
            writeFileSync(join(project, 'src', `${name}.ts`), code + PRELUDE + (name.endsWith('nextjs') ? NEXT_CONTRACT : ''))
          }
          return { combination: `@types/${types} + ${moduleResolution}`, output: await tsc(project) }
        }),
      ])
      console.log(`recipes type test: ${results.length} tsc runs in ${Math.round(performance.now() - started)} ms`)
      for (const { combination, output } of results) expect(output, combination).toBe('')
    },
    180_000,
  )
})
