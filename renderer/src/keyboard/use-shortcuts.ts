import { useEffect } from 'react';
import { navigate } from '../state/router.js';
import { SCREENS } from './commands.js';
import { usePalette } from './palette-state.js';

/** How long after "g" the second key still counts. */
const SEQUENCE_MS = 1500;

/** Typing in a field, or a dialog holding focus, owns the keyboard: shortcuts stay out of the way. */
function busyTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('input, textarea, select, [role="dialog"], [role="alertdialog"]')) return true;
  return false;
}

/**
 * The window's keys: Ctrl+K (⌘K on macOS) opens the command palette from anywhere; "g" then a
 * letter moves to a screen (listed in the palette and in each sidebar link's tooltip).
 */
export function useShortcuts(isStaff: boolean): void {
  useEffect(() => {
    let pendingG = 0;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        const palette = usePalette.getState();
        palette.setOpen(!palette.open);
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || busyTarget(event.target)) return;
      if (usePalette.getState().open) return;
      const key = event.key.toLowerCase();
      if (pendingG && Date.now() - pendingG < SEQUENCE_MS) {
        pendingG = 0;
        const screen = SCREENS.find((s) => s.key === key && (isStaff || !s.staffOnly));
        if (screen) {
          event.preventDefault();
          navigate(screen.path);
        }
        return;
      }
      pendingG = key === 'g' && !event.shiftKey ? Date.now() : 0;
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [isStaff]);
}
