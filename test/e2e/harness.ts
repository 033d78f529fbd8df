/**
 * The browser tests' harness: a real `userdesk serve` on a temp data dir and Debian's Chromium
 * driven by playwright-core. Nothing is built here — `npm run build` must have run — and nothing
 * is mocked: the window talks to the real server, which writes a real SQLite file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import {
  chromium,
  request,
  type APIResponse,
  type Browser,
  type BrowserContext,
  type Page,
} from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * Screenshots refresh docs/screenshots only when asked (UPDATE_SCREENSHOTS=1), so an ordinary
 * `npm test` leaves the working tree clean; otherwise they still render, into a temp folder.
 */
export const SCREENSHOT_DIR =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? path.join(ROOT, 'docs', 'screenshots')
    : path.join(os.tmpdir(), 'userdesk-screenshots');

const CLI = path.join(ROOT, 'dist', 'main', 'cli.js');
const INDEX = path.join(ROOT, 'dist', 'renderer', 'index.html');

/** Chromium flags that work on these machines (stack.md). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function assertBuilt(): void {
  const missing = [CLI, INDEX].filter((file) => !existsSync(file));
  if (missing.length) {
    throw new Error(
      `The e2e tests drive the built app, and ${missing.map((m) => path.relative(ROOT, m)).join(' and ')} ` +
        'is missing. Run `npm run build` first.',
    );
  }
}

export function chromiumPath(): string {
  const candidate = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (!existsSync(candidate)) {
    throw new Error(
      `No Chromium at ${candidate}. Install Debian's (apt-get install -y chromium) or set CHROME_PATH to a Chromium binary.`,
    );
  }
  return candidate;
}

export interface RunningServer {
  url: string;
  dataDir: string;
  /** Where the file mail transport writes one .eml per message. */
  mailDir: string;
  close: () => Promise<void>;
}

/** Starts `node dist/main/cli.js serve --port 0` on a fresh data dir and waits for its URL line. */
export async function startServer(): Promise<RunningServer> {
  assertBuilt();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'userdesk-e2e-'));
  const mailDir = path.join(dataDir, 'mail');
  await mkdir(mailDir, { recursive: true });
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, USERDESK_MAIL_DIR: mailDir, USERDESK_SMTP_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`userdesk serve did not print its URL in 20 s:\n${output}`)),
      20_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Userdesk listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`userdesk serve exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    url,
    dataDir,
    mailDir,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and CSP violations seen so far. */
  problems: string[];
  userDataDir: string;
  close: () => Promise<void>;
}

/**
 * Launches Chromium with a fresh profile and opens one page. Every console error, uncaught
 * exception and CSP violation is collected so a test can assert the window ran clean.
 */
export async function openBrowser(baseURL: string): Promise<BrowserSession> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'userdesk-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    headless: true,
    baseURL,
    viewport: { width: 1280, height: 820 },
    deviceScaleFactor: 1,
    colorScheme: 'light',
    acceptDownloads: true,
    timezoneId: 'UTC',
    locale: 'en-GB',
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  const watch = (p: Page) => {
    p.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      // Expected 4xx answers the UI handles (wrong password, 401 before sign-in…) are logged by
      // Chromium as failed resources; they are not problems of the window.
      if (/Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
      problems.push(`console: ${text}`);
    });
    p.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  };
  watch(page);
  context.on('page', watch);
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return {
    browser: context.browser()!,
    context,
    page,
    problems,
    userDataDir,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export type Theme = 'light' | 'dark';

export interface AxeFinding {
  screen: string;
  theme: Theme;
  id: string;
  impact: string;
  help: string;
  targets: string[];
  /** axe's explanation for the first node, e.g. the measured contrast ratio. */
  summary: string;
}

/** Runs axe-core on the page; returns the serious and critical violations. */
export async function axeSerious(page: Page, screen: string, theme: Theme): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      screen,
      theme,
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      summary: v.nodes[0]?.failureSummary ?? '',
    }));
}

/** Waits until animations and pending toasts no longer change the picture. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 250))),
      ),
  );
}

/**
 * Captures one screen in light and dark: switches the OS colour scheme (the window follows it
 * when the theme is "System"), checks the resolved theme, runs axe, saves a screenshot.
 */
export async function captureScreen(page: Page, screen: string, findings: AxeFinding[]): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // Toasts from the previous step would cover the screen: hide the toaster while capturing.
  await page.evaluate(() =>
    document
      .querySelectorAll<HTMLElement>('[data-sonner-toaster]')
      .forEach((t) => (t.style.visibility = 'hidden')),
  );
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
    await settle(page);
    findings.push(...(await axeSerious(page, screen, theme)));
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${screen}-${theme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.evaluate(() =>
    document.querySelectorAll<HTMLElement>('[data-sonner-toaster]').forEach((t) => (t.style.visibility = '')),
  );
}

/** The newest mail the file transport wrote, as text. */
export async function latestMail(mailDir: string): Promise<string> {
  const files = (await readdir(mailDir)).filter((f) => f.endsWith('.eml')).sort();
  if (!files.length) throw new Error(`no mail in ${mailDir}`);
  return readFile(path.join(mailDir, files[files.length - 1]), 'utf8');
}

/** Waits for a toast (sonner) whose text matches. */
export async function waitForToast(page: Page, text: string | RegExp): Promise<void> {
  await page.locator('[data-sonner-toast]').filter({ hasText: text }).first().waitFor();
}

/** The CSRF cookie of the browser context (for API calls made with the page's session). */
export async function csrfToken(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'csrftoken');
  if (!cookie) throw new Error('no csrftoken cookie in the browser context');
  return cookie.value;
}

/**
 * Another signed-in client of the same server, as a script or a second browser would be: its own
 * cookie jar, the CSRF header on unsafe methods. Used to give a user devices, keys and sessions
 * the window then has to show (or sign out).
 */
export interface ApiSession {
  get: (path: string) => Promise<APIResponse>;
  post: (path: string, data?: unknown) => Promise<APIResponse>;
  /** POST /api/login, then /api/login/token with `code()` when the account has two-factor on. */
  login: (email: string, password: string, code?: () => Promise<string>) => Promise<void>;
  dispose: () => Promise<void>;
}

export async function apiSession(baseURL: string): Promise<ApiSession> {
  const context = await request.newContext({ baseURL, userAgent: 'Userdesk e2e script' });
  const csrf = async () =>
    (await context.storageState()).cookies.find((c) => c.name === 'csrftoken')?.value ?? '';
  const post = async (pathname: string, data: unknown = {}) =>
    context.post(pathname, { data, headers: { 'X-CSRFToken': await csrf() } });
  return {
    get: (pathname) => context.get(pathname),
    post,
    login: async (email, password, code) => {
      const first = await post('/api/login', { email, password });
      if (first.status() === 200) return;
      const body = (await first.json()) as { code?: string };
      if (first.status() !== 401 || body.code !== '2fa_required' || !code) {
        throw new Error(`login as ${email} answered ${first.status()}: ${JSON.stringify(body)}`);
      }
      const second = await post('/api/login/token', { token: await code() });
      if (second.status() !== 200) {
        throw new Error(`login code for ${email} answered ${second.status()}: ${await second.text()}`);
      }
    },
    dispose: () => context.dispose(),
  };
}
