/**
 * Finding and reading the built dashboard (dist/dashboard/). Loaded by `./dashboard` at the first dashboard
 * request only, so servers without the dashboard never load it.
 */
import { createHash } from 'node:crypto'
import { access, readdir, readFile } from 'node:fs/promises'
import { dirname, extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

/** One file of the dashboard, ready to send. */
export interface Asset {
  body: Buffer
  gzipped: Buffer | undefined
  type: string
  etag: string
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

/** Text assets larger than this are kept gzipped too. */
const GZIP_FROM_BYTES = 1024

function moduleDirectory(): string {
  // The CommonJS build has __dirname (and an empty import.meta); ESM has import.meta.url.
  return typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url))
}

/** Whether `dir` holds a built dashboard (index.html and app.js). */
export async function isBuiltDashboard(dir: string): Promise<boolean> {
  try {
    await Promise.all([access(join(dir, 'index.html')), access(join(dir, 'app.js'))])
    return true
  } catch {
    return false
  }
}

/**
 * The built dashboard next to the running module: `dist/dashboard` seen from any file under dist/ (or from the
 * source tree, once built). Looks in each parent up to the package root (the first with a package.json).
 */
export async function findDashboardDirectory(start: string = moduleDirectory()): Promise<string | undefined> {
  let dir = start
  for (;;) {
    for (const candidate of [join(dir, 'dashboard'), join(dir, 'dist', 'dashboard')]) {
      if (await isBuiltDashboard(candidate)) return candidate
    }
    const parent = dirname(dir)
    const atPackageRoot = await access(join(dir, 'package.json')).then(
      () => true,
      () => false,
    )
    if (atPackageRoot || parent === dir) return undefined
    dir = parent
  }
}

/** Reads every servable file of `directory` (its direct children with a known type). */
export async function loadAssets(directory: string): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>()
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const type = TYPES[extname(entry.name)]
    if (!entry.isFile() || !type) continue
    const body = await readFile(join(directory, entry.name))
    const compressible = !type.startsWith('image/png') && body.length >= GZIP_FROM_BYTES
    assets.set(entry.name, {
      body,
      gzipped: compressible ? gzipSync(body, { level: 9 }) : undefined,
      type,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    })
  }
  return assets
}
