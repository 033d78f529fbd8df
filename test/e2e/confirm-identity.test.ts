/**
 * "Confirm it's you": a sensitive change after the 2-hour window opens the dialog (password, then
 * code when 2FA is on) and retries the change; cancelling leaves everything as it was.
 *
 * The only e2e file that starts the server in-process (the real app and database, through
 * main/server/start.ts): its clock is the one thing moved, by two hours, so the session ages
 * without waiting. The window itself is the built dist/renderer, driven in real Chromium.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
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

const USER = { email: 'mary@example.com', password: 'lighthouse-pepper-orbit-63', first_name: 'Mary' };
const TWO_HOURS = 2 * 60 * 60 * 1000;

let offset = 0;
let server: { url: string; close(): Promise<void> };
let dataDir: string;
let browser: BrowserSession;
let page: Page;
const findings: AxeFinding[] = [];
let secret = '';
let lastStep = 0;

/** A TOTP code on the server's (moved) clock, never for a step already used. */
async function code(): Promise<string> {
  const now = (Date.now() + offset) / 1000;
  const step = Math.max(Math.floor(now / 30), lastStep + 1);
  lastStep = step;
  return generate({ secret, epoch: step * 30 + 5 });
}

const toast = (text: string | RegExp) => waitForToast(page, text);

describe('confirm it is you before a sensitive change', { timeout: 120_000 }, () => {
  before(async () => {
    assertBuilt();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'userdesk-e2e-reauth-'));
    server = await startServer({
      port: 0,
      dataDir,
      rendererDir: path.join(ROOT, 'dist', 'renderer'),
      clock: { now: () => Date.now() + offset },
      log: () => {},
    });
    const signup = await fetch(`${server.url}/api/signup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(USER),
    });
    assert.equal(signup.status, 201, await signup.text());
    browser = await openBrowser(server.url);
    page = browser.page;
    page.setDefaultTimeout(15_000);
    await page.goto('/signin');
    await page.getByLabel('Email').fill(USER.email);
    await page.getByLabel('Password', { exact: true }).fill(USER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('after two hours, saving the name asks for the password and then saves', async () => {
    offset += TWO_HOURS + 60_000;
    await page.getByLabel('First name').fill('Mary Ann');
    await page.getByRole('button', { name: 'Save name' }).click();
    const dialog = page.getByRole('dialog', { name: "Confirm it's you" });
    await dialog.waitFor();
    await captureScreen(page, 'confirm-identity', findings);

    await dialog.getByLabel('Password', { exact: true }).fill('not-my-password');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByText('That password is not right.').waitFor();
    await dialog.getByLabel('Password', { exact: true }).fill(USER.password);
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await toast('Name saved');
    const me = await (await page.context().request.get('/api/users/@me/')).json();
    assert.equal(me.first_name, 'Mary Ann');
  });

  test('cancelling the dialog leaves the change unmade, without an error', async () => {
    offset += TWO_HOURS + 60_000;
    await page.getByLabel('First name').fill('Cancelled');
    await page.getByRole('button', { name: 'Save name' }).click();
    const dialog = page.getByRole('dialog', { name: "Confirm it's you" });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const me = await (await page.context().request.get('/api/users/@me/')).json();
    assert.equal(me.first_name, 'Mary Ann');
    assert.equal(await page.locator('.form-error').count(), 0);
  });

  test('with two-factor on, the dialog asks for the code too, then the backup codes appear', async () => {
    // Enrol (this needs a recent login too: confirm first).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Two-factor' }).click();
    await page.getByRole('button', { name: 'Set up two-factor' }).click();
    // allInnerTexts does not wait: wait for the key the setup request brings.
    await page.locator('.secret-key span').first().waitFor();
    secret = (await page.locator('.secret-key span').allInnerTexts()).join('');
    await page.getByLabel('Code from the app').fill(await code());
    await page.getByRole('button', { name: 'Turn on' }).click();
    const confirmDialog = page.getByRole('dialog', { name: "Confirm it's you" });
    await confirmDialog.waitFor();
    await confirmDialog.getByLabel('Password', { exact: true }).fill(USER.password);
    await confirmDialog.getByRole('button', { name: 'Continue' }).click();
    // The account has no second factor yet: the password alone confirms, and enrolment completes.
    const codes = page.getByRole('dialog', { name: 'Save your backup codes' });
    await codes.waitFor();
    await codes.getByRole('checkbox', { name: 'I have saved these codes' }).click();
    await codes.getByRole('button', { name: 'Done' }).click();
    await page.getByText('Two-factor is on').waitFor();

    // Two hours later, new backup codes need password and code.
    offset += TWO_HOURS + 60_000;
    await page.getByRole('button', { name: 'Generate new codes' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Generate new codes' }).click();
    await confirmDialog.waitFor();
    await confirmDialog.getByLabel('Password', { exact: true }).fill(USER.password);
    await confirmDialog.getByRole('button', { name: 'Continue' }).click();
    await confirmDialog.getByLabel('Authentication code').waitFor();
    await captureScreen(page, 'confirm-identity-code', findings);
    await confirmDialog.getByLabel('Authentication code').fill(await code());
    await confirmDialog.getByRole('button', { name: 'Confirm' }).click();
    await codes.waitFor();
    assert.equal(await codes.locator('code').count(), 10);
    await codes.getByRole('checkbox', { name: 'I have saved these codes' }).click();
    await codes.getByRole('button', { name: 'Done' }).click();
    await codes.waitFor({ state: 'hidden' });
  });

  test('after two hours, creating a user from the admin screen confirms on top of the form, then creates', async () => {
    offset += TWO_HOURS + 60_000;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Create user' }).click();
    const form = page.getByRole('dialog', { name: 'Create user' });
    await form.getByLabel('First name').fill('Katherine');
    await form.getByLabel('Email').fill('katherine@example.com');
    await form.getByLabel('Initial password', { exact: true }).fill('trajectory-meadow-copper-58');
    await form.getByRole('button', { name: 'Create user' }).click();

    const confirmDialog = page.getByRole('dialog', { name: "Confirm it's you" });
    await confirmDialog.waitFor();
    assert.equal(await form.isVisible(), true, 'the form stays open underneath');
    await confirmDialog.getByLabel('Password', { exact: true }).fill(USER.password);
    await confirmDialog.getByRole('button', { name: 'Continue' }).click();
    await confirmDialog.getByLabel('Authentication code').fill(await code());
    await confirmDialog.getByRole('button', { name: 'Confirm' }).click();
    await confirmDialog.waitFor({ state: 'hidden' });

    // The create was retried once and went through: the new user's page opens.
    await toast('Created katherine@example.com');
    await form.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: 'Katherine', level: 1 }).waitFor();
    const list = await (await page.context().request.get('/api/users/?email=katherine%40example.com')).json();
    assert.equal(list.count, 1);
  });

  test('axe-core finds no serious or critical violation', () => {
    assert.deepEqual(findings, [], JSON.stringify(findings, null, 2));
  });

  test('no console errors, page errors or CSP violations', () => {
    assert.deepEqual(browser.problems, []);
  });
});
