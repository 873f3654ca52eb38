/**
 * Builds the web dashboard into dist/dashboard/ (`npm run build` runs it after tsup): app.js (Preact + htm + the
 * package's built browser client `dist/webhooks/index.js`, bundled and minified for browsers), styles.css and
 * index.html. Nothing is fetched at run time: these three files are the whole app.
 *
 * The dashboard's source imports `../webhooks/index` (so it type-checks against the source); the bundle takes the
 * built entry instead, the same tree-shaken file users get from `@epilot/sdk/webhooks`.
 */
import { build, type Plugin } from 'esbuild'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, rm } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const sourceDir = dirname(fileURLToPath(import.meta.url))
const root = resolve(sourceDir, '..', '..')

export interface DashboardBuildOptions {
  /** Where the files go (default dist/dashboard). */
  outdir?: string
  /** The built client entry to bundle (default dist/webhooks/index.js). */
  clientEntry?: string
  minify?: boolean
}

function builtClient(entry: string): Plugin {
  return {
    name: 'built-webhooks-client',
    setup(b) {
      b.onResolve({ filter: /\/webhooks\/index$/ }, (args) => {
        if (!args.importer.startsWith(sourceDir)) return undefined
        if (!existsSync(entry)) throw new Error(`${entry} is missing: build the package (tsup) before the dashboard`)
        return { path: entry }
      })
    },
  }
}

/** Builds the dashboard; resolves to the paths written. */
export async function buildDashboard(options: DashboardBuildOptions = {}): Promise<string[]> {
  const outdir = options.outdir ?? join(root, 'dist', 'dashboard')
  const clientEntry = options.clientEntry ?? join(root, 'dist', 'webhooks', 'index.js')
  const minify = options.minify ?? true
  await rm(outdir, { recursive: true, force: true })
  await mkdir(outdir, { recursive: true })
  await build({
    entryPoints: { app: join(sourceDir, 'main.ts'), styles: join(sourceDir, 'styles.css') },
    outdir,
    bundle: true,
    minify,
    format: 'esm',
    platform: 'browser',
    target: ['chrome111', 'firefox111', 'safari16.4'],
    legalComments: 'eof',
    sourcemap: false,
    absWorkingDir: root,
    plugins: [builtClient(clientEntry)],
    logLevel: 'warning',
    // dist/webhooks/index.js imports a shared chunk for nothing but its side effects, which (sideEffects: false) it has none of.
    logOverride: { 'ignored-bare-import': 'silent' },
  })
  await copyFile(join(sourceDir, 'index.html'), join(outdir, 'index.html'))
  return ['index.html', 'app.js', 'styles.css'].map((file) => join(outdir, file))
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await buildDashboard()
  console.log(`dashboard: ${files.length} files in ${dirname(files[0] as string)}`)
}
