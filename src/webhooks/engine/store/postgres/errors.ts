/** Errors of the PostgreSQL store, each with a stable `code` and a message that says what to do. */

/** Why the store could not be used. */
export type StoreErrorCode =
  | 'database_unreachable'
  | 'schema_too_new'
  | 'migration_failed'
  | 'invalid_encryption_key'
  | 'decryption_failed'
  | 'encryption_key_required'
  | 'invalid_options'
  | 'driver_missing'

/** A problem of the durable store (connection, schema, encryption). Never carries a secret. */
export class StoreError extends Error {
  override readonly name = 'StoreError'
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message)
  }
}
