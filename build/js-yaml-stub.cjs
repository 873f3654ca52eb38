// openapi-client-axios loads js-yaml only to parse YAML spec files given by URL or path. Our clients
// always pass a generated in-memory definition, so the bundle gets this stub instead of ~44 KB of YAML parser.
'use strict'
function unsupported() {
  throw new Error('@epilot/sdk clients use generated definitions; YAML specs are not supported at run time')
}
module.exports = { load: unsupported, dump: unsupported }
