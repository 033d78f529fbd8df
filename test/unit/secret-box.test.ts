import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { open, seal, SecretBoxError } from '../../main/domain/secret-box.js';

const key = randomBytes(32);
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

function parts(sealed: string) {
  const [v, iv, tag, ct] = sealed.split(':');
  return { v, iv: Buffer.from(iv, 'base64'), tag: Buffer.from(tag, 'base64'), ct: Buffer.from(ct, 'base64') };
}
function join(p: { v: string; iv: Buffer; tag: Buffer; ct: Buffer }) {
  return [p.v, p.iv.toString('base64'), p.tag.toString('base64'), p.ct.toString('base64')].join(':');
}

describe('secret-box (AES-256-GCM)', () => {
  it('round-trips, in the v1:<iv>:<tag>:<ct> format with a 12-byte IV and 16-byte tag', () => {
    const sealed = seal(key, SECRET, 'totp:1');
    assert.match(sealed, /^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    const p = parts(sealed);
    assert.equal(p.iv.length, 12);
    assert.equal(p.tag.length, 16);
    assert.equal(p.ct.length, Buffer.byteLength(SECRET));
    assert.ok(!sealed.includes(SECRET) && !p.ct.toString('latin1').includes(SECRET));
    assert.equal(open(key, sealed, 'totp:1'), SECRET);
    assert.equal(open(key, seal(key, '', 'x'), 'x'), '');
    assert.equal(open(key, seal(key, 'héllo ✓', 'x'), 'x'), 'héllo ✓');
  });

  it('uses a fresh IV each time, so equal plaintexts give different ciphertexts', () => {
    const a = seal(key, SECRET, 'totp:1');
    const b = seal(key, SECRET, 'totp:1');
    assert.notEqual(a, b);
    assert.notDeepEqual(parts(a).iv, parts(b).iv);
  });

  it('fails when the ciphertext is moved to another row (AAD swap)', () => {
    const alice = seal(key, SECRET, 'totp:1');
    assert.throws(() => open(key, alice, 'totp:2'), SecretBoxError);
    assert.throws(() => open(key, alice, 'totp:11'), SecretBoxError);
    assert.throws(() => open(key, alice, ''), SecretBoxError);
  });

  it('fails under another key', () => {
    assert.throws(() => open(randomBytes(32), seal(key, SECRET, 'totp:1'), 'totp:1'), SecretBoxError);
  });

  it('fails on any flipped bit of IV, tag or ciphertext', () => {
    const p = parts(seal(key, SECRET, 'totp:1'));
    for (const field of ['iv', 'tag', 'ct'] as const) {
      for (let bit = 0; bit < p[field].length * 8; bit += 7) {
        const copy = { ...p, [field]: Buffer.from(p[field]) };
        copy[field][bit >> 3] ^= 1 << (bit & 7);
        assert.throws(() => open(key, join(copy), 'totp:1'), SecretBoxError, `${field} bit ${bit}`);
      }
    }
  });

  it('fails on truncation, extension, a wrong version or malformed text', () => {
    const sealed = seal(key, SECRET, 'totp:1');
    const p = parts(sealed);
    const bad = [
      join({ ...p, ct: p.ct.subarray(0, p.ct.length - 1) }),
      join({ ...p, ct: Buffer.concat([p.ct, Buffer.from([0])]) }),
      join({ ...p, tag: p.tag.subarray(0, 12) }),
      join({ ...p, iv: Buffer.concat([p.iv, Buffer.from([0])]) }),
      sealed.replace(/^v1:/, 'v2:'),
      sealed.replace(/^v1:/, ''),
      `${sealed}:`,
      sealed.replace(/:([^:]*)$/, ':!!!'),
      '',
      SECRET,
    ];
    for (const value of bad) assert.throws(() => open(key, value, 'totp:1'), SecretBoxError, value);
  });

  it('refuses a key that is not 32 bytes', () => {
    assert.throws(() => seal(randomBytes(16), SECRET, 'x'), TypeError);
    assert.throws(() => open(randomBytes(31), seal(key, SECRET, 'x'), 'x'), TypeError);
  });
});
