// openapi-client-axios dereferences $refs in the definition it is given. The definitions codegen emits
// are $ref-free by construction (codegen/emit-definition.ts asserts it), so the build swaps the
// dereferencer for the identity and saves users its bytes.
'use strict'
exports.dereferenceSync = function dereferenceSync(document) {
  return document
}
