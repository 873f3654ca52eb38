import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'esbuild'
import { defineConfig } from 'tsup'

/** Replaces js-yaml (pulled in by openapi-client-axios for YAML specs we never load) with a stub. */
const stubJsYaml: Plugin = {
  name: 'stub-js-yaml',
  setup(build) {
    const stub = fileURLToPath(new URL('./build/js-yaml-stub.cjs', import.meta.url))
    build.onResolve({ filter: /^js-yaml$/ }, () => ({ path: stub }))
  },
}

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
  // openapi-client-axios is bundled (not a runtime dependency) so its YAML loader can be stubbed out.
  noExternal: ['openapi-client-axios', 'bath-es5', 'dereference-json-schema'],
  esbuildPlugins: [stubJsYaml],
})
