/**
 * Consumer bundle sizes (esbuild, browser platform, minified, gzip level 9) of each built entry point,
 * beside two floors built in the same run: bare axios doing one GET, and bare axios + openapi-client-axios
 * (with its real js-yaml). Run after `npm run build`.
 */
import { build } from 'esbuild'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..')

export interface SizeRow {
  name: string
  minBytes: number
  gzipBytes: number
}

/** Minified and gzipped size of a browser bundle of `code` (an ES module, resolved from the repository root). */
export async function bundleSize(name: string, code: string): Promise<SizeRow> {
  const dir = mkdtempSync(join(tmpdir(), 'sdk-size-'))
  const entry = join(dir, 'entry.mjs')
  writeFileSync(entry, code)
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    absWorkingDir: root,
    nodePaths: [join(root, 'node_modules')],
    logLevel: 'silent',
  })
  const bytes = result.outputFiles[0]?.contents ?? new Uint8Array()
  return { name, minBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length }
}

/**
 * What a code-splitting bundler (Vite, webpack, esbuild --splitting) loads up front for `code`: the entry chunk and
 * the chunks it imports statically, min+gzip; dynamic imports (the spec behind `openapi()`/`help()`) stay out.
 */
export async function initialChunkSize(name: string, code: string): Promise<SizeRow> {
  const dir = mkdtempSync(join(tmpdir(), 'sdk-size-split-'))
  const entry = join(dir, 'entry.mjs')
  writeFileSync(entry, code)
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    splitting: true,
    outdir: join(dir, 'out'),
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    absWorkingDir: root,
    nodePaths: [join(root, 'node_modules')],
    logLevel: 'silent',
  })
  const outputs = result.metafile.outputs
  const start = Object.keys(outputs).find((file) => outputs[file]?.entryPoint !== undefined)
  const initial = new Set<string>()
  const visit = (file: string | undefined): void => {
    if (!file || initial.has(file)) return
    initial.add(file)
    for (const imported of outputs[file]?.imports ?? []) if (imported.kind === 'import-statement') visit(imported.path)
  }
  visit(start)
  let minBytes = 0
  let gzipBytes = 0
  for (const file of result.outputFiles) {
    const relative = file.path.slice(root.length + 1)
    if (![...initial].some((out) => relative.endsWith(out) || out.endsWith(relative))) continue
    minBytes += file.contents.length
    gzipBytes += gzipSync(file.contents, { level: 9 }).length
  }
  return { name, minBytes, gzipBytes }
}

const dist = (file: string): string => join(root, 'dist', file)

/** Entry-point consumers measured when their build exists. */
const consumers: Array<[string, string, string]> = [
  ['@epilot/sdk/webhooks (getClient + authorize + one call)', 'webhooks/index.js', `import { getClient, authorize } from '${dist('webhooks/index.js')}'\nconst c = getClient(); authorize(c, () => 't'); c.getConfigs({ eventName: 'x' })`],
  ['@epilot/sdk (epilot.webhooks + one call)', 'index.js', `import { epilot } from '${dist('index.js')}'\nepilot.authorize('t'); epilot.webhooks.getConfigs()`],
  ['@epilot/sdk/webhooks/receiver (verifyWebhook)', 'webhooks/receiver/index.js', `import { verifyWebhook } from '${dist('webhooks/receiver/index.js')}'\nexport default verifyWebhook`],
]

export async function main(): Promise<SizeRow[]> {
  const axiosFloor = await bundleSize('floor: bare axios, one GET', `import axios from 'axios'\naxios.get('https://example.com/x')`)
  const ocaFloor = await bundleSize(
    'floor: axios + openapi-client-axios',
    `import { OpenAPIClientAxios } from 'openapi-client-axios'\nconst api = new OpenAPIClientAxios({ definition: { openapi: '3.0.0', info: { title: 't', version: '1' }, paths: {} } })\napi.initSync()`,
  )
  const rows = [axiosFloor, ocaFloor]
  for (const [name, file, code] of consumers) {
    if (!existsSync(dist(file))) {
      console.warn(`skipped ${name}: dist/${file} not built (run npm run build)`)
      continue
    }
    rows.push(await bundleSize(name, code))
  }
  if (existsSync(dist('index.js'))) {
    rows.push(await initialChunkSize('@epilot/sdk (same), initial chunks with code splitting', `import { epilot } from '${dist('index.js')}'\nepilot.authorize('t'); epilot.webhooks.getConfigs()`))
  }
  const kb = (n: number): string => (n / 1024).toFixed(1).padStart(6)
  console.log('\nBundle size (min / min+gzip, KB) and gzip ratio to the bare-axios floor')
  for (const row of rows) {
    const delta = row.gzipBytes - axiosFloor.gzipBytes
    console.log(`  ${row.name.padEnd(58)} ${kb(row.minBytes)} / ${kb(row.gzipBytes)}   ${(row.gzipBytes / axiosFloor.gzipBytes).toFixed(2)}x  (${delta >= 0 ? '+' : ''}${(delta / 1024).toFixed(1)} KB gz)`)
  }
  // The budget of issue #11: a consumer of @epilot/sdk/webhooks stays within bare axios + 8 KB gz.
  const webhooks = rows.find((row) => row.name.startsWith('@epilot/sdk/webhooks ('))
  if (webhooks) {
    const extra = (webhooks.gzipBytes - axiosFloor.gzipBytes) / 1024
    console.log(`  @epilot/sdk/webhooks consumer over bare axios: ${extra.toFixed(2)} KB gz / 8 KB budget = ${(extra / 8).toFixed(2)} (goal ≤ 1.00)`)
  }
  return rows
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  await main()
}
