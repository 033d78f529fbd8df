/**
 * The security checkup, the admin security overview and the exports (issue 15 items 2 and 3) in a
 * real Chromium against `userdesk serve`: findings with their one-click fix, the sidebar badge
 * following a change live, links to each user, and downloads that hold no secret.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { generate } from 'otplib';
import type { Download, Page } from 'playwright-core';
import {
  captureScreen,
  csrfToken,
  openBrowser,
  startServer,
  type AxeFinding,
  type BrowserSession,
  type RunningServer,
} from './harness.js';

const ADMIN = { email: 'hedy@example.com', password: 'frequency-hopping-lantern-14', first_name: 'Hedy' };

let server: RunningServer;
let browser: BrowserSession;
let page: Page;
const findings: AxeFinding[] = [];
/** Values that must never appear in an export. */
const secrets: string[] = [];

async function post(path: string, data: unknown) {
  return page.context().request.post(path, {
    headers: { 'X-CSRFToken': await csrfToken(page.context()) },
    data,
  });
}

async function saved(download: Promise<Download>): Promise<{ name: string; text: string }> {
  const file = await download;
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') };
}

const badge = () => page.getByRole('navigation', { name: 'Main' }).locator('[data-checkup-count]');

describe('security checkup, overview and exports', { timeout: 150_000 }, () => {
  before(async () => {
    server = await startServer();
    const response = await fetch(`${server.url}/api/signup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    assert.equal(response.status, 201, await response.text());
    browser = await openBrowser(server.url);
    page = browser.page;
    page.setDefaultTimeout(15_000);
    await page.goto('/signin');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the checkup lists what to fix, the badge counts it, and a fix is one click away', async () => {
    // A key that can do everything: one more finding.
    const key = await post('/api/personal_api_keys/', { label: 'Everything key', scopes: ['*'] });
    assert.equal(key.status(), 201, await key.text());
    secrets.push(((await key.json()) as { value: string }).value);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /Security checkup/ })
      .click();
    await page.getByRole('heading', { name: 'Security checkup', level: 1 }).waitFor();
    const list = page.getByRole('list', { name: 'Findings' });
    await list.locator('[data-finding="two_factor_off"]').waitFor();
    await list.locator('[data-finding="api_key_wildcard_scope"]', { hasText: 'Everything key' }).waitFor();
    const api = (await (await page.context().request.get('/api/users/@me/security_checkup/')).json()) as {
      score: number;
      findings: unknown[];
    };
    assert.equal(await list.locator('li').count(), api.findings.length);
    assert.equal(
      await badge().textContent(),
      `${api.findings.length} ${api.findings.length === 1 ? 'finding' : 'findings'}`,
    );
    assert.equal(await page.locator('[data-score]').getAttribute('data-score'), String(api.score));
    await captureScreen(page, 'security-checkup', findings);

    // One click: the two-factor finding's fix opens the Two-factor screen.
    await list
      .locator('[data-finding="two_factor_off"]')
      .getByRole('button', { name: 'Set up two-factor' })
      .click();
    await page.getByRole('heading', { name: 'Two-factor authentication', level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/two-factor');

    // Two-factor turned on by a script (with backup codes): the badge drops by one, no reload.
    const before = Number(await badge().getAttribute('data-checkup-count'));
    const setup = (await (
      await page.context().request.get('/api/users/@me/two_factor_start_setup/')
    ).json()) as {
      secret: string;
    };
    secrets.push(setup.secret);
    const on = await post('/api/users/@me/two_factor_validate/', {
      token: await generate({ secret: setup.secret }),
    });
    assert.equal(on.status(), 200, await on.text());
    const generated = await post('/api/users/@me/two_factor_backup_codes/', {});
    assert.equal(generated.status(), 200, await generated.text());
    secrets.push(...((await generated.json()) as { backup_codes: string[] }).backup_codes);
    const after = async () => {
      const api = (await (await page.context().request.get('/api/users/@me/security_checkup/')).json()) as {
        findings: { id: string }[];
      };
      return { api: api.findings.map((f) => f.id), badge: await badge().getAttribute('data-checkup-count') };
    };
    const deadline = Date.now() + 10_000;
    while ((await badge().getAttribute('data-checkup-count')) !== String(before - 1)) {
      if (Date.now() > deadline) assert.fail(`badge did not follow: ${JSON.stringify(await after())}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  test('the admin overview counts two-factor and stale keys and links to each user', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Security overview' })
      .click();
    await page.getByRole('heading', { name: 'Security overview', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Stale API keys' });
    await table.locator('tr', { hasText: 'Everything key' }).waitFor();
    await page
      .getByRole('table', { name: 'Users and their security' })
      .getByRole('link', { name: 'Hedy' })
      .waitFor();
    await captureScreen(page, 'admin-security-overview', findings);
    await page
      .getByRole('table', { name: 'Users and their security' })
      .getByRole('link', { name: 'Hedy' })
      .click();
    await page.getByRole('heading', { name: 'Hedy', level: 1 }).waitFor();
    assert.match(new URL(page.url()).pathname, /^\/admin\/users\/[0-9a-f-]{36}$/);
  });

  test('"Download my data" saves JSON with the profile and no secret', async () => {
    await page.goto('/profile');
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    const file = await saved(
      Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download my data' }).click(),
      ]).then(([d]) => d),
    );
    assert.match(file.name, /^userdesk-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(file.text) as { profile: { email: string }; api_keys: { label: string }[] };
    assert.equal(data.profile.email, ADMIN.email);
    assert.deepEqual(
      data.api_keys.map((k) => k.label),
      ['Everything key'],
    );
    for (const secret of secrets)
      assert.ok(!file.text.includes(secret), `no secret in the export: ${secret}`);
    assert.ok(!/scrypt|pbkdf2|\$argon/i.test(file.text), 'no password hash');
  });

  test('the admin exports every user as JSON and as CSV', async () => {
    await page.goto('/admin/users');
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    const json = await saved(
      Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export JSON' }).click(),
      ]).then(([d]) => d),
    );
    assert.equal(json.name, 'userdesk-users.json');
    const all = JSON.parse(json.text) as { users: { email: string; two_factor_enabled: boolean }[] };
    assert.deepEqual(
      all.users.map((u) => [u.email, u.two_factor_enabled]),
      [[ADMIN.email, true]],
    );
    const csv = await saved(
      Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]).then(([d]) => d),
    );
    assert.match(csv.name, /^userdesk-users-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, row, ...rest] = csv.text.trim().split(/\r?\n/);
    assert.equal(
      header,
      'uuid,email,first_name,last_name,is_staff,is_active,date_joined,is_email_verified,two_factor_enabled,backup_codes_remaining,api_key_count,device_count,session_count,last_login',
    );
    assert.ok(row.includes(ADMIN.email));
    assert.deepEqual(rest, []);
    for (const secret of secrets) {
      assert.ok(!json.text.includes(secret) && !csv.text.includes(secret), 'no secret in the exports');
    }
  });

  test('axe-core finds no serious or critical violation on the new screens', () => {
    assert.deepEqual(findings, [], JSON.stringify(findings, null, 2));
  });

  test('the window ran without console errors, page errors or CSP violations', () => {
    assert.deepEqual(browser.problems, []);
  });
});
