/**
 * A software WebAuthn authenticator for the API tests: real keys from node:crypto (P-256, Ed25519,
 * RSA-2048), CBOR attestation `none`, authenticator data with UP/UV flags and a sign counter, and
 * clientDataJSON with type/challenge/origin — what a browser and a platform authenticator would
 * send to the server, built byte by byte so each test can break exactly one part of it.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { type CBORType, encodeCBOR } from '@levischuck/tiny-cbor';

export type SoftAlgorithm = 'ES256' | 'EdDSA' | 'RS256';

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

export interface SoftCredential {
  id: Buffer;
  algorithm: SoftAlgorithm;
  privateKey: KeyObject;
  cose: Uint8Array;
  userHandle: Buffer;
  rpId: string;
  counter: number;
}

/** What a test may change in one ceremony (each a way to be wrong). */
export interface Tweaks {
  origin?: string;
  rpId?: string;
  type?: string;
  challenge?: string;
  up?: boolean;
  uv?: boolean;
  /** The counter to sign with; by default the credential's counter goes up by one. */
  counter?: number;
  userHandle?: Buffer | null;
  /** Sign with this credential instead of the one the options point to. */
  credential?: SoftCredential;
}

function coseKey(algorithm: SoftAlgorithm, publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: 'jwk' });
  const bytes = (v: string | undefined) => Buffer.from(v ?? '', 'base64url');
  const map = new Map<number, number | Uint8Array>();
  if (algorithm === 'ES256') {
    map.set(1, 2).set(3, -7).set(-1, 1).set(-2, bytes(jwk.x)).set(-3, bytes(jwk.y));
  } else if (algorithm === 'EdDSA') {
    map.set(1, 1).set(3, -8).set(-1, 6).set(-2, bytes(jwk.x));
  } else {
    map.set(1, 3).set(3, -257).set(-1, bytes(jwk.n)).set(-2, bytes(jwk.e));
  }
  return encodeCBOR(map);
}

function newKeyPair(algorithm: SoftAlgorithm) {
  if (algorithm === 'ES256') return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  if (algorithm === 'EdDSA') return generateKeyPairSync('ed25519');
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

function signWith(credential: SoftCredential, data: Buffer): Buffer {
  if (credential.algorithm === 'EdDSA') return sign(null, data, credential.privateKey);
  // ECDSA signatures travel DER-encoded in WebAuthn; RS256 is PKCS#1 v1.5 over SHA-256.
  return sign('sha256', data, { key: credential.privateKey, dsaEncoding: 'der' });
}

function authenticatorData(rpId: string, flags: { up: boolean; uv: boolean; at?: boolean }, counter: number) {
  const head = Buffer.alloc(37);
  sha256(rpId).copy(head, 0);
  head[32] = (flags.up ? 0x01 : 0) | (flags.uv ? 0x04 : 0) | (flags.at ? 0x40 : 0);
  head.writeUInt32BE(counter, 33);
  return head;
}

const clientData = (type: string, challenge: string, origin: string) =>
  Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));

interface CreationOptions {
  challenge: string;
  rp: { id?: string };
  user: { id: string };
  pubKeyCredParams: { alg: number }[];
}
interface RequestOptions {
  challenge: string;
  allowCredentials?: { id: string }[];
}

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];

  constructor(
    readonly origin: string,
    readonly algorithm: SoftAlgorithm = 'ES256',
    readonly transports: string[] = ['internal'],
  ) {}

  /** navigator.credentials.create(): a new resident credential and its registration response. */
  register(options: CreationOptions, tweaks: Tweaks = {}) {
    const { publicKey, privateKey } = newKeyPair(this.algorithm);
    const rpId = tweaks.rpId ?? options.rp.id ?? 'localhost';
    const credential: SoftCredential = {
      id: randomBytes(32),
      algorithm: this.algorithm,
      privateKey,
      cose: coseKey(this.algorithm, publicKey),
      userHandle: Buffer.from(options.user.id, 'base64url'),
      rpId,
      counter: 0,
    };
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credential.id.length);
    const authData = Buffer.concat([
      authenticatorData(
        rpId,
        { up: tweaks.up ?? true, uv: tweaks.uv ?? true, at: true },
        tweaks.counter ?? 0,
      ),
      Buffer.alloc(16), // AAGUID: zeros, as with attestation `none`
      idLength,
      credential.id,
      Buffer.from(credential.cose),
    ]);
    const statement = new Map<string, CBORType>()
      .set('fmt', 'none')
      .set('attStmt', new Map<string, CBORType>())
      .set('authData', new Uint8Array(authData));
    const attestationObject = encodeCBOR(statement);
    const cdata = clientData(
      tweaks.type ?? 'webauthn.create',
      tweaks.challenge ?? options.challenge,
      tweaks.origin ?? this.origin,
    );
    this.credentials.push(credential);
    return {
      credential,
      response: {
        id: b64url(credential.id),
        rawId: b64url(credential.id),
        type: 'public-key' as const,
        response: {
          clientDataJSON: b64url(cdata),
          attestationObject: b64url(attestationObject),
          transports: this.transports,
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform' as const,
      },
    };
  }

  /** navigator.credentials.get(): an assertion by the allowed (or, when none listed, first) credential. */
  assert(options: RequestOptions, tweaks: Tweaks = {}) {
    const allowed = new Set((options.allowCredentials ?? []).map((c) => c.id));
    const credential =
      tweaks.credential ??
      this.credentials.find((c) => allowed.size === 0 || allowed.has(b64url(c.id))) ??
      this.credentials[0];
    if (!credential) throw new Error('the soft authenticator holds no credential');
    const counter = tweaks.counter ?? ++credential.counter;
    const authData = authenticatorData(
      tweaks.rpId ?? credential.rpId,
      { up: tweaks.up ?? true, uv: tweaks.uv ?? true },
      counter,
    );
    const cdata = clientData(
      tweaks.type ?? 'webauthn.get',
      tweaks.challenge ?? options.challenge,
      tweaks.origin ?? this.origin,
    );
    const signature = signWith(credential, Buffer.concat([authData, sha256(cdata)]));
    const handle = tweaks.userHandle === undefined ? credential.userHandle : tweaks.userHandle;
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key' as const,
      response: {
        clientDataJSON: b64url(cdata),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(handle ? { userHandle: b64url(handle) } : {}),
      },
      clientExtensionResults: {},
    };
  }
}
