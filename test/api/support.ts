import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createDeps } from '../../main/domain/create-deps.js';
import { logIn, signUp, STRONG_PASSWORD } from '../helpers/accounts.js';
import { createUserDirect } from '../helpers/direct.js';
import type { HttpClient, HttpResponse } from '../helpers/http-client.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** A signed-in account of a test server. */
export interface Account {
  client: HttpClient;
  email: string;
  uuid: string;
  id: number;
}

/** A fresh server whose first account (staff, owner) is signed in. */
export async function serverWithStaff(
  options: Parameters<typeof startTestServer>[0] = {},
): Promise<{ server: TestServer; staff: Account }> {
  const server = await startTestServer(options);
  const client = server.client();
  const { user, email } = await signUp(client);
  return { server, staff: { client, email, uuid: user.uuid, id: user.id } };
}

/** Another account of the install (a member, or staff), created as the CLI does and signed in. */
export async function member(
  server: TestServer,
  options: { staff?: boolean; email?: string } = {},
): Promise<Account> {
  const created = await createUserDirect(server.dataDir, options);
  const client = server.client();
  const res = await logIn(client, created.email);
  assert.equal(res.status, 200, res.text);
  return { client, email: created.email, uuid: created.uuid, id: created.id };
}

/** Asserts the contract's error body exactly (users-api.md §1). */
export function assertError(
  res: HttpResponse,
  status: number,
  expected: { type: string; code: string; detail: string; attr?: string | null },
): void {
  assert.equal(res.status, status, res.text);
  assert.deepEqual(res.body, { attr: null, ...expected });
}

export const validation = (code: string, detail: string, attr: string | null = null) => ({
  type: 'validation_error',
  code,
  detail,
  attr,
});
export const denied = (detail: string, code = 'permission_denied') => ({
  type: 'authentication_error',
  code,
  detail,
});

/** Runs `fn` against the server's database on a second connection (setup and inspection only). */
export function withDeps<T>(server: TestServer, fn: (deps: ReturnType<typeof createDeps>) => T): T {
  const deps = createDeps({ dataDir: server.dataDir, log: () => {} });
  try {
    return fn(deps);
  } finally {
    deps.close();
  }
}

/** Polls until `check` returns a value (fire-and-forget mail arrives a moment after the answer). */
export async function eventually<T>(check: () => T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > end) assert.fail('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The `.eml` files a file transport wrote, oldest first, as text. */
export function readMailDir(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.eml'));
  } catch {
    return [];
  }
  return names.sort().map((n) => readFileSync(path.join(dir, n), 'utf8'));
}

/** The body of a plain-text message with quoted-printable soft breaks undone. */
export const mailText = (eml: string) => eml.replace(/=\r?\n/g, '').replace(/=3D/g, '=');

/** The 6-digit code in a verification mail. */
export function codeIn(eml: string): string {
  const match = /code is (\d{6})/.exec(mailText(eml));
  assert.ok(match, `no code in:\n${eml}`);
  return match[1];
}

export { STRONG_PASSWORD };
