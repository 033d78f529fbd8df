// Remembers the window's size and position between launches. Pure Node (no 'electron' import)
// so the fitting rules are unit-tested; main.ts passes in the displays' work areas.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent on first launch or when the saved position is off every screen: the OS centres it. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: Readonly<WindowState> = Object.freeze({
  width: 1200,
  height: 800,
  maximized: false,
});
export const MIN_WINDOW_SIZE = Object.freeze({ width: 720, height: 520 });

/** Pixels of the title bar that must be on a screen for a saved position to be reused. */
const GRAB_MARGIN = 48;

export function windowStatePath(dataDir: string): string {
  return path.join(dataDir, 'window-state.json');
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Turns a saved state into one that is safe to open: sizes clamped to the minimum and to the
 * largest screen, and the position dropped when a monitor was unplugged and the title bar would
 * otherwise be unreachable.
 */
export function fitWindowState(saved: unknown, workAreas: readonly Rectangle[]): WindowState {
  const s = (typeof saved === 'object' && saved !== null ? saved : {}) as Record<string, unknown>;
  const maxWidth = Math.max(MIN_WINDOW_SIZE.width, ...workAreas.map((a) => a.width));
  const maxHeight = Math.max(MIN_WINDOW_SIZE.height, ...workAreas.map((a) => a.height));
  const clamp = (v: unknown, min: number, max: number, fallback: number): number =>
    isFiniteNumber(v) ? Math.round(Math.min(Math.max(v, min), max)) : fallback;
  const state: WindowState = {
    width: clamp(s.width, MIN_WINDOW_SIZE.width, maxWidth, Math.min(DEFAULT_WINDOW_STATE.width, maxWidth)),
    height: clamp(
      s.height,
      MIN_WINDOW_SIZE.height,
      maxHeight,
      Math.min(DEFAULT_WINDOW_STATE.height, maxHeight),
    ),
    maximized: s.maximized === true,
  };
  if (isFiniteNumber(s.x) && isFiniteNumber(s.y)) {
    const titleBar: Rectangle = { x: s.x, y: s.y, width: state.width, height: GRAB_MARGIN };
    if (workAreas.some((area) => overlap(titleBar, area) >= GRAB_MARGIN * GRAB_MARGIN)) {
      state.x = Math.round(s.x);
      state.y = Math.round(s.y);
    }
  }
  return state;
}

function overlap(a: Rectangle, b: Rectangle): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Reads the saved state; a missing or corrupt file just means the defaults. */
export function loadWindowState(dataDir: string, workAreas: readonly Rectangle[]): WindowState {
  let saved: unknown;
  try {
    saved = JSON.parse(readFileSync(windowStatePath(dataDir), 'utf8'));
  } catch {
    saved = null;
  }
  return fitWindowState(saved, workAreas);
}

/** Saves the normal (un-maximised) bounds plus the maximised flag, atomically. */
export function saveWindowState(dataDir: string, bounds: Rectangle, maximized: boolean): void {
  const target = windowStatePath(dataDir);
  const temp = `${target}.tmp`;
  const state: WindowState = { ...bounds, maximized };
  writeFileSync(temp, `${JSON.stringify(state)}\n`);
  renameSync(temp, target);
}
