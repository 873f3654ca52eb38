import openapiTS, { astToString } from 'openapi-typescript'
import type { OpenApiDocument } from '../src/core/openapi'
import { generatedHeader } from './header'

/** The API's types, exactly as openapi-typescript derives them from the spec. */
export async function emitSchema(doc: OpenApiDocument, specPath: string): Promise<string> {
  // openapi-typescript mutates nothing we keep, but give it its own copy anyway.
  const ast = await openapiTS(structuredClone(doc) as never, { alphabetize: false, defaultNonNullable: false })
  return generatedHeader(specPath) + astToString(ast)
}
