import { hash, timingSafeEqual } from 'node:crypto';
import type { Random } from './deps.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * `length` base62 characters from the CSPRNG, without modulo bias (rejection sampling).
 * 43 characters carry 256 bits; keys and session ids use at least that.
 */
export function randomBase62(random: Random, length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of random.bytes(length * 2)) {
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/**
 * SHA-256 hex: how session ids and API keys are stored (they are high-entropy, so no KDF needed).
 * The one-shot `crypto.hash` (Node ≥ 20.12): ~0.3 µs against ~1.5 µs for a createHash object, on
 * every authenticated request.
 */
export const sha256Hex = (value: string) => hash('sha256', value, 'hex');

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** RFC 4122 version 4 uuid from the injected randomness. */
export function uuid4(random: Random): string {
  const b = random.bytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
