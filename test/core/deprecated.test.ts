/**
 * Deprecated operations (the spec's `deprecated: true`) must say so where users meet them: as `@deprecated` on the
 * typed client method and on the `operations` entry (editors strike them through), and in the CLI command table.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { commands } from '../../src/generated/webhooks/commands'

const spec = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { operationId?: string; deprecated?: boolean }>>
}
const specOperations = Object.values(spec.paths).flatMap((item) => Object.values(item))
const deprecatedInSpec = specOperations.filter((op) => op.deprecated).map((op) => op.operationId)

const entry = fileURLToPath(new URL('../../src/webhooks/index.ts', import.meta.url))
let program: ts.Program | undefined

/** Members of an exported interface of the webhooks entry, and those that carry a `@deprecated` JSDoc tag. */
function deprecatedMembers(exportName: string): { all: string[]; deprecated: string[] } {
  program ??= ts.createProgram([entry], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  })
  const checker = program.getTypeChecker()
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry) as ts.SourceFile)
  const exported = checker.getExportsOfModule(moduleSymbol as ts.Symbol).find((symbol) => symbol.name === exportName)
  if (!exported) throw new Error(`${exportName} is not exported by @epilot/sdk/webhooks`)
  const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
  const properties = checker.getDeclaredTypeOfSymbol(target).getProperties()
  return {
    all: properties.map((p) => p.name),
    deprecated: properties.filter((p) => p.getJsDocTags(checker).some((tag) => tag.name === 'deprecated')).map((p) => p.name),
  }
}

describe('deprecated operations', () => {
  it('the spec deprecates getWehookEvents, as the published contract does', () => {
    expect(deprecatedInSpec).toEqual(['getWehookEvents'])
  })

  it('are @deprecated on the typed client methods, and only they', () => {
    const methods = deprecatedMembers('OperationMethods')
    expect(methods.all).toHaveLength(specOperations.length)
    expect(methods.deprecated).toEqual(deprecatedInSpec)
  })

  it('are @deprecated on their entries of the operations type, and only they', () => {
    const operations = deprecatedMembers('operations')
    expect(operations.all).toHaveLength(specOperations.length)
    expect(operations.deprecated).toEqual(deprecatedInSpec)
  })

  it('are flagged in the CLI command table, and only they', () => {
    expect(commands.commands.filter((command) => command.deprecated).map((command) => command.operationId)).toEqual(deprecatedInSpec)
    expect(commands.commands.filter((command) => 'deprecated' in command && !command.deprecated)).toEqual([])
  })
})
