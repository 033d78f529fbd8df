import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  BACKUP_CODE_ALPHABET,
  BACKUP_CODE_BITS,
  BACKUP_CODE_SCRYPT_PARAMS,
  findBackupCode,
  generateBackupCodes,
  hashBackupCode,
  normalizeBackupCode,
  verifyBackupCode,
} from '../../main/domain/backup-codes.js';

const FORMAT = /^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/;

describe('generateBackupCodes', () => {
  it('makes 10 distinct codes in the xxxxx-xxxxx format of an unambiguous lower-case alphabet', () => {
    const codes = generateBackupCodes(randomBytes);
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    for (const code of codes) assert.match(code, FORMAT);
    assert.equal(BACKUP_CODE_ALPHABET.length, 32);
    assert.equal(new Set(BACKUP_CODE_ALPHABET).size, 32);
    for (const c of 'ilou') assert.ok(!BACKUP_CODE_ALPHABET.includes(c), c);
  });

  it('draws at least 50 bits from the random source for every code', () => {
    const requests: number[] = [];
    generateBackupCodes((n) => {
      requests.push(n);
      return randomBytes(n);
    });
    assert.equal(requests.length, 10);
    // 5 uniform bits per byte requested (see the distribution test below).
    for (const n of requests) assert.ok(n * 5 >= 50, `only ${n * 5} bits`);
    assert.ok(BACKUP_CODE_BITS >= 50);
  });

  it('maps every byte value to a symbol exactly uniformly (no modulo bias)', () => {
    // Feed all 256 byte values: each of the 32 symbols must come out exactly 8 times.
    const all = Buffer.from(Array.from({ length: 260 }, (_, i) => i % 256));
    let offset = 0;
    const codes = generateBackupCodes((n) => {
      const chunk = Buffer.alloc(n);
      for (let i = 0; i < n; i++) chunk[i] = all[offset++ % 256];
      return chunk;
    });
    const counts = new Map<string, number>();
    for (const c of codes.join('').replace(/-/g, '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    // 100 bytes = 0..99: symbol k appears for bytes k, k+32, k+64 (and k+96 for k < 4).
    for (const [i, c] of [...BACKUP_CODE_ALPHABET].entries()) assert.equal(counts.get(c), i < 4 ? 4 : 3, c);
  });

  it('uses every symbol in every position with the CSPRNG (chi-square, loose bound)', () => {
    const positions = Array.from({ length: 10 }, () => new Map<string, number>());
    const rounds = 400; // 4000 codes: 125 expected per symbol per position
    for (let r = 0; r < rounds; r++) {
      for (const code of generateBackupCodes(randomBytes)) {
        [...code.replace('-', '')].forEach((c, i) => positions[i].set(c, (positions[i].get(c) ?? 0) + 1));
      }
    }
    for (const counts of positions) {
      assert.equal(counts.size, 32);
      const expected = (rounds * 10) / 32;
      let chi = 0;
      for (const c of BACKUP_CODE_ALPHABET) chi += ((counts.get(c) ?? 0) - expected) ** 2 / expected;
      // 31 degrees of freedom: P(chi² > 80) < 1e-5. A biased mapping blows far past it.
      assert.ok(chi < 80, `chi² ${chi.toFixed(1)}`);
    }
  });

  it('draws again rather than return two equal codes', () => {
    let calls = 0;
    const codes = generateBackupCodes((n) => (calls++ < 3 ? Buffer.alloc(n, 7) : randomBytes(n)));
    assert.equal(new Set(codes).size, 10);
    assert.equal(calls, 12);
  });

  it('refuses a random source that returns too few bytes', () => {
    assert.throws(() => generateBackupCodes(() => Buffer.alloc(3)), RangeError);
  });
});

describe('normalizeBackupCode', () => {
  it('accepts any case, with or without the dash, with spaces or Unicode dashes', () => {
    for (const input of [
      'abcde-fghjk',
      'ABCDE-FGHJK',
      'abcdefghjk',
      ' abcde fghjk ',
      'AbCdE–FgHjK',
      'ab cde-fg hjk\n',
    ]) {
      assert.equal(normalizeBackupCode(input), 'abcdefghjk', JSON.stringify(input));
    }
  });

  it('reads the confusable i, l and o as 1, 1 and 0', () => {
    assert.equal(normalizeBackupCode('ILoOi-10lab'), '11001101ab');
  });

  it('refuses anything that cannot be a code', () => {
    for (const input of [
      '',
      'abcde-fghj',
      'abcde-fghjkm',
      'abcde-fghju',
      'abcde+fghjk',
      'abcdé-fghjk',
      'x'.repeat(100),
      12345,
      null,
      undefined,
      {},
    ]) {
      assert.equal(normalizeBackupCode(input), null, JSON.stringify(input));
    }
  });
});

describe('hashBackupCode / verifyBackupCode', () => {
  const [code, other] = generateBackupCodes(randomBytes);

  it('stores a self-describing salted scrypt hash that does not contain the code', async () => {
    const hash = await hashBackupCode(code);
    const parts = hash.split('$');
    assert.equal(parts.length, 6);
    assert.deepEqual(parts.slice(0, 4), ['scrypt', String(BACKUP_CODE_SCRYPT_PARAMS.N), '8', '1']);
    assert.ok(Buffer.from(parts[4], 'base64').length >= 16, 'salt ≥ 16 bytes');
    assert.equal(Buffer.from(parts[5], 'base64').length, 32);
    const compact = code.replace('-', '');
    assert.ok(!hash.toLowerCase().includes(compact) && !hash.toLowerCase().includes(code));
  });

  it('uses a fresh salt for every hash: one hash per salt, even for the same code', async () => {
    const hashes = await Promise.all([code, code, code, other].map((c) => hashBackupCode(c)));
    assert.equal(new Set(hashes).size, 4);
    assert.equal(new Set(hashes.map((h) => h.split('$')[4])).size, 4);
    for (const h of hashes.slice(0, 3)) assert.equal(await verifyBackupCode(code, h), true);
  });

  it('verifies the code however it is typed, and nothing else', async () => {
    const hash = await hashBackupCode(code);
    assert.equal(await verifyBackupCode(code, hash), true);
    assert.equal(await verifyBackupCode(code.toUpperCase().replace('-', ' '), hash), true);
    assert.equal(await verifyBackupCode(code.replace('-', ''), hash), true);
    assert.equal(await verifyBackupCode(other, hash), false);
    // One symbol changed.
    const flipped = code[0] === 'a' ? `b${code.slice(1)}` : `a${code.slice(1)}`;
    assert.equal(await verifyBackupCode(flipped, hash), false);
    assert.equal(await verifyBackupCode('not a code', hash), false);
    assert.equal(await verifyBackupCode(null, hash), false);
  });

  it('treats a corrupt or foreign stored hash as no match, never a throw', async () => {
    const hash = await hashBackupCode(code);
    const [, , , , salt, key] = hash.split('$');
    for (const bad of [
      '',
      'plain',
      hash.replace('scrypt', 'bcrypt'),
      `scrypt$16385$8$1$${salt}$${key}`,
      `scrypt$${2 ** 30}$8$1$${salt}$${key}`,
      `scrypt$16384$8$1$${salt}$`,
      `scrypt$16384$8$1$AAAA$${key}`,
      `${hash}$extra`,
    ]) {
      assert.equal(await verifyBackupCode(code, bad), false, bad);
    }
  });

  it('refuses to hash something that is not a code', async () => {
    await assert.rejects(hashBackupCode('hello'), TypeError);
  });

  it('finds which of a set of hashes matches, or -1', async () => {
    const codes = generateBackupCodes(randomBytes);
    const hashes = await Promise.all(codes.map((c) => hashBackupCode(c)));
    assert.equal(await findBackupCode(codes[6].toUpperCase(), hashes), 6);
    assert.equal(await findBackupCode(code, hashes), -1);
    assert.equal(await findBackupCode('garbage', hashes), -1);
    assert.equal(await findBackupCode(codes[0], []), -1);
  });
});
