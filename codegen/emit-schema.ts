import openapiTS, { astToString } from 'openapi-typescript'
import ts from 'typescript'
import type { OpenApiDocument, OperationInfo } from '../src/core/openapi'
import { generatedHeader } from './header'

/** Longest type literal (as printed on one line) that is put on one line: a path item with all its methods fits. */
const ONE_LINE_LIMIT = 280

function hasComments(node: ts.Node): boolean {
  if (ts.getSyntheticLeadingComments(node)?.length || ts.getSyntheticTrailingComments(node)?.length) return true
  return ts.forEachChild(node, hasComments) === true
}

const oneLinePrinter = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: true })
const scratchFile = ts.createSourceFile('one-line.ts', '', ts.ScriptTarget.ESNext, false, ts.ScriptKind.TS)

/**
 * Prints small, comment-free type literals on one line (`{ query?: never; path: { configId: ... } }`), inner ones
 * first. openapi-typescript writes every literal over several lines, so the same handful of lines repeats in every
 * operation; one line each keeps the file short and free of repeated runs. Only the layout changes.
 */
function compactTypeLiterals(node: ts.Node): void {
  ts.forEachChild(node, compactTypeLiterals)
  if (!ts.isTypeLiteralNode(node) || hasComments(node)) return
  ts.setEmitFlags(node, ts.EmitFlags.SingleLine)
  if (oneLinePrinter.printNode(ts.EmitHint.Unspecified, node, scratchFile).length > ONE_LINE_LIMIT) ts.setEmitFlags(node, ts.EmitFlags.None)
}

function interfaceMembers(ast: readonly ts.Node[], name: string): readonly ts.TypeElement[] {
  const declaration = ast.find((node): node is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(node) && node.name.text === name)
  return declaration?.members ?? []
}

function memberName(member: ts.TypeElement): string | undefined {
  return member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) ? member.name.text : undefined
}

/** A shared parameter is documented once, in `components.parameters`; its uses in operations drop the copied doc. */
function stripSharedParameterDocs(node: ts.Node): void {
  if (ts.isPropertySignature(node) && node.type && ts.isIndexedAccessTypeNode(node.type)) {
    const printed = oneLinePrinter.printNode(ts.EmitHint.Unspecified, node.type, scratchFile)
    if (printed.startsWith('components["parameters"]')) ts.setSyntheticLeadingComments(node, undefined)
  }
  ts.forEachChild(node, stripSharedParameterDocs)
}

/**
 * openapi-typescript documents each operation on its `paths` entry; we document it once on its `operations` entry
 * (where the client's types point), so a path item is a one-line routing row. `@deprecated` moves along.
 */
function documentOperationsNotPaths(ast: readonly ts.Node[], operations: readonly OperationInfo[]): void {
  for (const pathItem of interfaceMembers(ast, 'paths')) {
    if (!ts.isPropertySignature(pathItem) || !pathItem.type || !ts.isTypeLiteralNode(pathItem.type)) continue
    for (const method of pathItem.type.members) ts.setSyntheticLeadingComments(method, undefined)
  }
  const byId = new Map(operations.map((op) => [op.operationId, op]))
  for (const member of interfaceMembers(ast, 'operations')) stripSharedParameterDocs(member)
  for (const member of interfaceMembers(ast, 'operations')) {
    const op = byId.get(memberName(member) ?? '')
    if (!op) continue
    const lines = [op.summary, op.description && op.description !== op.summary ? `@description ${op.description}` : '', op.deprecated ? '@deprecated' : '']
    const body = lines.filter(Boolean).flatMap((line) => line.split('\n')).map((line) => ` * ${line.replace(/\*\//g, '*\\/')}`.trimEnd())
    ts.addSyntheticLeadingComment(member, ts.SyntaxKind.MultiLineCommentTrivia, `*\n${body.join('\n')}\n `, true)
  }
}

/**
 * Puts runs of simple members (one line each, no braces, no comment between them) on one line when it stays short:
 * the parameter places an operation lacks, the error responses of an operation, plain schema fields.
 */
function joinSimpleMembers(text: string): string {
  return text.replace(/^( +)[^\s{}/*][^{}\n]*;\n(?:\1[^\s{}/*][^{}\n]*;\n)+/gm, (run, indent: string) => {
    const joined = `${indent}${run.trim().split(/\s*\n\s*/).join(' ')}`
    return joined.length - indent.length <= ONE_LINE_LIMIT ? `${joined}\n` : run
  })
}

/** The API's types, as openapi-typescript derives them from the spec, laid out compactly. */
export async function emitSchema(doc: OpenApiDocument, operations: readonly OperationInfo[], specPath: string): Promise<string> {
  // openapi-typescript mutates nothing we keep, but give it its own copy anyway.
  const ast = await openapiTS(structuredClone(doc) as never, { alphabetize: false, defaultNonNullable: false, emptyObjectsUnknown: true })
  documentOperationsNotPaths(ast, operations)
  for (const node of ast) compactTypeLiterals(node)
  return generatedHeader(specPath) + joinSimpleMembers(astToString(ast))
}
