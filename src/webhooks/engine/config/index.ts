export { validateConfig, RESERVED_HEADERS } from './validate'
export { deriveStatus } from './status'
export { SECRET_MASK, maskSecrets, keepMaskedSecrets, resolveSecret } from './secrets'
