/**
 * Passkeys in the window (issue 14), in real Chromium with its virtual authenticator (CDP WebAuthn
 * domain): add and verify, sign in with it alone, use it as the second step, confirm-it's-you with
 * it, remove it; a closed prompt is not an error; on 127.0.0.1 the window says where passkeys work.
 *
 * The server runs in-process (like confirm-identity.test.ts) so its clock can move two hours and
 * make a change sensitive again. The page is opened at http://localhost:<port>: the RP ID.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CDPSession, Page } from 'playwright-core';
import { startServer } from '../../main/server/start.js';
import {
  ROOT,
  assertBuilt,
  captureScreen,
  openBrowser,
  type AxeFinding,
  type BrowserSession,
  waitForToast,
} from './harness.js';

const USER = { email: 'pia@example.com', password: 'harbour-violet-crane-81', first_name: 'Pia' };
const TWO_HOURS = 2 * 60 * 60 * 1000;

let offset = 0;
let server: { url: string; close(): Promise<void> };
let localUrl = '';
let dataDir: string;
let browser: BrowserSession;
let page: Page;
let cdp: CDPSession;
let authenticatorId = '';
const findings: AxeFinding[] = [];

async function addAuthenticator(isUserVerified = true): Promise<void> {
  const added = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified,
      automaticPresenceSimulation: true,
    },
  });
  authenticatorId = added.authenticatorId;
}

async function me(): Promise<Record<string, unknown>> {
  const answer = await page.context().request.get(`${localUrl}/api/users/@me/`);
  return (await answer.json()) as Record<string, unknown>;
}

async function credentials(): Promise<{ id: string; verified: boolean; last_used_at: string | null }[]> {
  const answer = await page.context().request.get(`${localUrl}/api/webauthn/credentials/`);
  assert.equal(answer.status(), 200);
  return (await answer.json()) as { id: string; verified: boolean; last_used_at: string | null }[];
}

const toast = (text: string | RegExp) => waitForToast(page, text);

async function signOut(): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
}

async function signInWithPassword(): Promise<void> {
  await page.getByLabel('Email').fill(USER.email);
  await page.getByLabel('Password', { exact: true }).fill(USER.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function openTwoFactor(): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Two-factor' }).click();
  await page.getByRole('heading', { name: 'Passkeys' }).waitFor();
}

describe('passkeys in the window', { timeout: 600_000 }, () => {
  before(async () => {
    assertBuilt();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'userdesk-e2e-passkeys-'));
    server = await startServer({
      port: 0,
      dataDir,
      rendererDir: path.join(ROOT, 'dist', 'renderer'),
      clock: { now: () => Date.now() + offset },
      log: () => {},
    });
    localUrl = server.url.replace('127.0.0.1', 'localhost');
    const signup = await fetch(`${server.url}/api/signup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(USER),
    });
    assert.equal(signup.status, 201, await signup.text());
    browser = await openBrowser(localUrl);
    page = browser.page;
    page.setDefaultTimeout(60_000);
    cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await addAuthenticator();
    await page.goto('/signin');
    await signInWithPassword();
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('add a passkey (with the verify step), then sign out and sign in with it alone', async () => {
    await openTwoFactor();
    await page.getByLabel('Passkey name').fill('Test laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await toast('Passkey added');
    const list = page.getByRole('list', { name: 'Your passkeys' });
    await list.getByText('Test laptop').waitFor();
    assert.equal(await list.getByText('Not verified').count(), 0);
    const [stored] = await credentials();
    assert.equal(stored?.verified, true);
    await captureScreen(page, 'passkeys', findings);

    await signOut();
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    assert.equal((await me()).email, USER.email);
  });

  test('rename a passkey', async () => {
    await openTwoFactor();
    await page.getByRole('button', { name: 'Rename' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rename passkey' });
    await dialog.getByLabel('Name').fill('Work laptop');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('list', { name: 'Your passkeys' }).getByText('Work laptop').waitFor();
  });

  test('use passkeys for two-factor: the second step after the password is the passkey', async () => {
    await openTwoFactor();
    await page.getByRole('switch', { name: 'Use passkeys for two-factor' }).click();
    await page.waitForFunction(() => document.querySelector('[role="switch"][aria-checked="true"]'));
    assert.equal((await me()).passkeys_enabled_for_2fa, true);

    await signOut();
    await signInWithPassword();
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    assert.equal((await me()).email, USER.email);
  });

  test('confirm it is you with a passkey after two hours', async () => {
    offset += TWO_HOURS + 60_000;
    await page.getByLabel('First name').fill('Pia Passkey');
    await page.getByRole('button', { name: 'Save name' }).click();
    const dialog = page.getByRole('dialog', { name: "Confirm it's you" });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Use a passkey instead' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await toast('Name saved');
    assert.equal((await me()).first_name, 'Pia Passkey');
  });

  test('a closed browser prompt is not an error: no red message, back to idle', async () => {
    await openTwoFactor();
    // A virtual authenticator that cannot verify the user makes Chromium answer NotAllowedError.
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    await addAuthenticator(false);
    await page.getByLabel('Passkey name').fill('Refused');
    const begun = page.waitForResponse((r) => r.url().includes('/api/webauthn/register/begin/'));
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await begun;
    await page.waitForFunction(() => !document.querySelector('button[aria-busy="true"]'));
    await page.waitForTimeout(500);
    const card = page.locator('.card').filter({ has: page.getByRole('heading', { name: 'Passkeys' }) });
    const shown = await card.locator('.alert-danger, .field-error, [aria-invalid="true"]').allInnerTexts();
    assert.deepEqual(shown, []);
    assert.equal(await page.locator('[data-sonner-toast][data-type="error"]').count(), 0);
    assert.equal((await credentials()).length, 1);
  });

  test('remove the passkey, after confirming', async () => {
    await page.getByRole('button', { name: 'Remove Work laptop' }).click();
    const confirmBox = page.getByRole('alertdialog');
    await confirmBox.getByRole('button', { name: 'Remove' }).click();
    await toast('Passkey removed');
    await page.getByRole('list', { name: 'Your passkeys' }).getByText('No passkeys yet.').waitFor();
    assert.deepEqual(await credentials(), []);
  });

  test('on 127.0.0.1 the sign-in page says where passkeys work, with a link there', async () => {
    const other = await page.context().newPage();
    await other.goto(`${server.url}/signin`);
    const link = other.getByRole('link', { name: /open this page on localhost:\d+/ });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), `${localUrl}/signin`);
    assert.equal(await other.getByRole('button', { name: 'Sign in with a passkey' }).count(), 0);
    await other.close();
  });

  test('the window ran clean: no console errors, axe found nothing serious', () => {
    assert.deepEqual(browser.problems, []);
    assert.deepEqual(findings, []);
  });
});
