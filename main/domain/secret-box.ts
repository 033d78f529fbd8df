/**
 * AES-256-GCM for secrets at rest (TOTP secrets), in one printable string:
 *
 *     v1:<iv base64>:<tag base64>:<ciphertext base64>
 *
 * `aad` binds a ciphertext to the row it belongs to (e.g. `totp:<userId>`): copying user A's sealed
 * secret into user B's row makes `open` fail instead of giving B A's second factor.
 *
 * The 12-byte IV always comes from `crypto.randomBytes`, deliberately not from an injected source:
 * a repeated IV under one GCM key leaks the authentication key, so a test double must never reach it.
 * Random 96-bit IVs are safe for far more than the 2^32 messages per key that NIST SP 800-38D allows.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Thrown by `open` for any sealed value that does not authenticate; deliberately uninformative. */
export class SecretBoxError extends Error {
  constructor() {
    super('The sealed value cannot be opened (wrong key, wrong row, or tampered).');
    this.name = 'SecretBoxError';
  }
}

function assertKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES)
    throw new TypeError('secret-box key must be 32 bytes');
}

function decode(text: string): Buffer | null {
  if (!BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

/** Encrypts `plaintext` under `key`, bound to `aad`. */
export function seal(key: Buffer, plaintext: string, aad: string): string {
  assertKey(key);
  if (typeof plaintext !== 'string' || typeof aad !== 'string')
    throw new TypeError('plaintext and aad must be strings');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join(':');
}

/** Decrypts a value made by `seal` with the same key and aad; throws `SecretBoxError` otherwise. */
export function open(key: Buffer, sealed: string, aad: string): string {
  assertKey(key);
  if (typeof sealed !== 'string' || typeof aad !== 'string') throw new SecretBoxError();
  const parts = sealed.split(':');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError();
  const iv = decode(parts[1]);
  const tag = decode(parts[2]);
  const ciphertext = decode(parts[3]);
  if (!iv || iv.length !== IV_BYTES || !tag || tag.length !== TAG_BYTES || !ciphertext)
    throw new SecretBoxError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    return plain.toString('utf8');
  } catch {
    throw new SecretBoxError();
  }
}
