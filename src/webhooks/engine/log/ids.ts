/** Id generation: short random config ids and time-ordered event ids. */
import { randomFillSync } from 'node:crypto'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz'

// Random bytes drawn in blocks: one randomFillSync per 4 KiB instead of one per id.
const pool = Buffer.alloc(4096)
let poolOffset = pool.length

function randomByte(): number {
  if (poolOffset >= pool.length) {
    randomFillSync(pool)
    poolOffset = 0
  }
  return pool[poolOffset++] as number
}

function randomString(length: number, alphabet: string): string {
  // Rejection sampling keeps every character uniformly likely.
  const limit = 256 - (256 % alphabet.length)
  let out = ''
  while (out.length < length) {
    const byte = randomByte()
    if (byte < limit) out += alphabet[byte % alphabet.length]
  }
  return out
}

/** A short uuid for configs: 10 base62 characters from crypto randomness (≈ 59 bits). */
export function shortId(): string {
  return randomString(10, BASE62)
}

/**
 * Event ids that sort (as strings) in creation order: 9 base36 digits of the millisecond, 5 of a per-millisecond
 * counter, then 6 random characters. Together with a non-decreasing `created_at` this is the strictly monotonic
 * tie-breaker the event search pages by, so events inserted while someone pages never shift a later page.
 */
export function createEventIdGenerator(): (createdMs: number) => string {
  let lastMs = -1
  let counter = 0
  return (createdMs) => {
    if (createdMs > lastMs) {
      lastMs = createdMs
      counter = 0
    } else counter++
    return lastMs.toString(36).padStart(9, '0') + counter.toString(36).padStart(5, '0') + randomString(6, BASE36)
  }
}
