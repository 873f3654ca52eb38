/** Query-string parameters of the Webhooks API, read with the engine's one error shape (`invalid_request` + `issues`). */
import { RequestValidationError } from '../errors'

/** A required, non-empty query parameter. */
export function requiredQuery(query: URLSearchParams, name: string): string {
  const value = query.get(name)
  if (value === null || value.trim() === '') throw new RequestValidationError([{ path: name, message: 'is a required query parameter' }])
  return value
}

/** An optional query parameter; an empty value counts as absent. */
export function optionalQuery(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name)
  return value === null || value === '' ? undefined : value
}

/** A boolean query parameter: `true` or `false` (absent or empty: `fallback`); anything else is a 400. */
export function booleanQuery(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = query.get(name)
  if (value === null || value === '') return fallback
  if (value === 'true') return true
  if (value === 'false') return false
  throw new RequestValidationError([{ path: name, message: 'must be true or false' }])
}
