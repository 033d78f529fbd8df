/**
 * TOTP (RFC 6238) on otplib 13: SHA-1, 6 digits, 30 s steps, T0 = 0, ±1 step (security.md 1–3).
 *
 * otplib 13 is a rewrite of v12: `verify` resolves to `{valid, delta, epoch, timeStep}`, `epoch` is
 * in Unix seconds, `epochTolerance` in seconds (30 = one step each way) and `afterTimeStep` skips the
 * steps already used. A secret under 16 bytes throws.
 */
import { generate, ScureBase32Plugin, verify } from 'otplib';

export const TOTP_ISSUER = 'Userdesk';
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** RFC 4226 §4 recommends 160 bits. */
export const TOTP_SECRET_BYTES = 20;

const base32 = new ScureBase32Plugin();
const BASE32_SECRET = /^[A-Z2-7]{32,}$/;

export type TotpVerification = { ok: true; step: number } | { ok: false; reason: 'invalid' | 'replay' };

/** A new 160-bit secret from `randomBytes` (the CSPRNG), as 32 base32 characters without padding. */
export function generateTotpSecret(randomBytes: (n: number) => Buffer): string {
  const bytes = randomBytes(TOTP_SECRET_BYTES);
  if (bytes.length !== TOTP_SECRET_BYTES) throw new RangeError('randomBytes returned the wrong length');
  return base32.encode(bytes);
}

function assertSecret(secret: string): void {
  if (typeof secret !== 'string' || !BASE32_SECRET.test(secret)) {
    throw new TypeError('TOTP secret must be upper-case base32 of at least 20 bytes');
  }
}

/**
 * The provisioning URI for authenticator apps (users-api.md §5). The label is URL-encoded, so an
 * address such as `a+b@x.io` becomes `Userdesk:a%2Bb%40x.io`. otplib's `generateURI` leaves out
 * the default algorithm, digits and period, which the contract spells out, hence built here.
 */
export function totpUri(email: string, secret: string): string {
  assertSecret(secret);
  const label = `${encodeURIComponent(TOTP_ISSUER)}:${encodeURIComponent(email)}`;
  return (
    `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(TOTP_ISSUER)}` +
    `&algorithm=SHA1&digits=${TOTP_DIGITS}&period=${TOTP_PERIOD_SECONDS}`
  );
}

/** The secret in groups of four for manual entry (security.md 5): `GEZD GNBV …`. */
export function groupTotpSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? '';
}

/** RFC 6238 time step of a moment: floor(unix seconds / 30). */
export function totpStepAt(nowMs: number): number {
  return Math.floor(toEpochSeconds(nowMs) / TOTP_PERIOD_SECONDS);
}

function toEpochSeconds(nowMs: number): number {
  if (!Number.isFinite(nowMs) || nowMs < 0) throw new RangeError('nowMs must be a non-negative time in ms');
  return Math.floor(nowMs / 1000);
}

/** The code an authenticator shows at `nowMs` (for tests and benches). */
export function totpAt(secret: string, nowMs: number): Promise<string> {
  return generate({
    secret,
    epoch: toEpochSeconds(nowMs),
    algorithm: 'sha1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    t0: 0,
  });
}

/**
 * A submitted code in canonical form, or null. Strings lose all whitespace ("123 456"); a JSON
 * number gets its leading zeros back (012345 arrives as 12345).
 */
function normalizeToken(token: unknown): string | null {
  let text: string;
  if (typeof token === 'number') {
    if (!Number.isSafeInteger(token) || token < 0 || token > 999_999) return null;
    text = String(token).padStart(TOTP_DIGITS, '0');
  } else if (typeof token === 'string') {
    if (token.length > 64) return null;
    text = token.replace(/\s+/g, '');
  } else {
    return null;
  }
  return /^[0-9]{6}$/.test(text) ? text : null;
}

/** The time step a TOTP verification matched, or null. (otplib's `verify` is typed for HOTP too.) */
function matchedStep(result: Awaited<ReturnType<typeof verify>>): number | null {
  return result.valid && 'timeStep' in result && Number.isSafeInteger(result.timeStep)
    ? result.timeStep
    : null;
}

/**
 * Checks `token` at `nowMs` within ±1 step. A code whose step is not after `lastStep` (the last
 * accepted step, null if none) is a `replay`. On success the caller stores `step` with an atomic
 * `UPDATE … WHERE last_step IS NULL OR last_step < ?` — this function cannot see a concurrent use.
 */
export async function verifyTotp(args: {
  secret: string;
  token: string | number;
  nowMs: number;
  lastStep: number | null;
}): Promise<TotpVerification> {
  const { secret, nowMs, lastStep } = args;
  assertSecret(secret);
  if (lastStep !== null && (!Number.isSafeInteger(lastStep) || lastStep < 0)) {
    throw new RangeError('lastStep must be null or a non-negative integer');
  }
  const epoch = toEpochSeconds(nowMs);
  const token = normalizeToken(args.token);
  if (token === null) return { ok: false, reason: 'invalid' };

  const options = {
    secret,
    token,
    epoch,
    algorithm: 'sha1' as const,
    digits: TOTP_DIGITS as 6,
    period: TOTP_PERIOD_SECONDS,
    t0: 0,
    epochTolerance: TOTP_PERIOD_SECONDS,
  };
  if (lastStep === null) {
    const step = matchedStep(await verify(options));
    return step === null ? { ok: false, reason: 'invalid' } : { ok: true, step };
  }
  // otplib throws when afterTimeStep lies beyond the window (our clock went back); clamp it there,
  // which skips the whole window, as it should.
  const newestStep = Math.floor((epoch + TOTP_PERIOD_SECONDS) / TOTP_PERIOD_SECONDS);
  const fresh = matchedStep(await verify({ ...options, afterTimeStep: Math.min(lastStep, newestStep) }));
  if (fresh !== null) return { ok: true, step: fresh };
  // Not valid for any new step: was it valid for a used one? Always asked, so the time taken does
  // not depend on the answer.
  const used = matchedStep(await verify(options));
  return { ok: false, reason: used === null ? 'invalid' : 'replay' };
}
