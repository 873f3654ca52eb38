// openapi-client-axios uses bath-es5 only as `bath(template).names` (the `{name}` parameters of a path
// template) and `.path(params)` (the template with each parameter URL-encoded, or null when one is not a
// string). The build gives it this subset instead of the whole package; test/dist.test.ts checks the
// built client's paths.
'use strict'
const PARAMETER = /\{([A-Za-z0-9_-]+)\}/g

function pathTemplate(template) {
  const names = Array.from(template.matchAll(PARAMETER), (match) => match[1])
  return {
    names,
    path(params) {
      if (names.some((name) => typeof params[name] !== 'string')) return null
      return template.replace(PARAMETER, (_, name) => encodeURIComponent(params[name]))
    },
  }
}

exports.__esModule = true
exports.default = pathTemplate
