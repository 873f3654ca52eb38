import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../../', import.meta.url))

async function bundle(entry: string, code: string) {
  const result = await build({
    stdin: { contents: code, resolveDir: root, sourcefile: 'consumer.ts', loader: 'ts' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    metafile: true,
    logLevel: 'silent',
  })
  return { text: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs), entry }
}

describe('receiver entry', () => {
  it('bundles for browsers and workers with no node: imports, no axios and no engine', async () => {
    const { text, inputs } = await bundle('index', "export { verifyWebhook, createFetchHandler, signWebhook } from './src/webhooks/receiver'")
    expect(text).not.toMatch(/["']node:/)
    expect(inputs.filter((path) => /axios|webhooks\/engine|node-crypto|signature\/signer\.ts/.test(path))).toEqual([])
  })

  it('exports the same names from the Node and portable builds', async () => {
    const [node, portable] = await Promise.all([import('../../../src/webhooks/receiver/node'), import('../../../src/webhooks/receiver/index')])
    expect(Object.keys(node).sort()).toEqual(Object.keys(portable).sort())
  })
})
