import { existsSync } from 'node:fs'
import { defineConfig } from 'tsup'

/**
 * Every public entry point of the package. The key is the output path under dist/ (and the
 * package.json `exports` subpath it backs); entries whose source does not exist yet are skipped so
 * each piece can land on its own.
 */
const entries: Record<string, string> = {
  index: 'src/index.ts',
  'webhooks/index': 'src/webhooks/index.ts',
  'webhooks/receiver/index': 'src/webhooks/receiver/index.ts',
  'webhooks/engine/index': 'src/webhooks/engine/index.ts',
  'cli/main': 'src/cli/main.ts',
}

export default defineConfig({
  entry: Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file))),
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  splitting: true,
  treeshake: true,
  sourcemap: false,
  target: 'es2022',
  platform: 'neutral',
  external: [/^node:/],
})
