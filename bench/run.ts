/**
 * `npm run bench`: builds the package, then runs every benchmark script in bench/ that exists.
 * Each script measures its own floor in the same run and prints figures as ratios to it.
 */
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

const benches = ['size.ts', 'filters.ts', 'fanout.ts', 'engine.ts', 'delivery.ts', 'receiver.ts', 'dashboard.ts', 'transform.ts']
const here = fileURLToPath(new URL('.', import.meta.url))

execSync('npm run build --silent', { stdio: 'inherit', cwd: `${here}..` })
for (const file of benches) {
  const path = `${here}${file}`
  if (!existsSync(path)) continue
  console.log(`\n=== bench/${file} ===`)
  const module = (await import(pathToFileURL(path).href)) as { main?: () => Promise<unknown> }
  if (typeof module.main !== 'function') throw new Error(`bench/${file} must export main()`)
  await module.main()
}
