import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'esbuild'
import { defineConfig } from 'tsup'

/**
 * Replaces what openapi-client-axios needs only for specs we never give it: js-yaml (YAML files) and the
 * $ref dereferencer (our generated definitions have no $refs); bath-es5 with the two functions of it
 * that openapi-client-axios calls (build/path-template.cjs); and its query serializer with the one style our
 * routing tables use (build/query-serializer.cjs).
 */
const stubUnusedLoaders: Plugin = {
  name: 'stub-unused-loaders',
  setup(build) {
    const stub = (file: string): string => fileURLToPath(new URL(`./build/${file}`, import.meta.url))
    build.onResolve({ filter: /^js-yaml$/ }, () => ({ path: stub('js-yaml-stub.cjs') }))
    build.onResolve({ filter: /^dereference-json-schema$/ }, () => ({ path: stub('dereference-stub.cjs') }))
    build.onResolve({ filter: /^bath-es5$/ }, () => ({ path: stub('path-template.cjs') }))
    // openapi-client-axios requires it relatively, from its own folder only.
    build.onResolve({ filter: /^\.\/query-serializer$/ }, (args) => (/openapi-client-axios/.test(args.importer) ? { path: stub('query-serializer.cjs') } : undefined))
  },
}

/**
 * Points openapi-client-axios's `require("axios")` at an ESM re-export, so one axios is bundled, not two.
 * (Done on load: tsup's own external-dependency resolver runs before any onResolve hook of ours.)
 */
const singleAxios: Plugin = {
  name: 'single-axios',
  setup(build) {
    const shim = fileURLToPath(new URL('./build/axios-esm.ts', import.meta.url))
    build.onLoad({ filter: /openapi-client-axios[\\/]client\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8')
      if (!source.includes('require("axios")')) throw new Error('openapi-client-axios no longer requires axios as expected; revisit build/axios-esm.ts')
      return { contents: source.replace('require("axios")', `require(${JSON.stringify(shim)})`), loader: 'js' }
    })
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
  'webhooks/receiver/index.node': 'src/webhooks/receiver/node.ts',
  'webhooks/engine/index': 'src/webhooks/engine/index.ts',
  'webhooks/engine/postgres': 'src/webhooks/engine/store/postgres/index.ts',
  'cli/main': 'src/cli/main.ts',
  // Not an export: the JSONata worker the engine's piscina pool loads by file name (payload/transform-pool.ts).
  'webhooks/engine/transform-worker': 'src/webhooks/engine/payload/transform-worker.ts',
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
  // openapi-client-axios is bundled (not a runtime dependency) so the loaders it needs only for specs we never
  // give it can be replaced (stubUnusedLoaders) and it shares our one ESM axios (singleAxios).
  noExternal: ['openapi-client-axios'],
  esbuildPlugins: [stubUnusedLoaders, singleAxios],
  // dist/metafile-*.json record which sources went into which output file; the tree-shaking test reads them.
  metafile: true,
})
