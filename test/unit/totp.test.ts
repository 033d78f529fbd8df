import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { generateURI } from 'otplib';
import {
  generateTotpSecret,
  groupTotpSecret,
  totpAt,
  totpStepAt,
  totpUri,
  verifyTotp,
} from '../../main/domain/totp.js';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII "12345678901234567890" (20 bytes).
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_SHA1_VECTORS: ReadonlyArray<[seconds: number, step: number, code8: string]> = [
  [59, 0x1, '94287082'],
  [1111111109, 0x23523ec, '07081804'],
  [1111111111, 0x23523ed, '14050471'],
  [1234567890, 0x273ef07, '89005924'],
  [2000000000, 0x3f940aa, '69279037'],
  [20000000000, 0x27bc86aa, '65353130'],
];

/** Independent RFC 4226 HOTP, to cross-check otplib without trusting it. */
function referenceHotp(key: Buffer, counter: number, digits: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

const T = 1_700_000_000_000; // a fixed "now" in ms, step 56666666 starts at 1_699_999_980 s
const secret = generateTotpSecret(randomBytes);

describe('totp secret and URI', () => {
  it('makes 32 base32 characters from exactly 20 random bytes', () => {
    let asked = 0;
    const s = generateTotpSecret((n) => {
      asked = n;
      return Buffer.from('12345678901234567890');
    });
    assert.equal(asked, 20);
    assert.equal(s, RFC_SECRET); // RFC 4648 base32 of the RFC 6238 seed
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.notEqual(generateTotpSecret(randomBytes), generateTotpSecret(randomBytes));
  });

  it('refuses a random source that returns too few bytes', () => {
    assert.throws(() => generateTotpSecret(() => Buffer.alloc(10)), RangeError);
  });

  it('builds the exact otpauth URI of the contract, with the label URL-encoded', () => {
    assert.equal(
      totpUri('jane@example.com', RFC_SECRET),
      `otpauth://totp/Userdesk:jane%40example.com?secret=${RFC_SECRET}&issuer=Userdesk&algorithm=SHA1&digits=6&period=30`,
    );
    const odd = totpUri('a+b c/d?e&f#@x.io', RFC_SECRET);
    assert.ok(odd.startsWith('otpauth://totp/Userdesk:a%2Bb%20c%2Fd%3Fe%26f%23%40x.io?secret='), odd);
    const url = new URL(odd);
    assert.equal(decodeURIComponent(url.pathname.replace(/^\//, '')), 'Userdesk:a+b c/d?e&f#@x.io');
    assert.equal(url.searchParams.get('secret'), RFC_SECRET);
    assert.equal(url.searchParams.get('issuer'), 'Userdesk');
  });

  it('agrees with otplib generateURI on everything otplib writes', () => {
    const ours = totpUri('a+b@example.com', secret);
    const theirs = generateURI({ issuer: 'Userdesk', label: 'a+b@example.com', secret });
    assert.equal(ours, `${theirs}&algorithm=SHA1&digits=6&period=30`);
  });

  it('refuses a secret that is not 20+ bytes of upper-case base32', () => {
    assert.throws(() => totpUri('a@b.c', 'JBSWY3DPEHPK3PXP'), TypeError);
    assert.throws(() => totpUri('a@b.c', RFC_SECRET.toLowerCase()), TypeError);
  });

  it('groups the secret in fours for manual entry', () => {
    assert.equal(groupTotpSecret(RFC_SECRET), 'GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ');
  });
});

describe('totp codes: RFC 6238 appendix B (SHA-1)', () => {
  for (const [seconds, step, code8] of RFC_SHA1_VECTORS) {
    it(`T=${seconds}: step ${step}, 8-digit ${code8}, 6-digit ${code8.slice(2)}`, async () => {
      assert.equal(totpStepAt(seconds * 1000), step);
      // The reference implementation reproduces the published 8-digit value…
      assert.equal(referenceHotp(Buffer.from('12345678901234567890'), step, 8), code8);
      // …and Userdesk's 6-digit code is its last six digits (mod 10^6 of the same truncation).
      assert.equal(await totpAt(RFC_SECRET, seconds * 1000), code8.slice(2));
      assert.equal(await totpAt(RFC_SECRET, seconds * 1000 + 999), code8.slice(2));
      const result = await verifyTotp({
        secret: RFC_SECRET,
        token: code8.slice(2),
        nowMs: seconds * 1000,
        lastStep: null,
      });
      assert.deepEqual(result, { ok: true, step });
    });
  }

  it('matches the reference implementation on random secrets and times', async () => {
    for (let i = 0; i < 50; i++) {
      const raw = randomBytes(20);
      const s = generateTotpSecret(() => raw);
      const nowMs = Math.floor(Math.random() * 4e12);
      assert.equal(await totpAt(s, nowMs), referenceHotp(raw, Math.floor(nowMs / 30_000), 6));
    }
  });
});

describe('verifyTotp', () => {
  const step = totpStepAt(T);
  const codeAt = (s: number) => totpAt(secret, s * 30_000);

  it('accepts the current code and reports its step', async () => {
    assert.deepEqual(await verifyTotp({ secret, token: await codeAt(step), nowMs: T, lastStep: null }), {
      ok: true,
      step,
    });
  });

  it('accepts exactly one step each way, at both edges of the current step', async () => {
    const start = step * 30_000;
    const end = start + 29_999;
    for (const nowMs of [start, end]) {
      for (const [delta, ok] of [
        [-2, false],
        [-1, true],
        [0, true],
        [1, true],
        [2, false],
      ] as const) {
        const token = await codeAt(step + delta);
        const result = await verifyTotp({ secret, token, nowMs, lastStep: null });
        assert.deepEqual(
          result,
          ok ? { ok: true, step: step + delta } : { ok: false, reason: 'invalid' },
          `delta ${delta} at ${nowMs - start} ms`,
        );
      }
    }
  });

  it('stops accepting the previous code one millisecond after its window', async () => {
    const token = await codeAt(step - 1);
    assert.equal(
      (await verifyTotp({ secret, token, nowMs: (step + 1) * 30_000 - 1, lastStep: null })).ok,
      true,
    );
    assert.deepEqual(await verifyTotp({ secret, token, nowMs: (step + 1) * 30_000, lastStep: null }), {
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses a replay of the same step, and of any earlier step', async () => {
    const token = await codeAt(step);
    const first = await verifyTotp({ secret, token, nowMs: T, lastStep: null });
    assert.deepEqual(first, { ok: true, step });
    assert.deepEqual(await verifyTotp({ secret, token, nowMs: T, lastStep: step }), {
      ok: false,
      reason: 'replay',
    });
    assert.deepEqual(await verifyTotp({ secret, token, nowMs: T + 20_000, lastStep: step }), {
      ok: false,
      reason: 'replay',
    });
    const previous = await codeAt(step - 1);
    assert.deepEqual(await verifyTotp({ secret, token: previous, nowMs: T, lastStep: step }), {
      ok: false,
      reason: 'replay',
    });
  });

  it('accepts a later step after an earlier one was used', async () => {
    assert.deepEqual(await verifyTotp({ secret, token: await codeAt(step + 1), nowMs: T, lastStep: step }), {
      ok: true,
      step: step + 1,
    });
    assert.deepEqual(await verifyTotp({ secret, token: await codeAt(step), nowMs: T, lastStep: step - 1 }), {
      ok: true,
      step,
    });
  });

  it('refuses everything in the window when the last step lies ahead of it (clock went back)', async () => {
    const token = await codeAt(step);
    assert.deepEqual(await verifyTotp({ secret, token, nowMs: T, lastStep: step + 5 }), {
      ok: false,
      reason: 'replay',
    });
    assert.deepEqual(
      await verifyTotp({
        secret,
        token: '000000' === token ? '000001' : '000000',
        nowMs: T,
        lastStep: step + 5,
      }),
      { ok: false, reason: 'invalid' },
    );
  });

  it('calls a wrong code invalid, not replay, when a last step is known', async () => {
    const token = await codeAt(step);
    const wrong = String((Number(token) + 1) % 1_000_000).padStart(6, '0');
    assert.deepEqual(await verifyTotp({ secret, token: wrong, nowMs: T, lastStep: step - 3 }), {
      ok: false,
      reason: 'invalid',
    });
  });

  it('takes the token as a string with spaces or as a number (leading zeros restored)', async () => {
    // Find a moment whose code starts with 0, so the number form really loses a digit.
    let s = step;
    let token = await codeAt(s);
    while (!token.startsWith('0')) token = await codeAt(++s);
    const nowMs = s * 30_000;
    assert.deepEqual(await verifyTotp({ secret, token: Number(token), nowMs, lastStep: null }), {
      ok: true,
      step: s,
    });
    assert.deepEqual(
      await verifyTotp({ secret, token: ` ${token.slice(0, 3)} ${token.slice(3)}\n`, nowMs, lastStep: null }),
      { ok: true, step: s },
    );
  });

  it('calls anything that is not six digits invalid', async () => {
    const token = await codeAt(step);
    for (const bad of [
      '',
      '12345',
      '1234567',
      `${token}0`,
      `0${token}`,
      token.replace(/./, 'a'),
      '12345x',
      '-12345',
      '１２３４５６',
      1e6,
      -1,
      1.5,
      Number.NaN,
    ]) {
      assert.deepEqual(
        await verifyTotp({ secret, token: bad, nowMs: T, lastStep: null }),
        { ok: false, reason: 'invalid' },
        String(bad),
      );
    }
    for (const bad of [null, undefined, {}, [token], true]) {
      assert.deepEqual(
        await verifyTotp({ secret, token: bad as unknown as string, nowMs: T, lastStep: null }),
        { ok: false, reason: 'invalid' },
      );
    }
  });

  it('refuses the right code for another secret', async () => {
    const other = generateTotpSecret(randomBytes);
    assert.deepEqual(
      await verifyTotp({ secret: other, token: await codeAt(step), nowMs: T, lastStep: null }).then(
        (r) => r.ok,
      ),
      false,
    );
  });

  it('rejects programming errors loudly', async () => {
    await assert.rejects(verifyTotp({ secret, token: '123456', nowMs: T, lastStep: -1 }), RangeError);
    await assert.rejects(verifyTotp({ secret, token: '123456', nowMs: T, lastStep: 1.5 }), RangeError);
    await assert.rejects(
      verifyTotp({ secret, token: '123456', nowMs: Number.NaN, lastStep: null }),
      RangeError,
    );
    await assert.rejects(
      verifyTotp({ secret: 'short', token: '123456', nowMs: T, lastStep: null }),
      TypeError,
    );
  });
});
