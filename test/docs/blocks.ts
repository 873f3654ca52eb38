/**
 * The code blocks of the README and the guides, as the docs test checks them.
 *
 * A ```ts / ```typescript block is an ES module; a ```js / ```cjs block that calls `require(` is CommonJS.
 * `<!-- partial -->` on the line above a block exempts it (keep such blocks rare). Other languages (sh, json,
 * text, …) are not code to check.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

/** One checkable code block. */
export interface CodeBlock {
  /** Markdown file, relative to the repository root. */
  file: string
  /** 1-based line of the opening fence. */
  line: number
  /** `esm` for TypeScript modules, `cjs` for CommonJS JavaScript. */
  kind: 'esm' | 'cjs'
  code: string
  /** Marked `<!-- partial -->`: not checked. */
  partial: boolean
  /** Why the block is type-checked but not run; undefined when it runs. */
  notRun?: string
}

const FENCE = /^( *)(`{3,}|~{3,})\s*([\w-]*)[^\n]*$/

/** The markdown files whose blocks are checked: README.md and docs/*.md (not the generated docs/api). */
export function markdownFiles(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join(root, 'docs', name))
  return [join(root, 'README.md'), ...docs]
}

/** Every fenced TypeScript/JavaScript block of a markdown text. */
export function extractBlocks(markdown: string, file: string): CodeBlock[] {
  const lines = markdown.split('\n')
  const blocks: CodeBlock[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!)
    if (!open) continue
    const [, indent = '', fence = '```', lang = ''] = open
    const body: string[] = []
    let j = i + 1
    for (; j < lines.length; j++) {
      const line = lines[j]!
      if (line.trim().startsWith(fence[0]!.repeat(fence.length)) && line.trim().replace(/[`~]/g, '') === '') break
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart())
    }
    const code = `${body.join('\n')}\n`
    const kind = kindOf(lang.toLowerCase(), code)
    if (kind) {
      const previous = lines.slice(0, i).reverse().find((line) => line.trim() !== '') ?? ''
      const partial = /<!--\s*partial\s*-->/.test(previous)
      blocks.push({ file, line: i + 1, kind, code, partial, notRun: partial ? 'partial' : notRunReason(code) })
    }
    i = j
  }
  return blocks
}

function kindOf(lang: string, code: string): CodeBlock['kind'] | undefined {
  if (lang === 'ts' || lang === 'typescript' || lang === 'mts') return 'esm'
  if (lang === 'cjs' || ((lang === 'js' || lang === 'javascript') && /\brequire\(/.test(code))) return 'cjs'
  return undefined
}

/**
 * A block runs (against the engine on loopback; it must end by itself) unless it is a piece of a larger program:
 * it exports (a route module, an app), declares what the reader supplies, serves on a fixed port, or has
 * placeholders for the reader's values (`'<token>'`, `'whsec_…'`).
 */
export function notRunReason(code: string): string | undefined {
  if (/^\s*export\s/m.test(code)) return 'a module of an app (it exports)'
  if (/^\s*declare\s/m.test(code)) return 'its inputs come from the reader (declare)'
  if (/\.listen\(\s*[1-9]/.test(code) || /\.listen\(\s*(port|PORT)\b/.test(code)) return 'a server on a fixed port'
  // '<token>', '<config id>', 'whsec_…': values only the reader has
  const withoutComments = code.replace(/(^|\s)\/\/.*$/gm, '$1')
  if (/(['"`])[^'"`\n]*(<[\w .-]+>|…)[^'"`\n]*\1/.test(withoutComments)) return 'it has placeholders for your values'
  return undefined
}

/** All blocks of the README and the guides. */
export function allBlocks(root: string): CodeBlock[] {
  return markdownFiles(root).flatMap((path) => extractBlocks(readFileSync(path, 'utf8'), relative(root, path)))
}

/** A file name for a block: `docs-delivery-md-L7`. */
export function blockName(block: CodeBlock): string {
  return `${block.file.replace(/\W+/g, '-')}-L${block.line}`
}
