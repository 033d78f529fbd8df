/**
 * The newcomer's path through the window (issue 5), in a real Chromium against `userdesk serve`:
 * first run → profile edits persist and the theme changes the page → email change by code →
 * two-factor set up from the key on the page → backup codes → sign out → sign in with a code and
 * with a backup code → devices, signing out the other sessions → an API key used with fetch →
 * activity → an admin creates another user, opens sign-up, inspects that user's devices and keys,
 * turns off their two-factor, makes them staff and deletes them → turning off your own two-factor.
 * Every screen is scanned with axe-core and photographed in light and dark.
 *
 * The steps share one browser and one server and run in order; a failed step fails the rest.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { generate } from 'otplib';
import type { Locator, Page } from 'playwright-core';
import {
  apiSession,
  captureScreen,
  csrfToken,
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
  first: 'Ada',
  last: 'Lovelace',
  email: 'ada@example.com',
  password: 'orbit-lantern-quietly-47',
};
const MEMBER = {
  first: 'Grace',
  last: 'Hopper',
  email: 'grace@example.com',
  password: 'compiler-harbor-violet-91',
};

let server: RunningServer;
let browser: BrowserSession;
let page: Page;
const findings: AxeFinding[] = [];
/** The TOTP secret as read off the two-factor screen. */
let totpSecret = '';
let backupCodes: string[] = [];
/** Ada signed in from somewhere else (a script), to be signed out from the Devices screen. */
let elsewhere: ApiSession;
/** Grace's own script session, once the admin has created her. */
let graceApi: ApiSession;
/** The last TOTP time step a code was used for: the server refuses reuse of a step. */
let lastStep = 0;

/** A code for a time step later than any used so far (the server accepts ±1 step). */
async function freshCode(): Promise<string> {
  const nowStep = Math.floor(Date.now() / 1000 / 30);
  let step = Math.max(nowStep, lastStep + 1);
  if (step > nowStep + 1) {
    // Both usable steps are spent: wait for the clock to move on.
    await new Promise((resolve) => setTimeout(resolve, ((step - 1) * 30 + 1) * 1000 - Date.now()));
    step = Math.max(Math.floor(Date.now() / 1000 / 30), lastStep + 1);
  }
  lastStep = step;
  return generate({ secret: totpSecret, epoch: step * 30 + 5 });
}

async function go(pathname: string, heading: string | RegExp): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: heading }).click();
  await page.waitForURL((url) => url.pathname === pathname);
  await page.getByRole('heading', { level: 1 }).waitFor();
}

const toast = (text: string | RegExp) => waitForToast(page, text);

/** The signed-in user as the API sees it, read with the page's own session. */
async function me(): Promise<{
  theme_mode: string | null;
  notification_settings: Record<string, unknown>;
  email: string;
}> {
  return (await page.context().request.get('/api/users/@me/')).json();
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function signIn(email: string, password: string): Promise<void> {
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The sentence under a form field: the element its aria-describedby names first. */
async function fieldError(input: Locator): Promise<string> {
  await until(async () => (await input.getAttribute('aria-invalid')) === 'true');
  const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
  return page.locator(`[id="${describedBy.split(' ')[0]}"]`).innerText();
}

async function signOut(): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
}

// Each step has its own timeout instead of one for the whole suite: a loaded machine slows every
// step a little, which added up past a fixed 360 s, while a hung step should still fail on its own.
// 180 s: at load average 12 on 2 cores the two-factor step (scrypt for ten backup codes) passed 90 s.
const STEP = { timeout: 180_000 };

describe('the newcomer path through the window', () => {
  before(
    async () => {
      server = await startServer();
      browser = await openBrowser(server.url);
      page = browser.page;
      page.setDefaultTimeout(15_000);
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await elsewhere?.dispose();
    await graceApi?.dispose();
    await browser?.close();
    await server?.close();
  });

  test(
    'first run: the empty install asks for the first account, maps field errors, then signs in',
    STEP,
    async () => {
      await page.goto('/');
      await page.getByRole('heading', { name: 'Welcome to Userdesk' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/welcome');

      await page.getByLabel('First name').fill(ADMIN.first);
      await page.getByLabel('Last name').fill(ADMIN.last);
      await page.getByLabel('Email').fill(ADMIN.email);
      // Long enough for the form, too weak for the server: its error (attr "password") lands under the field.
      await page.getByLabel('Password', { exact: true }).fill('password1');
      await page.getByLabel('Organization name').fill('Analytical Engines');
      await page.getByText('Strength: Very weak', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Create account' }).click();
      const passwordInput = page.getByLabel('Password', { exact: true });
      await page.waitForFunction(
        () => document.querySelector('input[name="password"]')?.getAttribute('aria-invalid') === 'true',
      );
      const describedBy = (await passwordInput.getAttribute('aria-describedby')) ?? '';
      const errorText = await page.locator(`[id="${describedBy.split(' ')[0]}"]`).innerText();
      // The server's sentence: its verdict first, then zxcvbn's advice for this password.
      assert.match(
        errorText,
        /^This password is too weak\. /,
        'the server sentence sits under the password field',
      );
      await captureScreen(page, 'first-run', findings);

      await passwordInput.fill(ADMIN.password);
      await page.getByText('Strength: Strong', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Create account' }).click();
      // Production scrypt plus the server's first zxcvbn load: slow on a busy machine.
      await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor({ timeout: 60_000 });
      assert.equal(new URL(page.url()).pathname, '/profile');
      await page.getByText('Administrator', { exact: true }).first().waitFor();
    },
  );

  test('profile edits persist across a reload', STEP, async () => {
    await page.getByLabel('First name').fill('Augusta Ada');
    await page.getByLabel('Last name').fill('King');
    await page.getByRole('button', { name: 'Save name' }).click();
    await toast('Name saved');
    await page.reload();
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    assert.equal(await page.getByLabel('First name').inputValue(), 'Augusta Ada');
    assert.equal(await page.getByLabel('Last name').inputValue(), 'King');
    await page.locator('.user-card-name', { hasText: 'Augusta Ada King' }).waitFor();
    await captureScreen(page, 'profile', findings);
  });

  test('the theme changes the page at once and is saved to the account', STEP, async () => {
    await go('/personalisation', 'Personalisation');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    // The page's own theme control (the sidebar has the compact one).
    await page.locator('.page').getByRole('radiogroup', { name: 'Theme' }).waitFor();
    await page.locator('.page').getByRole('radio', { name: /Dark/ }).click();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    const dark = await background();
    assert.notEqual(dark, light, 'the page background changes with the theme');

    // Saved on the server: a reload in a light OS still shows dark.
    await until(async () => (await me()).theme_mode === 'dark');
    await page.reload();
    await page.getByRole('heading', { name: 'Personalisation', level: 1 }).waitFor();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    assert.equal((await me()).theme_mode, 'dark');

    // Other preferences persist too.
    await page.getByRole('switch', { name: 'Hide MCP hints' }).click();
    await toast('Saved');
    await page.getByLabel('Role at your organization').selectOption('engineering');
    await toast('Role saved');
    await page.getByLabel('Toolbar').selectOption('disabled');
    await toast('Toolbar updated');
    await page.reload();
    await page.getByRole('heading', { name: 'Personalisation', level: 1 }).waitFor();
    assert.equal(
      await page.getByRole('switch', { name: 'Hide MCP hints' }).getAttribute('aria-checked'),
      'true',
    );
    assert.equal(await page.getByLabel('Role at your organization').inputValue(), 'engineering');
    assert.equal(await page.getByLabel('Toolbar').inputValue(), 'disabled');

    // Scene personalisation: the project's dashboard becomes the Home scene's page.
    await page.getByRole('button', { name: 'Set home page' }).click();
    await page
      .getByRole('list', { name: 'Current scene home pages' })
      .getByText('My App Dashboard')
      .waitFor();

    // Back to System so the screenshots can follow the emulated OS scheme.
    await page
      .locator('.page')
      .getByRole('radio', { name: /System/ })
      .click();
    await page.waitForFunction(() => document.documentElement.dataset.themePreference === 'system');
    await captureScreen(page, 'personalisation', findings);
  });

  test('notification settings save as toggles', STEP, async () => {
    await go('/notifications', 'Notifications');
    const mentions = page.getByRole('switch', { name: 'Mentions' });
    assert.equal(await mentions.getAttribute('aria-checked'), 'true');
    await mentions.click();
    await toast('Notification settings saved');
    await page.reload();
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    assert.equal(await page.getByRole('switch', { name: 'Mentions' }).getAttribute('aria-checked'), 'false');
    assert.equal((await me()).notification_settings.discussions_mentioned, false);
    await captureScreen(page, 'notifications', findings);
  });

  test('an email change waits for the mailed code, and can be cancelled', STEP, async () => {
    await go('/profile', 'Profile');
    await page.getByLabel('New email address').fill('ada.king@example.com');
    await page.getByRole('button', { name: 'Change email' }).click();
    await page.getByText('Change to ada.king@example.com is waiting for confirmation').waitFor();
    await page.getByRole('button', { name: 'Cancel change' }).click();
    await toast('Email change cancelled');
    await page.getByLabel('New email address').waitFor();

    await page.getByLabel('New email address').fill('ada.king@example.com');
    await page.getByRole('button', { name: 'Change email' }).click();
    await page.getByText('Change to ada.king@example.com is waiting for confirmation').waitFor();
    await page.locator('.pending-email').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await captureScreen(page, 'profile-email-pending', findings);
    const mail = await latestMail(server.mailDir);
    const code = /\b(\d{6})\b/.exec(mail)?.[1];
    assert.ok(code, 'the mail carries a 6-digit code');
    await page.getByLabel('Confirmation code').fill(code);
    await page.getByRole('button', { name: 'Confirm new email' }).click();
    await toast('Email address confirmed');
    await page.locator('.current-value', { hasText: 'ada.king@example.com' }).waitFor();
    ADMIN.email = 'ada.king@example.com';
  });

  test('two-factor: set up from the key on the page, then save the backup codes', STEP, async () => {
    await go('/two-factor', 'Two-factor');
    await page.getByText('Two-factor is off').waitFor();
    await captureScreen(page, 'two-factor-off', findings);

    await page.getByRole('button', { name: 'Set up two-factor' }).click();
    const key = page.locator('.secret-key');
    await key.waitFor();
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    // The key as a person reads it: groups of four.
    const groups = await key.locator('span').allInnerTexts();
    assert.ok(
      groups.length >= 8 && groups.every((g) => g.length <= 4),
      `grouped in fours: ${groups.join(' ')}`,
    );
    totpSecret = groups.join('');
    assert.match(totpSecret, /^[A-Z2-7]{32}$/);
    await captureScreen(page, 'two-factor-setup', findings);

    // A wrong code: the field says so and the server's time is shown for clock trouble.
    await page.getByLabel('Code from the app').fill('000000');
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByText("The server's time is").waitFor();

    await page.getByLabel('Code from the app').fill(await freshCode());
    await page.getByRole('button', { name: 'Turn on' }).click();

    const dialog = page.getByRole('dialog', { name: 'Save your backup codes' });
    await dialog.waitFor();
    backupCodes = await dialog.getByRole('list', { name: 'Backup codes' }).locator('code').allInnerTexts();
    assert.equal(backupCodes.length, 10);
    const done = dialog.getByRole('button', { name: 'Done' });
    assert.equal(await done.isDisabled(), true, 'cannot close before "I have saved these codes"');
    await page.keyboard.press('Escape');
    assert.equal(await dialog.isVisible(), true, 'Escape does not close it either');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Download .txt' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'userdesk-backup-codes.txt');
    const saved = await readFile((await download.path())!, 'utf8');
    for (const code of backupCodes) assert.ok(saved.includes(code), `the .txt holds ${code}`);
    await dialog.getByRole('button', { name: 'Copy all' }).click();
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(clipboard.includes(backupCodes[0]));

    await captureScreen(page, 'backup-codes', findings);
    await dialog.getByRole('checkbox', { name: 'I have saved these codes' }).click();
    await done.click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Two-factor is on').waitFor();
    await page.getByText('10 of 10 codes left', { exact: true }).waitFor();
    await captureScreen(page, 'two-factor-on', findings);
  });

  test('sign out, then sign in with an authenticator code', STEP, async () => {
    await signOut();
    await captureScreen(page, 'sign-in', findings);
    await signIn(ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    await captureScreen(page, 'sign-in-code', findings);
    await page.getByLabel('Authentication code').fill(await freshCode());
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
  });

  test('sign in with a backup code instead; the count goes down', STEP, async () => {
    await signOut();
    await signIn(ADMIN.email, ADMIN.password);
    await page.getByRole('button', { name: 'Use a backup code instead' }).click();
    await page.getByLabel('Backup code').fill(backupCodes[0].toUpperCase());
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    await go('/two-factor', 'Two-factor');
    await page.getByText('9 of 10 codes left', { exact: true }).waitFor();
  });

  test('devices: a push token registered through the API appears and can be removed', STEP, async () => {
    const request = page.context().request;
    const registered = await request.post('/api/users/@me/push_tokens/', {
      headers: { 'X-CSRFToken': await csrfToken(page.context()) },
      data: { token: 'e2e-device-token-0123456789abcdef', platform: 'ios' },
    });
    assert.equal(registered.status(), 200, await registered.text());
    // A second place signed in as Ada (a script with its own cookies), for "sign out all others".
    elsewhere = await apiSession(server.url);
    await elsewhere.login(ADMIN.email, ADMIN.password, freshCode);

    await go('/devices', 'Devices & sessions');
    const row = page.locator('tr', { hasText: 'iOS' });
    await row.waitFor();
    assert.ok(!(await row.innerText()).includes('e2e-device-token-0123456789abcdef'), 'the token is masked');
    await page.getByText('This session').waitFor();
    const sessions = page.getByRole('table', { name: 'Signed-in sessions' }).locator('tbody tr');
    await until(async () => (await sessions.count()) === 2);
    await captureScreen(page, 'devices', findings);

    await row.getByRole('button', { name: /Remove/ }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove device' }).click();
    await toast('Device removed');
    await page.getByText('No devices registered').waitFor();
    const list = await (await request.get('/api/users/@me/push_tokens/')).json();
    assert.deepEqual(list, []);
  });

  test('devices: "sign out all others" ends every session but this window', STEP, async () => {
    assert.equal((await elsewhere.get('/api/users/@me/')).status(), 200, 'the other session works');
    await page.getByRole('button', { name: 'Sign out all others' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Sign out all other sessions?' });
    await dialog.getByRole('button', { name: 'Sign out others' }).click();
    await toast('1 session signed out');
    const sessions = page.getByRole('table', { name: 'Signed-in sessions' }).locator('tbody tr');
    await until(async () => (await sessions.count()) === 1);
    await sessions.getByText('This session').waitFor();
    assert.equal(
      await page.getByRole('button', { name: 'Sign out all others' }).isDisabled(),
      true,
      'nothing left to sign out',
    );
    assert.equal((await elsewhere.get('/api/users/@me/')).status(), 401, 'the other session is over');
    assert.equal((await me()).email, ADMIN.email, 'this window is still signed in');
  });

  test('an API key is created in the window, shown once, and works with fetch', STEP, async () => {
    await go('/api-keys', 'API keys');
    await page.getByText('No API keys yet').waitFor();
    await page.locator('[data-server-url]', { hasText: server.url }).waitFor();
    await captureScreen(page, 'api-keys-empty', findings);

    await page.getByRole('button', { name: 'Create key' }).first().click();
    const form = page.getByRole('dialog', { name: 'Create an API key' });
    await form.getByLabel('Label').fill('Deploy script');
    await form.getByRole('checkbox', { name: /user:write/ }).click();
    await form.getByRole('button', { name: 'Create key' }).click();

    const shown = page.getByRole('dialog', { name: 'Your new API key' });
    const value = (await shown.locator('[data-api-key-value]').innerText()).trim();
    assert.match(value, /^phx_[A-Za-z0-9]{43,}$/);
    await captureScreen(page, 'api-key-created', findings);
    await shown.getByRole('button', { name: 'Done' }).click();

    const response = await fetch(`${server.url}/api/users/@me/`, {
      headers: { Authorization: `Bearer ${value}` },
    });
    assert.equal(response.status, 200);
    const me = (await response.json()) as { email: string };
    assert.equal(me.email, ADMIN.email);

    // The key can write too: register a device with it, as a phone app would.
    const device = await fetch(`${server.url}/api/users/@me/push_tokens/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${value}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: 'android-token-from-key-0001', platform: 'android' }),
    });
    assert.equal(device.status, 200);

    await page.reload();
    const row = page.locator('tr', { hasText: 'Deploy script' });
    await row.waitFor();
    const text = await row.innerText();
    assert.ok(!text.includes(value), 'the list never shows the value again');
    assert.ok(text.includes(`phx_…${value.slice(-4)}`), `masked as phx_…${value.slice(-4)}: ${text}`);
    assert.doesNotMatch(text, /Never/, 'last used is filled in after the fetch');
    await captureScreen(page, 'api-keys', findings);

    await go('/devices', 'Devices & sessions');
    await page.locator('tr', { hasText: 'Android' }).waitFor();
  });

  test('activity shows the security events as a timeline', STEP, async () => {
    await go('/activity', 'Activity');
    await page.getByText('Two-factor turned on').first().waitFor();
    await page.getByText('API key created').first().waitFor();
    await page.getByText('Backup code used to sign in').first().waitFor();
    const html = await page.locator('.timeline').innerHTML();
    assert.ok(
      !html.includes(totpSecret) && !backupCodes.some((c) => html.includes(c)),
      'no secret in the timeline',
    );
    await captureScreen(page, 'activity', findings);
  });

  test(
    "an administrator creates a user in the window; the server's field errors land under the fields",
    STEP,
    async () => {
      await go('/admin/users', 'Users');
      await page.getByRole('button', { name: 'Create user' }).click();
      const dialog = page.getByRole('dialog', { name: 'Create user' });
      await dialog.getByLabel('First name').fill(MEMBER.first);
      await dialog.getByLabel('Last name').fill(MEMBER.last);
      const email = dialog.getByLabel('Email');
      const password = dialog.getByLabel('Initial password', { exact: true });

      // An address that is taken: the server's sentence (attr "email") sits under Email.
      await email.fill(ADMIN.email);
      await password.fill(MEMBER.password);
      await dialog.getByRole('button', { name: 'Create user' }).click();
      assert.equal(await fieldError(email), 'There is already an account with this email address.');
      await captureScreen(page, 'admin-create-user', findings);

      // A password the server refuses (attr "password"): under the password field.
      await email.fill(MEMBER.email);
      assert.equal(await email.getAttribute('aria-invalid'), null, 'editing clears the field error');
      await password.fill('short1');
      await dialog.getByRole('button', { name: 'Create user' }).click();
      assert.match(await fieldError(password), /too short/);

      await password.fill(MEMBER.password);
      await dialog.getByRole('button', { name: 'Create user' }).click();
      await toast(`Created ${MEMBER.email}`);
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('heading', { name: `${MEMBER.first} ${MEMBER.last}`, level: 1 }).waitFor();
      await page.getByText('Member', { exact: true }).first().waitFor();

      // A real account: she signs in with that password.
      graceApi = await apiSession(server.url);
      await graceApi.login(MEMBER.email, MEMBER.password);
      const grace = await (await graceApi.get('/api/users/@me/')).json();
      assert.equal(grace.is_staff, false);
      assert.equal(grace.first_name, MEMBER.first);
    },
  );

  test('the administrator opens sign-up to anyone on this machine, and closes it again', STEP, async () => {
    const preflight = async () =>
      ((await (await fetch(`${server.url}/_preflight/`)).json()) as { signup_allowed: boolean })
        .signup_allowed;
    await go('/admin/users', 'Users');
    await page.locator('tr', { hasText: MEMBER.email }).waitFor();
    await page.locator('tr', { hasText: ADMIN.email }).waitFor();
    const signup = page.getByRole('switch', { name: 'Allow anyone on this machine to sign up' });
    assert.equal(await signup.getAttribute('aria-checked'), 'false');
    assert.equal(await preflight(), false);
    await captureScreen(page, 'admin-users', findings);

    await signup.click();
    await toast('Anyone on this machine can now sign up');
    await until(async () => (await signup.getAttribute('aria-checked')) === 'true');
    assert.equal(await preflight(), true, 'the sign-in screen now offers sign-up');
    await page.reload();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await until(async () => (await signup.getAttribute('aria-checked')) === 'true');

    await signup.click();
    await toast('Sign-up is closed');
    await until(async () => (await signup.getAttribute('aria-checked')) === 'false');
    assert.equal(await preflight(), false);
  });

  test(
    "the admin view shows another user's devices, sessions and keys masked, and turns off her two-factor",
    STEP,
    async () => {
      // Grace, from her own script: a phone, a key, and two-factor on.
      const token = 'grace-pixel-token-9f8e7d6c5b4a39281706';
      assert.equal(
        (await graceApi.post('/api/users/@me/push_tokens/', { token, platform: 'android' })).status(),
        200,
      );
      const created = await graceApi.post('/api/personal_api_keys/', {
        label: 'Weekly report',
        scopes: ['user:read'],
      });
      assert.equal(created.status(), 201, await created.text());
      const keyValue = ((await created.json()) as { value: string }).value;
      const setup = (await (await graceApi.get('/api/users/@me/two_factor_start_setup/')).json()) as {
        secret: string;
      };
      const enabled = await graceApi.post('/api/users/@me/two_factor_validate/', {
        token: await generate({ secret: setup.secret }),
      });
      assert.equal(enabled.status(), 200, await enabled.text());

      await go('/admin/users', 'Users');
      await page.getByRole('searchbox', { name: 'Search users by email or name' }).fill('grace');
      await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
      await page.getByRole('link', { name: `${MEMBER.first} ${MEMBER.last}` }).click();
      await page.getByRole('heading', { name: `${MEMBER.first} ${MEMBER.last}`, level: 1 }).waitFor();

      const devices = page.getByRole('table', { name: 'Push notification devices' });
      await devices.locator('tr', { hasText: 'Android' }).waitFor();
      assert.equal(await devices.getByRole('button').count(), 0, 'read-only: no Remove');
      await page.getByRole('table', { name: 'Signed-in sessions' }).locator('tbody tr').first().waitFor();
      const keyRow = page.getByRole('table', { name: 'Personal API keys' }).locator('tr', {
        hasText: 'Weekly report',
      });
      await keyRow.waitFor();
      assert.ok((await keyRow.innerText()).includes(`phx_…${keyValue.slice(-4)}`), 'the key is masked');
      const html = await page.content();
      assert.ok(!html.includes(token) && !html.includes(keyValue), 'no raw token or key on the page');
      await page.getByText('Two-factor on').waitFor();
      await captureScreen(page, 'admin-user-detail', findings);
      await page
        .getByRole('region', { name: 'Devices and sessions' })
        .evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await captureScreen(page, 'admin-user-devices-keys', findings);

      await page.getByRole('button', { name: 'Turn off two-factor' }).click();
      const confirmOff = page.getByRole('alertdialog', {
        name: `Turn off two-factor for ${MEMBER.first} ${MEMBER.last}?`,
      });
      await confirmOff.getByRole('button', { name: 'Turn off two-factor' }).click();
      await toast('Two-factor turned off');
      await page.getByText('Two-factor off').waitFor();
      await until(
        async () => (await page.getByRole('button', { name: 'Turn off two-factor' }).count()) === 0,
      );
      const status = await (await graceApi.get('/api/users/@me/two_factor_status/')).json();
      assert.equal(status.is_enabled, false);
      assert.equal(status.backup_codes_remaining, 0);
      await page.locator('[data-event-type="two_factor_disabled"]').first().waitFor();
    },
  );

  test('an administrator finds another user, makes them staff and deletes them', STEP, async () => {
    await go('/admin/users', 'Users');
    await page.getByRole('searchbox', { name: 'Search users by email or name' }).fill('grace');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    await page.getByRole('radio', { name: 'Administrators' }).click();
    await page.getByText('No users match your search').waitFor();
    await page.getByRole('radio', { name: 'All' }).click();

    await page.getByRole('link', { name: `${MEMBER.first} ${MEMBER.last}` }).click();
    await page.getByRole('heading', { name: `${MEMBER.first} ${MEMBER.last}`, level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Make administrator' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Make administrator' }).click();
    await toast('Now an administrator');
    await page.getByRole('button', { name: 'Remove administrator' }).waitFor();
    const grace = await (
      await page.context().request.get(`/api/users/?email=${encodeURIComponent(MEMBER.email)}`)
    ).json();
    assert.equal(grace.results[0].is_staff, true);

    // Delete: back to the list, which no longer has her; her script's session is gone with her.
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete user' }).click();
    await toast(`Deleted ${MEMBER.email}`);
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await page.locator('tr', { hasText: ADMIN.email }).waitFor();
    assert.equal(await page.locator('tr', { hasText: MEMBER.email }).count(), 0);
    assert.equal((await graceApi.get('/api/users/@me/')).status(), 401);
  });

  test('turning off your own two-factor: the next sign-in asks only for the password', STEP, async () => {
    await go('/two-factor', 'Two-factor');
    await page.getByText('Two-factor is on').waitFor();
    await page.getByRole('button', { name: 'Turn off' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Turn off two-factor authentication?' });
    await dialog.getByRole('button', { name: 'Turn off' }).click();
    await toast('Two-factor authentication is off');
    await page.getByText('Two-factor is off').waitFor();
    await page.getByRole('button', { name: 'Set up two-factor' }).waitFor();
    const status = await (await page.context().request.get('/api/users/@me/two_factor_status/')).json();
    assert.deepEqual([status.is_enabled, status.backup_codes_remaining], [false, 0]);

    await signOut();
    await signIn(ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    await go('/activity', 'Activity');
    await page.getByText('Two-factor turned off').first().waitFor();
  });

  test('axe-core finds no serious or critical violation on any screen', STEP, () => {
    assert.deepEqual(findings, [], JSON.stringify(findings, null, 2));
  });

  test('the window ran without console errors, page errors or CSP violations', STEP, () => {
    assert.deepEqual(browser.problems, []);
  });
});
