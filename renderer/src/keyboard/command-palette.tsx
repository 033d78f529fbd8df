import { useRef } from 'react';
import { Command } from 'cmdk';
import { Dialog } from 'radix-ui';
import { useRouter } from '../state/router.js';
import { useSession } from '../state/session.js';
import { ACTIONS, SCREENS, ariaShortcut, type ActionCommand } from './commands.js';
import { usePalette } from './palette-state.js';
import './command-palette.css';

function Keys({ keys }: { keys: string[] }) {
  return (
    <span className="palette-keys" aria-hidden="true">
      {keys.map((key) => (
        <kbd key={key}>{key}</kbd>
      ))}
    </span>
  );
}

/**
 * The command palette (Ctrl/⌘+K): every screen, with its "g" shortcut, and every action. Loaded
 * on first use. A chosen entry runs once the dialog has closed, so a navigation's focus move to
 * the new page's heading is not undone by the dialog handing focus back to where it opened.
 */
export default function CommandPalette() {
  const open = usePalette((state) => state.open);
  const setOpen = usePalette((state) => state.setOpen);
  const isStaff = useSession((state) => state.user?.is_staff ?? false);
  const chosen = useRef<(() => void | Promise<void>) | null>(null);
  const screens = SCREENS.filter((s) => isStaff || !s.staffOnly);
  const actions = ACTIONS.filter((a) => isStaff || !a.staffOnly);

  const choose = (run: () => void | Promise<void>) => {
    chosen.current = run;
    setOpen(false);
  };

  const onCloseAutoFocus = (event: Event) => {
    const run = chosen.current;
    chosen.current = null;
    if (!run) return;
    event.preventDefault();
    const before = useRouter.getState().path;
    void run();
    requestAnimationFrame(() => {
      // Same screen (or no navigation): put focus back on this page's heading, not on <body>.
      if (useRouter.getState().path === before && document.activeElement === document.body) {
        document.querySelector<HTMLElement>('[data-page-title]')?.focus();
      }
    });
  };

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-md palette" onCloseAutoFocus={onCloseAutoFocus}>
          <Dialog.Title className="visually-hidden">Command palette</Dialog.Title>
          <Dialog.Description className="visually-hidden">
            Type to filter screens and actions, move with the arrow keys, press Enter to go.
          </Dialog.Description>
          <Command label="Screens and actions" loop>
            <Command.Input className="palette-input" placeholder="Go to a screen or run an action…" />
            <Command.List className="palette-list">
              <Command.Empty className="palette-empty">Nothing matches.</Command.Empty>
              <Command.Group heading="Screens">
                {screens.map((screen) => (
                  <Command.Item
                    key={screen.path}
                    value={`screen ${screen.label}`}
                    keywords={[screen.group]}
                    onSelect={() => choose(() => useRouter.getState().navigate(screen.path))}
                    aria-keyshortcuts={ariaShortcut(screen.key)}
                    className="palette-item"
                  >
                    <span>{screen.label}</span>
                    <Keys keys={['G', screen.key.toUpperCase()]} />
                  </Command.Item>
                ))}
              </Command.Group>
              <Command.Group heading="Actions">
                {actions.map((action: ActionCommand) => (
                  <Command.Item
                    key={action.id}
                    value={`action ${action.label}`}
                    keywords={action.keywords}
                    onSelect={() => choose(action.run)}
                    className="palette-item"
                  >
                    <span>{action.label}</span>
                  </Command.Item>
                ))}
              </Command.Group>
            </Command.List>
          </Command>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
