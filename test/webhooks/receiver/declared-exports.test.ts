/**
 * The receiver entry's declarations and its four built files agree: every value the `.d.ts`/`.d.cts`
 * declare exists at run time in the portable and Node builds (ESM and CommonJS), and nothing else is
 * exported. Reads the built package (npm test builds it first).
 */
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const dist = join(resolve(fileURLToPath(new URL('../../../', import.meta.url))), 'dist/webhooks/receiver')

/** Names of the values (not types) a declaration file exports. */
function declaredValues(file: string): string[] {
  const program = ts.createProgram([file], { noEmit: true, types: [], lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], skipLibCheck: true })
  const checker = program.getTypeChecker()
  const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!
  return checker
    .getExportsOfModule(module)
    .filter((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
      return (target.flags & ts.SymbolFlags.Value) !== 0
    })
    .map((symbol) => symbol.name)
    .sort()
}

describe('receiver entry: declared values = runtime exports', () => {
  const esm = declaredValues(join(dist, 'index.d.ts'))
  const cjs = declaredValues(join(dist, 'index.d.cts'))

  it('declares the same values for import and require', () => {
    expect(cjs).toEqual(esm)
    expect(esm).toContain('verifyWebhook')
  })

  it.each(['index.js', 'index.node.js'])('%s exports exactly the declared values', async (file) => {
    const runtime = (await import(pathToFileURL(join(dist, file)).href)) as Record<string, unknown>
    expect(Object.keys(runtime).sort()).toEqual(esm)
  })

  it.each(['index.cjs', 'index.node.cjs'])('%s exports exactly the declared values', (file) => {
    const runtime = createRequire(import.meta.url)(join(dist, file)) as Record<string, unknown>
    expect(Object.keys(runtime).filter((name) => name !== '__esModule').sort()).toEqual(esm)
  })
})
