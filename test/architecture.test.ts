/**
 * The import graph of src/: it never reaches into codegen/ (the CLI must not ship the generator), and no import
 * (type-only ones included) goes in a circle.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(__dirname, '..')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : []
  })
}

/** Relative imports and re-exports of a file, resolved to files (`x.ts` or `x/index.ts`). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']*)'/g)].map((m) => m[1] as string)
  return specifiers.map((spec) => {
    const base = resolve(dirname(file), spec)
    for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
    return base
  })
}

const graph = new Map(files(join(root, 'src')).map((file) => [file, importsOf(file)]))

describe('architecture', () => {
  it('no file under src/ imports from codegen/', () => {
    const offenders = [...graph].flatMap(([file, deps]) => deps.filter((d) => d.startsWith(join(root, 'codegen'))).map((d) => `${relative(root, file)} -> ${relative(root, d)}`))
    expect(graph.size).toBeGreaterThan(100)
    expect(offenders).toEqual([])
  })

  it('has no import cycles in src/', () => {
    const cycles: string[] = []
    const state = new Map<string, 'visiting' | 'done'>()
    const stack: string[] = []
    const visit = (file: string): void => {
      state.set(file, 'visiting')
      stack.push(file)
      for (const dep of graph.get(file) ?? []) {
        if (state.get(dep) === 'visiting') cycles.push([...stack.slice(stack.indexOf(dep)), dep].map((f) => relative(root, f)).join(' -> '))
        else if (!state.has(dep) && graph.has(dep)) visit(dep)
      }
      stack.pop()
      state.set(file, 'done')
    }
    for (const file of graph.keys()) if (!state.has(file)) visit(file)
    expect(cycles).toEqual([])
  })
})
