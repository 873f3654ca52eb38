/**
 * Code written for the published `@epilot/sdk` 2.x compiles against ours: the published package's own documented
 * examples (devDependency `epilot-sdk-published`: docs/webhooks.md, and the README blocks about the root object and
 * the webhooks service) are type-checked against our built package (`@epilot/sdk` in a temporary project resolves to
 * this repository's package.json `exports`, i.e. dist/), with `moduleResolution` node16 and bundler.
 *
 * What the examples leave to the reader is filled in, always the same way:
 * - an operation block of docs/webhooks.md calls `client.<op>(...)` without creating it: it gets
 *   `const client = getClient()` from `@epilot/sdk/webhooks`;
 * - the usage blocks write the arguments as `(...)`: they get the arguments of that operation's own example;
 * - README blocks are about `entity`; those that use only what every service has (handles, `getClient`,
 *   `createClient`, `openapi`, `authorize`, root settings) are read with `entity` replaced by `webhooks`; blocks that
 *   call entity operations or other packages are listed in SKIPPED with the reason;
 * - names a README block uses without importing (`epilot`, `authorize`, helper functions, an `entityClient`) are
 *   imported or declared.
 * The 2.x schema types (the docs' `type WebhookConfig = {...}` blocks abbreviate nested types and drop `| null`, so
 * the published declarations are used) are compared with ours in both directions.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import ts from 'typescript'
import { afterAll, describe, expect, it } from 'vitest'

const root = resolve(__dirname, '../..')
const published = join(root, 'node_modules', 'epilot-sdk-published')

interface Block {
  /** `docs/webhooks.md:82` */
  origin: string
  /** The section heading the block is under. */
  heading: string
  code: string
}

function blocks(file: string): Block[] {
  const lines = readFileSync(join(published, file), 'utf8').split('\n')
  const out: Block[] = []
  let heading = ''
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (/^#{1,4} /.test(line)) heading = line.replace(/^#+ /, '').replace(/`/g, '')
    const summary = line.match(/<summary>(.*)<\/summary>/)
    if (summary) heading = summary[1]!.replace(/<\/?code>/g, '')
    if (!line.startsWith('```')) continue
    const start = i + 1
    let end = start
    while (end < lines.length && lines[end]!.trim() !== '```') end++
    if (line.trim() === '```ts') out.push({ origin: `${file}:${start}`, heading, code: lines.slice(start, end).join('\n') })
    i = end
  }
  return out
}

/** README blocks left out, by their section heading and first line, and why. */
const SKIPPED: Array<[heading: string, reason: string]> = [
  ['Quick Start', 'calls entity, file and workflow operations (services this package does not have)'],
  ['Explicit Client Access', 'calls the entity operation getEntity'],
  ['Tree-Shakeable Imports', 'calls the entity operation getEntity'],
  ['Types', 'imports entity, file and automation schema types'],
  ['Global Headers', 'calls the entity operation searchEntities (its authorize/headers calls are covered by the Multiple SDK Instances block)'],
  ['Overrides & Custom APIs', 'calls the entity operation getEntity; .epilot/sdk-overrides.json is not supported'],
  ['Migration from @epilot/*-client', 'imports @epilot/entity-client'],
]

function asWebhooks(code: string): string {
  return code
    .replaceAll("'@epilot/sdk/entity'", "'@epilot/sdk/webhooks'")
    .replaceAll('epilot.entity.', 'epilot.webhooks.')
    .replaceAll("openapi('entity')", "openapi('webhooks')")
}

/** Imports and declarations for what a README block uses without bringing in. */
function readmePrelude(code: string): string {
  const imported = (name: string): boolean => new RegExp(`import[^;\\n]*\\b${name}\\b`).test(code)
  const lines: string[] = []
  const rootNames = ['epilot', 'authorize'].filter((name) => new RegExp(`\\b${name}\\b`).test(code) && !imported(name))
  if (rootNames.length > 0) lines.push(`import { ${rootNames.join(', ')} } from '@epilot/sdk'`)
  if (/\bentityClient\b/.test(code) && !/const entityClient\b/.test(code)) lines.push("declare const entityClient: import('@epilot/sdk/webhooks').Client")
  if (/\bgetTokenFromSession\b/.test(code)) lines.push('declare function getTokenFromSession(): Promise<string>')
  if (/\bgenerateTraceId\b/.test(code)) lines.push('declare function generateTraceId(): string')
  return lines.join('\n')
}

const docBlocks = blocks('docs/webhooks.md')
const usageBlocks = docBlocks.filter((b) => !/^type \w+ =/.test(b.code.trim()))
const typeBlocks = docBlocks.filter((b) => /^type \w+ =/.test(b.code.trim()))

/** The arguments of each operation's own example in docs/webhooks.md (`client.getPublicKey({ orgId: 'example' })`). */
function exampleArguments(operationId: string): string {
  const example = usageBlocks.find((b) => b.code.includes(`client.${operationId}(`))
  const match = example?.code.match(new RegExp(`client\\.${operationId}(\\([\\s\\S]*\\))`))
  if (!match) throw new Error(`docs/webhooks.md has no example call of ${operationId}`)
  return match[1]!
}

function usageFile(block: Block): string {
  const filled = block.code.replace(/(\.(\w+))\(\.\.\.\)/g, (_, call: string, op: string) => `${call}${exampleArguments(op)}`)
  const prelude = /\bclient\./.test(filled) && !/const client\b/.test(filled) ? "import { getClient } from '@epilot/sdk/webhooks'\nconst client = getClient()\n" : ''
  return `${prelude}${filled}\nexport {}\n`
}

/** The schema types `@epilot/sdk/webhooks` 2.x exports (its docs list them under "Schemas"). */
const schemaNames = [...readFileSync(join(published, 'docs/webhooks.md'), 'utf8').matchAll(/^- \[`(\w+)`\]\(#\w+\)$/gm)]
  .map((m) => m[1]!)
  .filter((name) => /^[A-Z]/.test(name))

/**
 * For each 2.x schema type, two files: a value of ours where 2.x's is expected, and the reverse. (Only one package is
 * ever installed, so this is stricter than what users meet: it shows every difference of shape.)
 */
function schemaFiles(): Files {
  const out: Files = new Map()
  for (const n of schemaNames) {
    const head = `import type { ${n} as Ours } from '@epilot/sdk/webhooks'\nimport type { ${n} as Published } from 'published-sdk/webhooks'\n`
    out.set(`schema-${n}-ours-as-2x.ts`, { origin: n, heading: 'ours as 2.x', text: `${head}declare const ours: Ours\nexport const value: Published = ours\n` })
    out.set(`schema-${n}-2x-as-ours.ts`, { origin: n, heading: '2.x as ours', text: `${head}declare const published: Published\nexport const value: Ours = published\n` })
  }
  return out
}

/**
 * Known differences of shape, with the reason. 2.x types an array with `maxItems` as a tuple of optional elements
 * (`[WebhookCondition?, …10]`, `[string, string?, …100]`); ours are plain arrays, the limits being checked by the API
 * (400). Array literals written for 2.x compile against ours; a 2.x tuple value holds possibly-undefined elements.
 */
const SCHEMA_DIFFERENCES = [
  'schema-WebhookConditionGroup-ours-as-2x.ts',
  'schema-WebhookConditionGroup-2x-as-ours.ts',
  'schema-WebhookConfig-ours-as-2x.ts',
  'schema-WebhookConfig-2x-as-ours.ts',
  'schema-BatchReplayRequest-ours-as-2x.ts',
  'schema-BatchReplayRequest-2x-as-ours.ts',
]

const readmeBlocks = blocks('README.md')
const skippedBlocks = readmeBlocks.filter((b) => SKIPPED.some(([heading]) => b.heading === heading))
const readmeIncluded = readmeBlocks.filter((b) => !skippedBlocks.includes(b))

const work = mkdtempSync(join(tmpdir(), 'sdk-2x-examples-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

type Files = Map<string, { origin: string; heading: string; text: string }>

/**
 * Type-checks `files` in a project whose `@epilot/sdk` is `sdk` (this repository, i.e. its package.json exports and
 * dist/, or the published package) and whose `published-sdk` is the published package. Returns the problems by file.
 */
function check(files: Files, sdk: string, moduleResolution: 'node16' | 'bundler'): Map<string, string[]> {
  const project = mkdtempSync(join(work, `${moduleResolution}-`))
  mkdirSync(join(project, 'node_modules', '@epilot'), { recursive: true })
  symlinkSync(sdk, join(project, 'node_modules', '@epilot', 'sdk'), 'dir')
  symlinkSync(published, join(project, 'node_modules', 'published-sdk'), 'dir')
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }))
  for (const [name, file] of files) writeFileSync(join(project, name), file.text)
  const program = ts.createProgram(
    [...files.keys()].map((name) => join(project, name)),
    {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      module: moduleResolution === 'node16' ? ts.ModuleKind.Node16 : ts.ModuleKind.ESNext,
      moduleResolution: moduleResolution === 'node16' ? ts.ModuleResolutionKind.Node16 : ts.ModuleResolutionKind.Bundler,
    },
  )
  const problems = new Map<string, string[]>()
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const name = d.file ? d.file.fileName.slice(project.length + 1) : ''
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0
    problems.set(name, [...(problems.get(name) ?? []), `line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`])
  }
  return problems
}

/**
 * Documented 2.x examples that do not compile against 2.x itself (so no code can have been written that way), by
 * origin, with the reason. They are checked against 2.x in the test, so a fixed example leaves this list.
 */
const BROKEN_IN_2X: Record<string, string> = {
  'docs/webhooks.md:176': 'createConfig example has no `name`, which WebhookConfig requires',
  'docs/webhooks.md:271': 'updateConfig example has no `name`, which WebhookConfig requires',
  'README.md:115': '`import { openapi } from` a service entry: the README shows it, the 2.x service entries do not export it (ours does)',
}

const files: Files = new Map()
usageBlocks.forEach((b, i) => files.set(`webhooks-usage-${i}.ts`, { ...b, text: usageFile(b) }))
readmeIncluded.forEach((b, i) => {
  const code = asWebhooks(b.code)
  files.set(`readme-${i}.ts`, { ...b, text: `${readmePrelude(code)}\n${code}\nexport {}\n` })
})

function report(problems: Map<string, string[]>, only: (origin: string) => boolean): string[] {
  return [...problems].flatMap(([name, list]) => {
    const file = files.get(name)
    if (file && !only(file.origin)) return []
    return list.map((p) => `${file ? `${file.origin} (${file.heading})` : name} ${p}`)
  })
}

describe('the published 2.x examples compile against this package', () => {
  it('finds the examples it is meant to check', () => {
    expect(usageBlocks.length).toBeGreaterThanOrEqual(16)
    expect(typeBlocks.length).toBeGreaterThanOrEqual(20)
    expect(schemaNames).toContain('WebhookConfig')
    expect(schemaNames.length).toBe(typeBlocks.length)
    expect(readmeIncluded.length).toBeGreaterThanOrEqual(14)
    // Every skip reason still matches a block (a README change that removes one shows up here).
    expect(new Set(skippedBlocks.map((b) => b.heading))).toEqual(new Set(SKIPPED.map(([heading]) => heading)))
  })

  it('the examples listed as broken in 2.x do fail against 2.x, and only those', () => {
    const against2x = check(files, published, 'bundler')
    const failing = [...against2x.keys()].map((name) => files.get(name)?.origin ?? name)
    expect(failing.sort()).toEqual(Object.keys(BROKEN_IN_2X).sort())
  })

  it.each(['node16', 'bundler'] as const)('every other example compiles (moduleResolution %s)', (moduleResolution) => {
    expect(report(check(files, root, moduleResolution), (origin) => !(origin in BROKEN_IN_2X))).toEqual([])
  })

  it('each 2.x schema type and ours are assignable both ways, but for the known differences', () => {
    const problems = check(schemaFiles(), root, 'bundler')
    expect([...problems.keys()].sort()).toEqual([...SCHEMA_DIFFERENCES].sort())
    // The known differences are the array-length tuples and nothing else.
    for (const list of problems.values()) expect(list.join('\n')).toMatch(/Target allows only \d+ element|Target requires 1 element|Type 'undefined' is not assignable/)
  })
})
