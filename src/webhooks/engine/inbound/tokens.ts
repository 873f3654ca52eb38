import { createHash, randomUUID, timingSafeEqual } from 'node:crypto'

/**
 * Secret-token registry with look-up that is constant time with respect to the secret.
 *
 * Why hash first: a Map keyed by the token itself compares the caller's guess against stored tokens with
 * ordinary string equality, which returns early at the first differing character — in principle a timing
 * oracle that leaks how much of a guess is right. We key the Map by SHA-256 of the token instead. The
 * caller controls their guess but not its digest, so any timing difference in the Map probe says nothing
 * about the real token's characters. After the probe we compare the full digests once more with
 * `timingSafeEqual` (fixed-length, constant time), so no code path compares secret material early-exit.
 */
export class TokenRegistry<T> {
  readonly #byDigest = new Map<string, { digest: Buffer; value: T }>()

  /** A fresh token: 122 random bits from the CSPRNG. */
  static newToken(): string {
    return randomUUID()
  }

  set(token: string, value: T): void {
    const digest = sha256(token)
    this.#byDigest.set(digest.toString('hex'), { digest, value })
  }

  get(token: string): T | undefined {
    const digest = sha256(token)
    const entry = this.#byDigest.get(digest.toString('hex'))
    if (entry === undefined || !timingSafeEqual(entry.digest, digest)) return undefined
    return entry.value
  }

  delete(token: string): boolean {
    return this.#byDigest.delete(sha256(token).toString('hex'))
  }

  values(): T[] {
    return [...this.#byDigest.values()].map((e) => e.value)
  }
}

function sha256(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest()
}
