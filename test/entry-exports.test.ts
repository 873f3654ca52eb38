/**
 * Every entry point of the built package (each `types`/`default` pair of package.json `exports`, the receiver's
 * `node` condition included) declares exactly the values it exports at run time: a name the .d.ts declares as a
 * value but the JavaScript lacks type-checks and then throws `undefined is not a function` for users; a runtime export
 * the .d.ts does not declare is invisible to them.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = resolve(__dirname, '..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }

interface Build {
  /** e.g. `./webhooks/receiver [node.import]` */
  label: string
  types: string
  code: string
  format: 'esm' | 'cjs'
}

/** Every `{ types, default }` leaf under an exports entry, with the conditions that lead to it. */
function leaves(value: unknown, conditions: string[]): Array<{ conditions: string[]; types: string; code: string }> {
  if (typeof value !== 'object' || value === null) return []
  const record = value as Record<string, unknown>
  if (typeof record.types === 'string' && typeof record.default === 'string') return [{ conditions, types: record.types, code: record.default }]
  return Object.entries(record).flatMap(([condition, inner]) => leaves(inner, [...conditions, condition]))
}

const builds: Build[] = Object.entries(pkg.exports)
  .filter(([subpath]) => !subpath.endsWith('.json'))
  .flatMap(([subpath, entry]) =>
    leaves(entry, []).map((leaf) => ({
      label: `${subpath} [${leaf.conditions.join('.')}]`,
      types: join(root, leaf.types),
      code: join(root, leaf.code),
      format: leaf.code.endsWith('.cjs') ? ('cjs' as const) : ('esm' as const),
    })),
  )

const program = ts.createProgram(
  builds.map((b) => b.types),
  { noEmit: true, skipLibCheck: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, types: ['node'] },
)
const checker = program.getTypeChecker()

function isTypeOnlyDeclaration(node: ts.Declaration): boolean {
  if (ts.isExportSpecifier(node)) return node.isTypeOnly || node.parent.parent.isTypeOnly
  if (ts.isImportSpecifier(node)) return node.isTypeOnly || node.parent.parent.isTypeOnly
  if (ts.isImportClause(node)) return node.isTypeOnly
  if (ts.isNamespaceExport(node)) return node.parent.isTypeOnly
  return false
}

/** Whether an export is a value a user can import at run time (not a type, not a type-only re-export of a value). */
function isValueExport(symbol: ts.Symbol): boolean {
  let current = symbol
  for (let depth = 0; current.flags & ts.SymbolFlags.Alias && depth < 20; depth++) {
    if ((current.declarations ?? []).some(isTypeOnlyDeclaration)) return false
    current = checker.getImmediateAliasedSymbol(current) ?? checker.getAliasedSymbol(current)
  }
  return (current.flags & ts.SymbolFlags.Value) !== 0
}

/** Names of the values a .d.ts declares. */
function declaredValues(file: string): string[] {
  const source = program.getSourceFile(file)
  if (!source) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`)
  const module = checker.getSymbolAtLocation(source)
  if (!module) return []
  return checker.getExportsOfModule(module).filter(isValueExport).map((s) => s.name).sort()
}

async function runtimeExports(build: Build): Promise<string[]> {
  const loaded = (build.format === 'cjs' ? createRequire(import.meta.url)(build.code) : await import(pathToFileURL(build.code).href)) as Record<string, unknown>
  return Object.keys(loaded).filter((name) => name !== 'default' && name !== '__esModule').sort()
}

describe('entry points: declared values match runtime exports', () => {
  it('covers every package.json exports entry in ESM and CommonJS', () => {
    const subpaths = new Set(builds.map((b) => b.label.split(' ')[0]))
    // Plain file exports (package.json, the OpenAPI documents) carry no code.
    expect([...subpaths].sort()).toEqual(Object.keys(pkg.exports).filter((s) => !s.endsWith('.json')).sort())
    expect(builds.map((b) => b.format)).toContain('cjs')
  })

  it.each(builds)('$label', async (build) => {
    const declared = declaredValues(build.types)
    expect(declared.length).toBeGreaterThan(0)
    expect(await runtimeExports(build)).toEqual(declared)
  })
})

describe('@epilot/sdk/webhooks names every schema of the spec', () => {
  it('exports each type of src/generated/webhooks/types.ts (add new ones to src/webhooks/index.ts after a spec change)', () => {
    const generated = [...readFileSync(join(root, 'src/generated/webhooks/types.ts'), 'utf8').matchAll(/^export type (\w+)/gm)].map((m) => m[1] as string)
    const source = program.getSourceFile(join(root, 'dist/webhooks/index.d.ts'))
    const module = source && checker.getSymbolAtLocation(source)
    const exported = new Set(module ? checker.getExportsOfModule(module).map((s) => s.name) : [])
    expect(generated.length).toBeGreaterThan(20)
    expect(generated.filter((name) => !exported.has(name))).toEqual([])
  })
})
