import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import {
  DEFAULT_WINDOW_STATE,
  fitWindowState,
  loadWindowState,
  MIN_WINDOW_SIZE,
  saveWindowState,
  windowStatePath,
} from '../../main/electron/window-state.js';

const LAPTOP = { x: 0, y: 0, width: 1440, height: 900 };
const MONITOR_RIGHT = { x: 1440, y: 0, width: 2560, height: 1440 };

test('first launch gets the default size and no position, so the OS centres the window', () => {
  assert.deepEqual(fitWindowState(null, [LAPTOP]), { width: 1200, height: 800, maximized: false });
  assert.deepEqual(fitWindowState('garbage', [LAPTOP]), { ...DEFAULT_WINDOW_STATE });
});

test('a saved position on a screen is reused, with its maximised flag', () => {
  const saved = { x: 1600, y: 100, width: 1300, height: 900, maximized: true };
  assert.deepEqual(fitWindowState(saved, [LAPTOP, MONITOR_RIGHT]), saved);
});

test('a position left on an unplugged monitor is dropped, the size is kept within the screen', () => {
  const saved = { x: 1600, y: 100, width: 2400, height: 1300, maximized: false };
  assert.deepEqual(fitWindowState(saved, [LAPTOP]), { width: 1440, height: 900, maximized: false });
});

test('sizes are clamped to the minimum and non-numbers are ignored', () => {
  assert.deepEqual(fitWindowState({ width: 10, height: 'tall', x: '1', y: 2 }, [LAPTOP]), {
    width: MIN_WINDOW_SIZE.width,
    height: 800,
    maximized: false,
  });
});

test('a window whose title bar is above the screen loses its position', () => {
  assert.equal(fitWindowState({ x: 100, y: -200, width: 800, height: 600 }, [LAPTOP]).x, undefined);
});

test('state round-trips through the data folder, and a corrupt file means defaults', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'userdesk-window-'));
  saveWindowState(dir, { x: 40, y: 50, width: 1000, height: 700 }, false);
  assert.deepEqual(loadWindowState(dir, [LAPTOP]), {
    x: 40,
    y: 50,
    width: 1000,
    height: 700,
    maximized: false,
  });
  writeFileSync(windowStatePath(dir), '{');
  assert.deepEqual(loadWindowState(dir, [LAPTOP]), { ...DEFAULT_WINDOW_STATE });
});
