export { shapePayload } from './shape'
export { compileTransform, parseJsonata, TRANSFORM_LIMITS, type Transform } from './transform'
export { buildExamplePayload, type ExamplePayload, type ExampleOptions } from './example'
