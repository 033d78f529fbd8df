/**
 * The two-factor QR code keeps the quiet zone ISO/IEC 18004 asks for: 4 light modules on every
 * side, in the light and the dark theme. Measured on the rendered pixels (a screenshot of the QR
 * and what surrounds it), so a dark page creeping up to the symbol counts against it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openBrowser, settle, startServer, type BrowserSession, type RunningServer } from './harness.js';

const USER = { email: 'qr@example.com', password: 'meadow-copper-violin-63', first_name: 'Quinn' };

let server: RunningServer;
let browser: BrowserSession;
let page: Page;

interface QuietZone {
  /** Light modules between the symbol and the first dark pixel, per side. */
  top: number;
  right: number;
  bottom: number;
  left: number;
  modulePx: number;
}

/**
 * Screenshots the QR box with 60 px around it, then, in a blank page (no app CSP), finds the
 * symbol's dark bounding box inside the image, its module size from the 7-module finder pattern,
 * and how many light pixel lines lie beyond each edge before anything dark.
 */
async function measureQuietZone(): Promise<QuietZone> {
  const img = page.getByRole('img', { name: /QR code/ });
  const box = (await page.locator('.qr-box').boundingBox())!;
  const imgBox = (await img.boundingBox())!;
  const clip = { x: box.x - 60, y: box.y - 60, width: box.width + 120, height: box.height + 120 };
  const png = (await page.screenshot({ clip })).toString('base64');
  const inner = {
    x: Math.round(imgBox.x - clip.x),
    y: Math.round(imgBox.y - clip.y),
    width: Math.round(imgBox.width),
    height: Math.round(imgBox.height),
  };
  const blank = await browser.context.newPage();
  try {
    // tsx keeps function names with a `__name` helper the blank page does not have.
    await blank.evaluate('window.__name = (fn) => fn');
    return await blank.evaluate(
      async ({ png, inner }) => {
        const image = new Image();
        image.src = `data:image/png;base64,${png}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
        const lum = (x: number, y: number) => {
          if (x < 0 || y < 0 || x >= width || y >= height) return 0; // off the picture: not light
          const i = (y * width + x) * 4;
          return 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
        };
        const dark = (x: number, y: number) => lum(x, y) < 128;
        const light = (x: number, y: number) => lum(x, y) >= 200;
        let minX = Infinity;
        let minY = Infinity;
        let maxX = -1;
        let maxY = -1;
        for (let y = inner.y; y < inner.y + inner.height; y++) {
          for (let x = inner.x; x < inner.x + inner.width; x++) {
            if (!dark(x, y)) continue;
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
          }
        }
        let run = 0;
        while (dark(minX + run, minY)) run++;
        const modulePx = run / 7;
        const lightLine = (points: Array<[number, number]>) => points.every(([x, y]) => light(x, y));
        const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
        const count = (line: (d: number) => Array<[number, number]>) => {
          let d = 1;
          while (d < 400 && lightLine(line(d))) d++;
          return (d - 1) / modulePx;
        };
        return {
          top: count((d) => span(minX, maxX).map((x) => [x, minY - d])),
          bottom: count((d) => span(minX, maxX).map((x) => [x, maxY + d])),
          left: count((d) => span(minY, maxY).map((y) => [minX - d, y])),
          right: count((d) => span(minY, maxY).map((y) => [maxX + d, y])),
          modulePx,
        };
      },
      { png, inner },
    );
  } finally {
    await blank.close();
  }
}

describe('the two-factor QR code', { timeout: 90_000 }, () => {
  before(async () => {
    server = await startServer();
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

  test('keeps a quiet zone of at least 4 modules on every side, light and dark', async () => {
    await page.goto('/signin');
    await page.getByLabel('Email').fill(USER.email);
    await page.getByLabel('Password', { exact: true }).fill(USER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    await page.goto('/two-factor');
    await page.getByRole('button', { name: 'Set up two-factor' }).click();
    await page.getByRole('img', { name: /QR code/ }).waitFor();

    const measured: Record<string, QuietZone> = {};
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
      await settle(page);
      measured[theme] = await measureQuietZone();
    }
    for (const [theme, zone] of Object.entries(measured)) {
      assert.ok(zone.modulePx >= 2, `${theme}: a module is at least 2 px (${zone.modulePx})`);
      for (const side of ['top', 'right', 'bottom', 'left'] as const) {
        assert.ok(
          zone[side] >= 4,
          `${theme}: ${side} quiet zone is ${zone[side].toFixed(2)} modules: ${JSON.stringify(measured)}`,
        );
      }
    }
    assert.deepEqual(browser.problems, []);
  });
});
