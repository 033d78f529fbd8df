/**
 * Signing in when things go wrong, in a real Chromium against `userdesk serve`: wrong password,
 * the per-account throttle with its countdown, deep links while signed out, a session ended
 * under the window, and the keyboard path through the shell.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  axeSerious,
  captureScreen,
  openBrowser,
  startServer,
  type AxeFinding,
  type BrowserSession,
  type RunningServer,
} from './harness.js';

const USER = { email: 'lin@example.com', password: 'saffron-glacier-tuesday-82', first_name: 'Lin' };

let server: RunningServer;
let browser: BrowserSession;
let page: Page;
const findings: AxeFinding[] = [];

async function fillSignIn(email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('signing in when things go wrong', { timeout: 120_000 }, () => {
  before(async () => {
    server = await startServer();
    // The first account, made through the API as a script would.
    const response = await fetch(`${server.url}/api/signup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(USER),
    });
    assert.equal(response.status, 201, await response.text());
    browser = await openBrowser(server.url);
    page = browser.page;
    page.setDefaultTimeout(15_000);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('a deep link while signed out lands on Sign in', async () => {
    await page.goto('/devices');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/signin');
  });

  test('the shell is usable from the keyboard, and a session ended elsewhere returns to Sign in', async () => {
    await fillSignIn(USER.email, USER.password);
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();

    // First Tab reaches "Skip to content"; Enter moves focus into the page.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    // Then the command palette's button, then the first sidebar link.
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('aria-keyshortcuts')),
      'Control+K',
    );
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Profile');
    // Enter on a sidebar link navigates and focuses the new page's heading.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/personalisation');
    await page.waitForFunction(() => document.activeElement?.matches('h1[data-page-title]'));

    // The session is deleted behind the window's back (as "sign out all others" would do).
    await page.context().clearCookies({ name: 'sessionid' });
    await page.getByRole('link', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByText('Your session ended. Sign in again to continue.').waitFor();
  });

  test('a wrong password gets the server sentence, without saying whether the email exists', async () => {
    await fillSignIn(USER.email, 'not-the-password');
    await page.getByRole('alert').filter({ hasText: 'Invalid email or password.' }).waitFor();
    await fillSignIn('nobody@example.com', 'not-the-password');
    await page.getByRole('alert').filter({ hasText: 'Invalid email or password.' }).waitFor();
    findings.push(...(await axeSerious(page, 'sign-in-error', 'light')));
  });

  test('repeated failures are throttled with a countdown', async () => {
    // Five failures per account per five minutes (one was spent above).
    for (let i = 0; i < 6; i++) {
      await fillSignIn(USER.email, `wrong-${i}`);
      const timer = page.getByRole('timer');
      const blocked = await Promise.race([
        timer.waitFor().then(() => true),
        page
          .getByRole('alert')
          .filter({ hasText: 'Invalid email or password.' })
          .waitFor()
          .then(() => false),
      ]);
      if (blocked) break;
    }
    const timer = page.getByRole('timer');
    await timer.waitFor();
    assert.match(await timer.innerText(), /try again in \d+(:\d\d|s)/i);
    assert.equal(await page.getByRole('button', { name: 'Sign in' }).isDisabled(), true);
    await captureScreen(page, 'sign-in-throttled', findings);
  });

  test('axe-core finds no serious or critical violation', () => {
    assert.deepEqual(findings, [], JSON.stringify(findings, null, 2));
  });

  test('no console errors, page errors or CSP violations', () => {
    assert.deepEqual(browser.problems, []);
  });
});
