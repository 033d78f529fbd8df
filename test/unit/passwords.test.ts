import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DUMMY_PASSWORD_HASH,
  PASSWORD_TOO_SHORT,
  hashPassword,
  passwordNeedsRehash,
  passwordStrengthError,
  verifyAgainstDummy,
  verifyPassword,
} from '../../main/domain/passwords.js';

const STRONG = 'correct horse battery staple';

describe('hashPassword / verifyPassword', () => {
  it('hashes with scrypt N=2^17, r=8, p=1 and a 16-byte salt, in the self-describing format', async () => {
    const hash = await hashPassword(STRONG);
    const [scheme, N, r, p, salt, key, ...rest] = hash.split('$');
    assert.deepEqual([scheme, N, r, p, rest.length], ['scrypt', '131072', '8', '1', 0]);
    assert.equal(Buffer.from(salt, 'base64').length, 16);
    assert.equal(Buffer.from(key, 'base64').length, 32);
    assert.ok(!hash.includes('horse'));
    assert.equal(passwordNeedsRehash(hash), false);
  });

  it('verifies the right password only', async () => {
    const hash = await hashPassword(STRONG);
    assert.equal(await verifyPassword(STRONG, hash), true);
    assert.equal(await verifyPassword(`${STRONG} `, hash), false);
    assert.equal(await verifyPassword(STRONG.toUpperCase(), hash), false);
    assert.equal(await verifyPassword('', hash), false);
  });

  it('salts per hash: the same password never hashes the same way twice', async () => {
    const [a, b] = await Promise.all([hashPassword(STRONG), hashPassword(STRONG)]);
    assert.notEqual(a.split('$')[4], b.split('$')[4]);
    assert.notEqual(a, b);
  });

  it('uses the injected random source for the salt', async () => {
    const hash = await hashPassword(STRONG, (n) => Buffer.alloc(n, 0xab));
    assert.equal(hash.split('$')[4], Buffer.alloc(16, 0xab).toString('base64'));
    assert.equal(await verifyPassword(STRONG, hash), true);
  });

  it('matches composed and decomposed forms of the same accented password (NFKC)', async () => {
    const composed = 'caf\u00e9 au lait, s\u2019il vous pla\u00eet';
    const decomposed = composed.normalize('NFD');
    assert.notEqual(composed, decomposed);
    const hash = await hashPassword(composed);
    assert.equal(await verifyPassword(decomposed, hash), true);
  });

  it('still verifies a hash made at an older cost, and says it needs re-hashing', async () => {
    const { scryptHash } = await import('../../main/domain/scrypt-hash.js');
    const old = await scryptHash(STRONG, { N: 2 ** 14, r: 8, p: 1, saltBytes: 16, keyBytes: 32 });
    assert.equal(await verifyPassword(STRONG, old), true);
    assert.equal(passwordNeedsRehash(old), true);
    assert.equal(passwordNeedsRehash('garbage'), true);
  });

  it('treats a malformed stored hash as a failed login, never a throw', async () => {
    for (const bad of [
      '',
      'pbkdf2_sha256$1$x$y',
      'scrypt$131072$8$1$$',
      'scrypt$131072$8$1$not base64!$AAAA',
      'scrypt$3$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    ]) {
      assert.equal(await verifyPassword(STRONG, bad), false, bad);
    }
  });
});

describe('dummy verification for unknown emails', () => {
  it('is a well-formed hash at the current cost that matches nothing', async () => {
    assert.equal(passwordNeedsRehash(DUMMY_PASSWORD_HASH), false);
    assert.equal(await verifyAgainstDummy(STRONG), false);
    assert.equal(await verifyAgainstDummy(''), false);
  });

  it('has the parameters, salt and key sizes of a real hash, so it costs the same work', async () => {
    // Same N, r, p and sizes ⇒ the same scrypt work; wall-clock timings belong to the bench.
    const real = await hashPassword(STRONG);
    assert.deepEqual(DUMMY_PASSWORD_HASH.split('$').slice(0, 4), real.split('$').slice(0, 4));
    assert.equal(Buffer.from(DUMMY_PASSWORD_HASH.split('$')[4], 'base64').length, 16);
    assert.equal(Buffer.from(DUMMY_PASSWORD_HASH.split('$')[5], 'base64').length, 32);
  });
});

describe('passwordStrengthError', async () => {
  it('gives the exact too-short sentence under 8 characters (counted as characters, not bytes)', async () => {
    assert.equal(PASSWORD_TOO_SHORT, 'This password is too short. It must contain at least 8 characters.');
    for (const pw of ['', 'a', 'Xy7#kQ2', '😀😀😀😀😀😀😀'])
      assert.equal(await passwordStrengthError(pw, []), PASSWORD_TOO_SHORT, pw);
  });

  it('refuses common and guessable passwords with zxcvbn feedback', async () => {
    for (const pw of ['password', 'password1', '12345678', 'qwertyuiop', 'aaaaaaaaaa', 'iloveyou123']) {
      const error = (await passwordStrengthError(pw, [])) ?? '';
      assert.ok(error.startsWith('This password is too weak. '), `${pw}: ${error}`);
      assert.ok(error.length > 'This password is too weak. '.length + 10, error);
    }
    assert.equal(
      await passwordStrengthError('password', []),
      'This password is too weak. This is a heavily used password. Add more words that are less common.',
    );
  });

  it('catches a near-miss of a dictionary word (Levenshtein pass)', async () => {
    assert.match((await passwordStrengthError('Tr0ub4dor&3', [])) ?? '', /^This password is too weak\. /);
  });

  it("refuses a password made of the user's own details", async () => {
    const inputs = ['qzmvtr.plokix@example.com', 'Qzmvtr', 'Plokix'];
    assert.equal(await passwordStrengthError('Plokixqzmvtr', []), null, 'strong without the user inputs…');
    assert.match(
      (await passwordStrengthError('Plokixqzmvtr', inputs)) ?? '',
      /^This password is too weak\./,
      '…weak with them',
    );
    // The email is split into its words, so its parts count even when only the email is given.
    assert.match(
      (await passwordStrengthError('Plokixqzmvtr', ['qzmvtr.plokix@example.com'])) ?? '',
      /too weak/,
    );
    assert.match((await passwordStrengthError('qzmvtr.plokix@example.com', inputs)) ?? '', /too weak/);
  });

  it('accepts strong passwords', async () => {
    for (const pw of [STRONG, 'xK9#mQ2$vLp!', 'violet-tundra-saxophone-47', 'ünïcødé passphrase here']) {
      assert.equal(await passwordStrengthError(pw, ['jane@example.com']), null, pw);
    }
  });
});
