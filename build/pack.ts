/**
 * The package as a user installs it: `npm pack` of the current dist/, cached under
 * node_modules/.cache/epilot-sdk-pack/ and reused until dist/ or package.json changes, so `npm test` packs once
 * (check:package and every test that installs the package share the tarball).
 *
 * Packs with --ignore-scripts: `prepack` would rebuild dist/, and the tests check the build they were given.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The repository root. */
export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))

/** Where a packed package is. */
export interface PackedPackage {
  /** The .tgz `npm pack` wrote. */
  tarball: string
  /** The tarball unpacked: the folder a user's node_modules/@epilot/sdk would hold. */
  dir: string
}

function newestMtime(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

/**
 * Packs the built package (once per build) and unpacks it next to the tarball.
 * @throws Error when dist/ is missing (run `npm run build` first; `npm test` does).
 */
export async function packedPackage(root: string = ROOT): Promise<PackedPackage> {
  const dist = join(root, 'dist')
  if (!existsSync(join(dist, 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does).')
  // The state of what goes into the tarball, as a folder name: a rebuild or a package.json edit packs anew.
  const stamp = Math.floor(Math.max(newestMtime(dist), statSync(join(root, 'package.json')).mtimeMs)).toString(36)
  const cache = join(root, 'node_modules', '.cache', 'epilot-sdk-pack')
  const target = join(cache, stamp)
  const packed = (): PackedPackage | undefined => {
    if (!existsSync(join(target, 'package', 'package.json'))) return undefined
    const tarball = readdirSync(target).find((name) => name.endsWith('.tgz'))
    return tarball ? { tarball: join(target, tarball), dir: join(target, 'package') } : undefined
  }
  const ready = packed()
  if (ready) return ready

  // Pack into a private folder and move it into place in one rename: test files packing at the same time
  // each get a complete package (the first rename wins; the others drop theirs).
  mkdirSync(cache, { recursive: true })
  const work = mkdtempSync(join(cache, 'tmp-'))
  try {
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root })
    const { filename } = (JSON.parse(stdout) as Array<{ filename: string }>)[0]!
    await run('tar', ['-xzf', join(work, filename), '-C', work])
    try {
      renameSync(work, target)
    } catch (error) {
      if (!packed()) throw error
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  for (const old of readdirSync(cache)) {
    if (old !== stamp && !old.startsWith('tmp-')) rmSync(join(cache, old), { recursive: true, force: true })
  }
  const done = packed()
  if (!done) throw new Error(`npm pack left no package in ${target}`)
  return done
}
