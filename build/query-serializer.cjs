// openapi-client-axios serializes query parameters by their OpenAPI `style`/`explode`. Our generated routing tables
// never carry either (the spec declares none; codegen/emit-definition.ts drops them), so every parameter has the
// defaults, form + explode: the build gives it this subset. test/build-stubs.test.ts compares it with the original.
'use strict'
const pair = (name, value) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`

function serializeQueryParameter(param, name, value) {
  if (value === null || value === undefined) return []
  if (Array.isArray(value)) return value.map((item) => pair(name, item))
  if (typeof value === 'object') return Object.keys(value).map((key) => pair(key, value[key]))
  return [pair(name, value)]
}

exports.__esModule = true
exports.serializeQueryParameter = serializeQueryParameter
