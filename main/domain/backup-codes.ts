/**
 * Backup (look-up) codes: security.md 8–10, users-api.md §5.
 *
 * A code is 10 symbols of a 32-letter alphabet, 5 bits each: 50 bits from the CSPRNG, shown as
 * `xxxxx-xxxxx`. The alphabet is Crockford's base32 in lower case (no i, l, o, u), so a code read
 * aloud or copied by hand survives: i/l are taken as 1 and o as 0.
 *
 * Stored only as salted scrypt hashes (ASVS 5.0 6.5.2: under 112 bits they must go through a
 * password-hashing KDF). The cost is far below a password's on purpose: a password has perhaps 20–40
 * bits of human entropy, a code has 50 uniform bits, so even at N = 2^14 (16 MiB, ~50 ms) an offline
 * attacker with the database needs ~2^49 scrypt evaluations per code — centuries on GPUs that manage
 * 10^4–10^5 such evaluations per second — while a login may have to check all ten remaining hashes.
 */
import { scryptHash, scryptVerify, type ScryptParams } from './scrypt-hash.js';

export const BACKUP_CODE_COUNT = 10;
export const BACKUP_CODE_LENGTH = 10;
export const BACKUP_CODE_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** Entropy of one code: 10 symbols × log2(32). */
export const BACKUP_CODE_BITS = BACKUP_CODE_LENGTH * 5;

export const BACKUP_CODE_SCRYPT_PARAMS: ScryptParams = Object.freeze({
  N: 2 ** 14,
  r: 8,
  p: 1,
  saltBytes: 16,
  keyBytes: 32,
});

const CONFUSABLE: Readonly<Record<string, string>> = { i: '1', l: '1', o: '0' };
// Spaces, ASCII hyphen and the Unicode dashes a code picks up when pasted from a PDF or a note.
const SEPARATORS = /[\s\-\u2010-\u2015\u2212_]/g;
const NORMALIZED = /^[0-9a-hjkmnp-tv-z]{10}$/;

/**
 * Draws `BACKUP_CODE_COUNT` distinct codes. Each symbol takes the low 5 bits of one random byte
 * (256 is a multiple of 32, so every symbol is exactly uniform).
 */
export function generateBackupCodes(randomBytes: (n: number) => Buffer): string[] {
  const codes = new Set<string>();
  while (codes.size < BACKUP_CODE_COUNT) {
    const bytes = randomBytes(BACKUP_CODE_LENGTH);
    if (bytes.length !== BACKUP_CODE_LENGTH) throw new RangeError('randomBytes returned the wrong length');
    let code = '';
    for (const byte of bytes) code += BACKUP_CODE_ALPHABET[byte & 31];
    codes.add(`${code.slice(0, 5)}-${code.slice(5)}`);
  }
  return [...codes];
}

/**
 * The canonical 10-symbol form of what a user typed (any case, with or without dashes or spaces,
 * i/l/o read as 1/1/0), or null when it cannot be a backup code.
 */
export function normalizeBackupCode(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const compact = input
    .replace(SEPARATORS, '')
    .toLowerCase()
    .replace(/[ilo]/g, (c) => CONFUSABLE[c]);
  return NORMALIZED.test(compact) ? compact : null;
}

/** Salted scrypt hash of a code (normalised first). Throws on a string that is not a code. */
export async function hashBackupCode(code: string, randomBytes?: (n: number) => Buffer): Promise<string> {
  const normalized = normalizeBackupCode(code);
  if (normalized === null) throw new TypeError('not a backup code');
  return scryptHash(normalized, BACKUP_CODE_SCRYPT_PARAMS, randomBytes);
}

/** True when `input` is the code behind `hash` (constant-time comparison of the derived keys). */
export async function verifyBackupCode(input: unknown, hash: string): Promise<boolean> {
  const normalized = normalizeBackupCode(input);
  // The format is public, so refusing a malformed input early reveals nothing.
  if (normalized === null) return false;
  return scryptVerify(normalized, hash);
}

/**
 * Index in `hashes` of the code matching `input`, or -1. Every hash is checked (concurrently, on
 * libuv's thread pool), so the time taken does not depend on which code matched or whether any did.
 */
export async function findBackupCode(input: unknown, hashes: readonly string[]): Promise<number> {
  const normalized = normalizeBackupCode(input);
  if (normalized === null) return -1;
  const results = await Promise.all(hashes.map((hash) => scryptVerify(normalized, hash)));
  return results.indexOf(true);
}
