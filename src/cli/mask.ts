/**
 * Masks a secret for display: its last four characters after `****` when it is long enough that
 * those four reveal nothing useful (12+ characters), otherwise `****` alone.
 */
export function maskSecret(secret: string): string {
  return secret.length >= 12 ? `****${secret.slice(-4)}` : '****'
}

/** Masks the credential of an `Authorization` header value, keeping its scheme: `Bearer ****abcd`. */
export function maskAuthorization(value: string): string {
  const match = /^(\S+)\s+(.+)$/.exec(value)
  return match ? `${match[1]} ${maskSecret(match[2] as string)}` : maskSecret(value)
}
