// openapi-client-axios is CommonJS and calls require('axios'). Left alone, bundlers give consumers a second,
// CommonJS copy of axios beside the ESM one our code imports (and the ESM build would need a dynamic
// require). The build points that require here, so there is exactly one axios, imported as ESM.
export { default } from 'axios'
