/** Secrets at rest: AES-256-GCM with a 32-byte key (node:crypto), a fresh 12-byte IV per value. */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { StoreError } from './errors'

const PREFIX = 'aes256gcm:'

/** Reads an `encryptionKey`: 64 hex characters or base64 of exactly 32 bytes. */
export function parseEncryptionKey(text: string): Buffer {
  const trimmed = text.trim()
  const bytes = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64')
  if (bytes.length !== 32) {
    throw new StoreError('invalid_encryption_key', 'encryptionKey must be 32 bytes, written as 64 hex characters or base64 (e.g. `openssl rand -hex 32`).')
  }
  return bytes
}

/** Encrypts `plain` as `aes256gcm:<base64 iv | tag | ciphertext>`. */
export function seal(key: Buffer, plain: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')
}

/** Decrypts what {@link seal} wrote; a wrong key or changed bytes throw `StoreError` `decryption_failed`. */
export function open(key: Buffer, sealed: string): string {
  if (!sealed.startsWith(PREFIX)) throw new StoreError('decryption_failed', 'A stored secret is not in the expected encrypted form.')
  const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64')
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
    decipher.setAuthTag(raw.subarray(12, 28))
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
  } catch {
    throw new StoreError('decryption_failed', 'A stored secret could not be decrypted: the encryptionKey differs from the one it was written with.')
  }
}
