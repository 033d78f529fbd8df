/**
 * Password hashing (security.md 17) and the strength check of users-api.md §3.
 *
 * Hashes are scrypt at OWASP's recommended cost (N = 2^17, r = 8, p = 1: 128 MiB and a few hundred
 * ms per hash), a 16-byte per-user salt, in the self-describing `scrypt$N$r$p$salt$hash` format, so
 * the cost can be raised later and old hashes re-hashed on the next successful login.
 */
import type { ZxcvbnFactory, ZxcvbnResult } from '@zxcvbn-ts/core';
import { scryptHash, scryptNeedsRehash, scryptVerify, type ScryptParams } from './scrypt-hash.js';

export const PASSWORD_SCRYPT_PARAMS: ScryptParams = Object.freeze({
  N: 2 ** 17,
  r: 8,
  p: 1,
  saltBytes: 16,
  keyBytes: 32,
});

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_TOO_SHORT = 'This password is too short. It must contain at least 8 characters.';
const TOO_WEAK = 'This password is too weak.';
const GENERIC_ADVICE = 'Add another word or two. Uncommon words are better.';

/**
 * NIST SP 800-63B §5.1.1.2: normalise Unicode so the same password typed on another keyboard or OS
 * (composed vs decomposed accents) still matches. Applied identically when hashing and verifying.
 */
function normalize(password: string): string {
  return password.normalize('NFKC');
}

/** Hashes a password with a fresh 16-byte salt. `randomBytes` defaults to the CSPRNG. */
export async function hashPassword(password: string, randomBytes?: (n: number) => Buffer): Promise<string> {
  if (typeof password !== 'string') throw new TypeError('password must be a string');
  return scryptHash(normalize(password), PASSWORD_SCRYPT_PARAMS, randomBytes);
}

/** Checks a password against a stored hash; false (never a throw) for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (typeof password !== 'string') return false;
  return scryptVerify(normalize(password), stored);
}

/** True when `stored` was made at another cost than today's: re-hash after a successful login. */
export function passwordNeedsRehash(stored: string): boolean {
  return scryptNeedsRehash(stored, PASSWORD_SCRYPT_PARAMS);
}

/**
 * A well-formed hash at the current cost whose preimage nobody knows (its hash bytes are random).
 * Verifying against it costs exactly what verifying a real user's password costs.
 */
export const DUMMY_PASSWORD_HASH =
  'scrypt$131072$8$1$SLf/cNyeJpCp7FQ1ifg3Rg==$Q+y/Fjr4a8Y2VLoRXitGFVlBw9l5DIlQwkeT0+6UloQ=';

/**
 * Login of an unknown email: spend the same scrypt work as a real verification, then fail, so the
 * response time does not tell whether the address has an account.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(typeof password === 'string' ? password : '', DUMMY_PASSWORD_HASH);
  return false;
}

// Two checkers, built lazily (each takes ~0.2 s to build its ranked dictionaries):
// the quick one settles most weak passwords with precise feedback ("This is a commonly used
// password."); a password that passes it is checked again with Levenshtein matching, which catches
// near-misses of dictionary words such as "Tr0ub4dor&3" but costs ~0.3 s per check.
let quickChecker: ZxcvbnFactory | undefined;
let thoroughChecker: ZxcvbnFactory | undefined;

// The dictionaries are tens of megabytes once parsed: imported on the first strength check, not
// at start-up, so a server that never changes a password neither loads nor keeps them.
async function checker(thorough: boolean): Promise<ZxcvbnFactory> {
  const existing = thorough ? thoroughChecker : quickChecker;
  if (existing) return existing;
  const [{ ZxcvbnFactory: Factory }, zxcvbnCommon, zxcvbnEn] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]);
  const built = new Factory({
    translations: zxcvbnEn.translations,
    graphs: zxcvbnCommon.adjacencyGraphs,
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    useLevenshteinDistance: thorough,
  });
  if (thorough) thoroughChecker ??= built;
  else quickChecker ??= built;
  return built;
}

/** Splits "Jane.Doe@example.com" into "jane.doe@example.com", "jane", "doe", "example", "com". */
function userInputWords(userInputs: readonly string[]): string[] {
  const words = new Set<string>();
  for (const input of userInputs) {
    if (typeof input !== 'string') continue;
    const lower = input.trim().toLowerCase();
    if (!lower) continue;
    words.add(lower);
    for (const part of lower.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part);
  }
  return [...words];
}

function weakMessage(result: ZxcvbnResult): string {
  const { warning, suggestions } = result.feedback;
  const advice = [warning, ...suggestions].filter((s): s is string => typeof s === 'string' && s.length > 0);
  return `${TOO_WEAK} ${advice.length ? advice.join(' ') : GENERIC_ADVICE}`;
}

/**
 * The strength rule of users-api.md §3: null when acceptable, else the sentence to show under the
 * password field. `userInputs` are the user's own details (email, names) that must not carry a
 * password.
 */
export async function passwordStrengthError(
  password: string,
  userInputs: readonly string[] = [],
): Promise<string | null> {
  return (await passwordStrength(password, userInputs)).error;
}

/**
 * The same check, also giving the zxcvbn score (0–4) it ended on, which the security checkup
 * keeps when a password is set (the password itself never is). Score 0 for a too-short password.
 */
export async function passwordStrength(
  password: string,
  userInputs: readonly string[] = [],
): Promise<{ error: string | null; score: number }> {
  if (typeof password !== 'string' || [...password].length < PASSWORD_MIN_LENGTH) {
    return { error: PASSWORD_TOO_SHORT, score: 0 };
  }
  const inputs = userInputWords(userInputs);
  const quick = (await checker(false)).check(password, inputs);
  if (quick.score < 3) return { error: weakMessage(quick), score: quick.score };
  const thorough = (await checker(true)).check(password, inputs);
  if (thorough.score < 3) return { error: weakMessage(thorough), score: thorough.score };
  return { error: null, score: thorough.score };
}
