/**
 * Tree-shaking, measured on the built package: a consumer of `@epilot/sdk/webhooks` is bundled with
 * esbuild, and every source file that reaches its output is traced back through tsup's metafile.
 * Nothing from the engine, the receiver, the CLI or another service's command table may be there.
 */
import { build, type Metafile } from 'esbuild'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(__dirname, '..')
const distMeta = join(root, 'dist', 'metafile-esm.json')

/** Source files (relative to the repo) that end up in a bundle of `code`, via the dist files it pulls in. */
async function sourcesReachedBy(code: string): Promise<{ sources: Set<string>; text: string }> {
  if (!existsSync(distMeta)) throw new Error('dist/ is missing: run `npm run build` first (npm test does)')
  const tsupMeta = JSON.parse(readFileSync(distMeta, 'utf8')) as Metafile
  const dir = mkdtempSync(join(tmpdir(), 'sdk-shake-'))
  const entry = join(dir, 'consumer.mjs')
  writeFileSync(entry, code)
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    metafile: true,
    absWorkingDir: root,
    logLevel: 'silent',
  })
  const sources = new Set<string>()
  for (const [input, info] of Object.entries(Object.values(result.metafile.outputs)[0]?.inputs ?? {})) {
    if (info.bytesInOutput === 0) continue
    const distFile = tsupMeta.outputs[input]
    if (!distFile) {
      sources.add(input)
      continue
    }
    for (const [source, sourceInfo] of Object.entries(distFile.inputs)) if (sourceInfo.bytesInOutput > 0) sources.add(source)
  }
  return { sources, text: result.outputFiles[0]?.text ?? '' }
}

const forbiddenForClient = [/^src\/webhooks\/engine\//, /^src\/webhooks\/receiver\//, /^src\/webhooks\/signature\//, /^src\/cli\//, /^src\/generated\/.*commands\.ts$/, /node_modules\/js-yaml\//, /node_modules\/jsonata\//, /node_modules\/commander\//]

describe('tree-shaking of the built package', () => {
  it('a consumer of @epilot/sdk/webhooks gets the client and nothing from other entry points', async () => {
    const { sources, text } = await sourcesReachedBy(
      `import { getClient, authorize } from '${join(root, 'dist/webhooks/index.js')}'\nconst c = getClient(); authorize(c, 't'); export default c`,
    )
    expect([...sources].filter((s) => forbiddenForClient.some((pattern) => pattern.test(s)))).toEqual([])
    // It does carry the webhooks client itself (the test would pass vacuously otherwise).
    expect(sources).toContain('src/generated/webhooks/definition.ts')
    expect(sources).toContain('src/core/client.ts')
    // Marker strings that only the signature code, the CLI and the command tables contain.
    for (const marker of ['webhook-signature', 'whsec_', 'Retrieve events that can trigger webhooks', 'epilot profile']) {
      expect(text).not.toContain(marker)
    }
  })

  it('the routing table carries no schemas, descriptions or examples of the spec', async () => {
    const { text } = await sourcesReachedBy(`export { createClient } from '${join(root, 'dist/webhooks/index.js')}'`)
    expect(text).toContain('/v1/webhooks/configs/{configId}')
    expect(text).not.toContain('WebhookConditionGroup')
    expect(text).not.toContain('Search Webhook Client Configs')
  })
})
