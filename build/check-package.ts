/**
 * `npm run check:package`: "Are the types wrong?" (attw, profile node16: node10 resolution is not supported) on
 * the packed package. Prints one line when every entry point resolves; attw's full table when one does not.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { packedPackage, ROOT } from './pack'

const run = promisify(execFile)

const { tarball } = await packedPackage()
const attw = join(ROOT, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js')
try {
  const { stdout } = await run(process.execPath, [attw, tarball, '--profile', 'node16', '--format', 'json'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 })
  const report = JSON.parse(stdout) as { analysis: { entrypoints: Record<string, unknown> } }
  const entries = Object.keys(report.analysis.entrypoints)
  console.log(`check:package: types resolve for ${entries.length} entry points under node16 (ESM and CJS) and bundler`)
} catch {
  // Failed (or attw could not run): show attw's own report.
  const shown = await run(process.execPath, [attw, tarball, '--profile', 'node16'], { cwd: ROOT }).catch((error: { stdout?: string; stderr?: string }) => error)
  process.stdout.write(`${shown.stdout ?? ''}${shown.stderr ?? ''}`)
  console.error('check:package: attw found problems (above)')
  process.exitCode = 1
}
