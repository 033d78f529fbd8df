/**
 * Salted scrypt hashes in a self-describing string, shared by passwords and backup codes:
 *
 *     scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>
 *
 * The cost parameters travel with each hash, so a cost can be raised later without invalidating
 * stored hashes (`needsRehash` tells when to re-hash after a successful verification).
 */
import { randomBytes as nodeRandomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. Memory used is about 128 · N · r bytes. */
  readonly N: number;
  readonly r: number;
  readonly p: number;
  /** Salt length in bytes (≥ 16). */
  readonly saltBytes: number;
  /** Derived key length in bytes. */
  readonly keyBytes: number;
}

interface ParsedHash {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

// Bounds on what a stored string may ask for: a tampered or corrupt row must not make us allocate
// gigabytes or spin for minutes. N = 2^20 with r = 8 is 1 GiB, the most we would ever choose.
const MAX_LOG2_N = 20;
const MAX_R = 32;
const MAX_P = 16;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function maxmemFor(N: number, r: number, p: number): number {
  // Node refuses when 128·N·r exceeds maxmem (default 32 MiB); leave headroom for p and overhead.
  return 128 * N * r * p + 32 * 1024 * 1024;
}

function derive(
  secret: string,
  salt: Buffer,
  keyBytes: number,
  N: number,
  r: number,
  p: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, keyBytes, { N, r, p, maxmem: maxmemFor(N, r, p) }, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n > 1 && (n & (n - 1)) === 0;
}

function parseInteger(text: string): number {
  return /^[1-9][0-9]{0,9}$/.test(text) ? Number(text) : NaN;
}

function decodeBase64(text: string): Buffer | null {
  if (!BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  // Reject non-canonical encodings so one hash has exactly one spelling.
  return bytes.toString('base64') === text ? bytes : null;
}

/** Parses a stored hash; null when it is not a well-formed scrypt hash within our bounds. */
function parse(stored: string): ParsedHash | null {
  if (typeof stored !== 'string') return null;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const N = parseInteger(parts[1]);
  const r = parseInteger(parts[2]);
  const p = parseInteger(parts[3]);
  if (!isPowerOfTwo(N) || N > 2 ** MAX_LOG2_N) return null;
  if (!(r >= 1 && r <= MAX_R) || !(p >= 1 && p <= MAX_P)) return null;
  const salt = decodeBase64(parts[4]);
  const hash = decodeBase64(parts[5]);
  if (!salt || salt.length < 16 || !hash || hash.length < 16 || hash.length > 64) return null;
  return { N, r, p, salt, hash };
}

/** Hashes `secret` with a fresh salt under `params`. */
export async function scryptHash(
  secret: string,
  params: ScryptParams,
  randomBytes: (n: number) => Buffer = nodeRandomBytes,
): Promise<string> {
  if (params.saltBytes < 16) throw new RangeError('scrypt salt must be at least 16 bytes');
  const salt = randomBytes(params.saltBytes);
  if (salt.length !== params.saltBytes) throw new RangeError('randomBytes returned the wrong length');
  const hash = await derive(secret, salt, params.keyBytes, params.N, params.r, params.p);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/**
 * Verifies `secret` against a stored hash in constant time (for the comparison). A malformed stored
 * string yields false, never a throw, so a corrupt row cannot become a 500 or a bypass.
 */
export async function scryptVerify(secret: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const candidate = await derive(secret, parsed.salt, parsed.hash.length, parsed.N, parsed.r, parsed.p);
  return timingSafeEqual(candidate, parsed.hash);
}

/** True when `stored` was made with other parameters than `params` (or cannot be read). */
export function scryptNeedsRehash(stored: string, params: ScryptParams): boolean {
  const parsed = parse(stored);
  return (
    !parsed ||
    parsed.N !== params.N ||
    parsed.r !== params.r ||
    parsed.p !== params.p ||
    parsed.salt.length < params.saltBytes ||
    parsed.hash.length !== params.keyBytes
  );
}
