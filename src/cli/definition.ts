import { readFile } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { commandTable } from '../core/command-table'
import type { OpenApiDocument } from '../core/openapi'
import type { ServiceCommands } from '../core/commands'
import { CliUsageError } from './errors'

async function readSpecText(source: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    const response = await fetch(source)
    if (!response.ok) throw new CliUsageError('invalid_definition', `could not load --definition ${source}: ${response.status} ${response.statusText}`)
    return response.text()
  }
  try {
    return await readFile(source, 'utf8')
  } catch (error) {
    throw new CliUsageError('invalid_definition', `could not read --definition ${source}: ${(error as NodeJS.ErrnoException).code ?? 'read error'}`)
  }
}

/** The service name a definition gets when the command line names none: its file name, e.g. `pets` for `pets.json`. */
export function serviceNameOf(source: string): string {
  const file = basename(source.split('?')[0] as string)
  return file.slice(0, file.length - extname(file).length).replace(/[^A-Za-z0-9_-]/g, '') || 'api'
}

/**
 * Loads an OpenAPI 3 JSON document (file path or http(s) URL) and turns it into a command table the same
 * way codegen does for the generated services.
 */
export async function loadDefinition(source: string, service: string): Promise<ServiceCommands> {
  const text = await readSpecText(source)
  let doc: OpenApiDocument
  try {
    doc = JSON.parse(text) as OpenApiDocument
  } catch {
    throw new CliUsageError('invalid_definition', `--definition ${source} is not JSON: pass an OpenAPI 3 document in JSON (convert YAML first)`)
  }
  if (typeof doc !== 'object' || doc === null || typeof doc.paths !== 'object' || doc.paths === null) {
    throw new CliUsageError('invalid_definition', `--definition ${source} has no "paths": pass an OpenAPI 3 document`)
  }
  try {
    return commandTable(service, doc)
  } catch (error) {
    throw new CliUsageError('invalid_definition', `--definition ${source}: ${(error as Error).message}`)
  }
}
