/**
 * Keyboard-first (issue 15 item 4): the newcomer path (newcomer.test.ts) done again with the
 * keyboard alone — Tab to reach a control, typing, Enter and Space to act, the command palette
 * (Ctrl+K) and the "g" shortcuts to move. The mouse is never used: every action below is a key
 * press; locators are only read (which element has focus, what the page says).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generate } from 'otplib';
import type { Locator, Page } from 'playwright-core';
import {
  apiSession,
  captureScreen,
  latestMail,
  openBrowser,
  startServer,
  type ApiSession,
  type AxeFinding,
  type BrowserSession,
  type RunningServer,
  waitForToast,
} from './harness.js';

const ADMIN = {
  first: 'Katherine',
  last: 'Johnson',
  email: 'katherine@example.com',
  password: 'trajectory-orbit-saffron-62',
};
const MEMBER = {
  first: 'Dorothy',
  last: 'Vaughan',
  email: 'dorothy@example.com',
  password: 'fortran-meadow-bright-38',
};

let server: RunningServer;
let browser: BrowserSession;
let page: Page;
let elsewhere: ApiSession | undefined;
const findings: AxeFinding[] = [];
let totpSecret = '';
let lastStep = 0;

/** A code for a time step later than any used so far (the server refuses reuse of a step). */
async function freshCode(): Promise<string> {
  const nowStep = Math.floor(Date.now() / 1000 / 30);
  let step = Math.max(nowStep, lastStep + 1);
  if (step > nowStep + 1) {
    await new Promise((resolve) => setTimeout(resolve, ((step - 1) * 30 + 1) * 1000 - Date.now()));
    step = Math.max(Math.floor(Date.now() / 1000 / 30), lastStep + 1);
  }
  lastStep = step;
  return generate({ secret: totpSecret, epoch: step * 30 + 5 });
}

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement);

/** Presses Tab (or Shift+Tab) until `target` has focus, as a person walking the page would. */
async function tabTo(target: Locator, backwards = false): Promise<void> {
  await target.waitFor();
  for (let i = 0; i < 80; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

/** Tab to a field, replace what it holds by typing. */
async function typeInto(target: Locator, text: string): Promise<void> {
  await tabTo(target);
  await page.keyboard.press('Control+a');
  await page.keyboard.type(text);
}

async function press(target: Locator, key = 'Enter'): Promise<void> {
  await tabTo(target);
  await page.keyboard.press(key);
}

const toast = (text: string | RegExp) => waitForToast(page, text);

/** The new page's heading has focus, so a screen reader starts there. */
async function headingFocused(name: string): Promise<void> {
  const heading = page.getByRole('heading', { name, level: 1 });
  await heading.waitFor();
  await page.waitForFunction(
    (text) =>
      document.activeElement?.matches('h1[data-page-title]') && document.activeElement.textContent === text,
    name,
  );
}

/** The newest mail, waiting for the transport to write it (it is sent after the answer). */
async function mailed(): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      return await latestMail(server.mailDir);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Ctrl+K, type, Enter. */
async function palette(command: string): Promise<void> {
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Command palette' });
  await dialog.waitFor();
  await page.keyboard.type(command);
  await dialog.locator('[cmdk-item][data-selected="true"]', { hasText: command }).waitFor();
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
}

async function shortcut(key: string, pathname: string, heading: string): Promise<void> {
  await page.keyboard.press('g');
  await page.keyboard.press(key);
  await page.waitForURL((url) => url.pathname === pathname);
  await headingFocused(heading);
}

describe('the newcomer path with the keyboard alone', { timeout: 300_000 }, () => {
  before(async () => {
    server = await startServer();
    browser = await openBrowser(server.url);
    page = browser.page;
    page.setDefaultTimeout(15_000);
  });

  after(async () => {
    await elsewhere?.dispose();
    await browser?.close();
    await server?.close();
  });

  test('every flow of the newcomer path, by keyboard', async () => {
    // First run: the form from top to bottom, Enter submits.
    await page.goto('/');
    await page.getByRole('heading', { name: 'Welcome to Userdesk' }).waitFor();
    await typeInto(page.getByLabel('First name'), ADMIN.first);
    await typeInto(page.getByLabel('Last name'), ADMIN.last);
    await typeInto(page.getByLabel('Email'), ADMIN.email);
    await typeInto(page.getByLabel('Password', { exact: true }), ADMIN.password);
    await typeInto(page.getByLabel('Organization name'), 'Langley');
    await page.keyboard.press('Enter');
    // The first account costs a production scrypt hash and the server's first zxcvbn load: on a
    // busy machine that alone can pass the 15 s default.
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor({ timeout: 60_000 });

    // Tooltips name each screen's shortcut.
    const nav = page.getByRole('navigation', { name: 'Main' });
    assert.equal(
      await nav.getByRole('link', { name: 'Devices & sessions' }).getAttribute('title'),
      'Devices & sessions (G then D)',
    );
    assert.equal(await nav.getByRole('link', { name: 'API keys' }).getAttribute('aria-keyshortcuts'), 'g k');

    // Profile: edit the name, Enter saves.
    await typeInto(page.getByLabel('First name'), 'Katherine G.');
    await page.keyboard.press('Enter');
    await toast('Name saved');

    // The palette lists every screen with its shortcut, and the actions.
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Command palette' });
    await dialog.waitFor();
    assert.ok(await isFocused(dialog.getByRole('combobox')), 'typing goes straight into the filter');
    const items = await dialog.locator('[cmdk-item]').allInnerTexts();
    for (const label of ['Profile', 'Personalisation', 'Notifications', 'Security checkup', 'Two-factor']) {
      assert.ok(
        items.some((text) => text.startsWith(label)),
        `${label} is listed: ${items.join(' | ')}`,
      );
    }
    assert.ok(items.includes('Devices & sessions\nG\nD'), `shortcut shown: ${items.join(' | ')}`);
    assert.ok(items.includes('Download my data (JSON)'));
    await captureScreen(page, 'command-palette', findings);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // Theme from the palette: applied at once and saved.
    await palette('Use the dark theme');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await palette("Follow the system's theme");
    await page.waitForFunction(() => document.documentElement.dataset.themePreference === 'system');

    // Personalisation and notifications by shortcut; Space flips a switch.
    await shortcut('e', '/personalisation', 'Personalisation');
    await shortcut('n', '/notifications', 'Notifications');
    const mentions = page.getByRole('switch', { name: 'Mentions' });
    await press(mentions, 'Space');
    await toast('Notification settings saved');
    assert.equal(await mentions.getAttribute('aria-checked'), 'false');

    // Email change by mailed code.
    await shortcut('p', '/profile', 'Profile');
    await typeInto(page.getByLabel('New email address'), 'katherine.j@example.com');
    await page.keyboard.press('Enter');
    await page.getByText('Change to katherine.j@example.com is waiting for confirmation').waitFor();
    const code = /\b(\d{6})\b/.exec(await mailed())?.[1];
    assert.ok(code);
    await typeInto(page.getByLabel('Confirmation code'), code);
    await page.keyboard.press('Enter');
    await toast('Email address confirmed');
    ADMIN.email = 'katherine.j@example.com';

    // Two-factor from the palette; the backup codes dialog by Tab and Space.
    await palette('Set up two-factor');
    await headingFocused('Two-factor authentication');
    await press(page.getByRole('button', { name: 'Set up two-factor' }));
    totpSecret = (await page.locator('[data-secret-key]').getAttribute('data-secret-key')) ?? '';
    await typeInto(page.getByLabel('Code from the app'), await freshCode());
    await page.keyboard.press('Enter');
    const codes = page.getByRole('dialog', { name: 'Save your backup codes' });
    await codes.waitFor();
    await press(codes.getByRole('checkbox', { name: 'I have saved these codes' }), 'Space');
    await press(codes.getByRole('button', { name: 'Done' }));
    await codes.waitFor({ state: 'hidden' });
    await page.getByText('Two-factor is on').waitFor();

    // Sign out from the palette, sign in with a code.
    await palette('Sign out');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await typeInto(page.getByLabel('Email'), ADMIN.email);
    await typeInto(page.getByLabel('Password', { exact: true }), ADMIN.password);
    await page.keyboard.press('Enter');
    await typeInto(page.getByLabel('Authentication code'), await freshCode());
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();

    // Devices: sign out the other session.
    elsewhere = await apiSession(server.url);
    await elsewhere.login(ADMIN.email, ADMIN.password, freshCode);
    await shortcut('d', '/devices', 'Devices & sessions');
    const sessions = page.getByRole('table', { name: 'Signed-in sessions' }).locator('tbody tr');
    await sessions.nth(1).waitFor();
    await press(page.getByRole('button', { name: 'Sign out all others' }));
    const confirmOthers = page.getByRole('alertdialog', { name: 'Sign out all other sessions?' });
    await press(confirmOthers.getByRole('button', { name: 'Sign out others' }));
    await toast('1 session signed out');
    assert.equal(await sessions.count(), 1);

    // An API key from the palette: the form opens on the API keys screen.
    await palette('Create an API key');
    const form = page.getByRole('dialog', { name: 'Create an API key' });
    await form.waitFor();
    await typeInto(form.getByLabel('Label'), 'Keyboard script');
    await press(form.getByRole('button', { name: 'Create key' }));
    const shown = page.getByRole('dialog', { name: 'Your new API key' });
    const value = (await shown.locator('[data-api-key-value]').innerText()).trim();
    assert.match(value, /^phx_/);
    await press(shown.getByRole('button', { name: 'Done' }));
    await page.locator('tr', { hasText: 'Keyboard script' }).waitFor();

    // Activity by shortcut.
    await shortcut('a', '/activity', 'Activity');
    await page.getByText('API key created').first().waitFor();

    // Admin: create a user from the palette.
    await palette('Create a user');
    const create = page.getByRole('dialog', { name: 'Create user' });
    await create.waitFor();
    await typeInto(create.getByLabel('First name'), MEMBER.first);
    await typeInto(create.getByLabel('Last name'), MEMBER.last);
    await typeInto(create.getByLabel('Email'), MEMBER.email);
    await typeInto(create.getByLabel('Initial password', { exact: true }), MEMBER.password);
    await press(create.getByRole('button', { name: 'Create user' }));
    await toast(`Created ${MEMBER.email}`);
    await page.getByRole('heading', { name: `${MEMBER.first} ${MEMBER.last}`, level: 1 }).waitFor();

    // Back to the users list by shortcut; open her by Tab and Enter on her link.
    await shortcut('u', '/admin/users', 'Users');
    await press(page.getByRole('link', { name: `${MEMBER.first} ${MEMBER.last}` }));
    await headingFocused(`${MEMBER.first} ${MEMBER.last}`);

    // Turning off your own two-factor.
    await shortcut('t', '/two-factor', 'Two-factor authentication');
    await press(page.getByRole('button', { name: 'Turn off', exact: true }));
    const off = page.getByRole('alertdialog', { name: 'Turn off two-factor authentication?' });
    await press(off.getByRole('button', { name: 'Turn off', exact: true }));
    await toast('Two-factor authentication is off');
    await page.getByText('Two-factor is off').waitFor();
  });

  test('axe-core finds no serious or critical violation on the palette', () => {
    assert.deepEqual(findings, [], JSON.stringify(findings, null, 2));
  });

  test('the window ran without console errors, page errors or CSP violations', () => {
    assert.deepEqual(browser.problems, []);
  });
});
