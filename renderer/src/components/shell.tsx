import { lazy, Suspense, useEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { navigate, useRouter } from '../state/router.js';
import { useSession } from '../state/session.js';
import { displayName, initials } from '../lib/format.js';
import {
  ActivityIcon,
  BellIcon,
  CommandIcon,
  DevicesIcon,
  KeyIcon,
  LogOutIcon,
  ShieldCheckIcon,
  ShieldIcon,
  SlidersIcon,
  UserIcon,
  UsersIcon,
} from './icons.js';
import { ThemeToggle } from './theme-toggle.js';
import { useLiveEvents } from '../live/use-live-events.js';
import { SCREENS, ariaShortcut, shortcutLabel } from '../keyboard/commands.js';
import { usePalette } from '../keyboard/palette-state.js';
import { useShortcuts } from '../keyboard/use-shortcuts.js';
import { CheckupBadge } from '../screens/checkup/checkup-badge.js';
import '../keyboard/keyboard.css';

// The palette (and cmdk) load on first use: most sessions never open it.
const CommandPalette = lazy(() => import('../keyboard/command-palette.js'));
const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform);

interface NavItem {
  path: string;
  label: string;
  icon: ReactNode;
  badge?: ReactNode;
}

const ACCOUNT: NavItem[] = [
  { path: '/profile', label: 'Profile', icon: <UserIcon /> },
  { path: '/personalisation', label: 'Personalisation', icon: <SlidersIcon /> },
  { path: '/notifications', label: 'Notifications', icon: <BellIcon /> },
];
const SECURITY: NavItem[] = [
  {
    path: '/security-checkup',
    label: 'Security checkup',
    icon: <ShieldCheckIcon />,
    badge: <CheckupBadge />,
  },
  { path: '/two-factor', label: 'Two-factor', icon: <ShieldIcon /> },
  { path: '/devices', label: 'Devices & sessions', icon: <DevicesIcon /> },
  { path: '/api-keys', label: 'API keys', icon: <KeyIcon /> },
  { path: '/activity', label: 'Activity', icon: <ActivityIcon /> },
];
const ADMIN: NavItem[] = [
  { path: '/admin/users', label: 'Users', icon: <UsersIcon /> },
  { path: '/admin/security', label: 'Security overview', icon: <ShieldCheckIcon /> },
];

/** A link that navigates in-app on a plain click and behaves like a link otherwise. */
export function AppLink({
  to,
  children,
  className,
  ...rest
}: {
  to: string;
  children: ReactNode;
  className?: string;
  'aria-current'?: 'page' | undefined;
  title?: string;
  'aria-keyshortcuts'?: string;
}) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={className} {...rest}>
      {children}
    </a>
  );
}

function NavGroup({ label, items, path }: { label: string; items: NavItem[]; path: string }) {
  return (
    <div className="nav-group">
      <p className="nav-group-label">{label}</p>
      <ul>
        {items.map((item) => {
          const active = path === item.path || path.startsWith(`${item.path}/`);
          const shortcut = SCREENS.find((s) => s.path === item.path)?.key;
          return (
            <li key={item.path}>
              <AppLink
                to={item.path}
                className={active ? 'nav-link active' : 'nav-link'}
                aria-current={active ? 'page' : undefined}
                title={shortcut ? `${item.label} (${shortcutLabel(shortcut)})` : undefined}
                aria-keyshortcuts={shortcut ? ariaShortcut(shortcut) : undefined}
              >
                {item.icon}
                <span>{item.label}</span>
                {item.badge}
              </AppLink>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The signed-in frame: sidebar navigation, the user card, and the page. */
export function Shell({ children }: { children: ReactNode }) {
  const path = useRouter((state) => state.path);
  const user = useSession((state) => state.user);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  useLiveEvents(user !== null);
  useShortcuts(user?.is_staff ?? false);
  const paletteOpen = usePalette((state) => state.open);
  const [paletteUsed, setPaletteUsed] = useState(false);
  if (paletteOpen && !paletteUsed) setPaletteUsed(true);

  // Move focus to the new page's heading so keyboard and screen-reader users land on it.
  useEffect(() => {
    mainRef.current?.scrollTo({ top: 0 });
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    // A screen that loads first draws its heading later: wait for it (a few seconds at most), and
    // give up if the person moves focus meanwhile.
    const main = mainRef.current;
    const heading = () => main?.querySelector<HTMLElement>('[data-page-title]');
    // A dialog the new screen opened at once (the palette's "Create an API key") keeps its focus.
    const inDialog = () => document.activeElement?.closest('[role="dialog"], [role="alertdialog"]') != null;
    let observer: MutationObserver | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      const now = heading();
      if (now) return inDialog() ? undefined : now.focus({ preventScroll: true });
      if (!main) return;
      const focusedThen = document.activeElement;
      observer = new MutationObserver(() => {
        const later = heading();
        if (!later) return;
        observer?.disconnect();
        const active = document.activeElement;
        if (!inDialog() && (active === focusedThen || active === document.body || !active?.isConnected)) {
          later.focus({ preventScroll: true });
        }
      });
      observer.observe(main, { childList: true, subtree: true });
      timer = setTimeout(() => observer?.disconnect(), 5000);
    });
    return () => {
      cancelAnimationFrame(frame);
      observer?.disconnect();
      clearTimeout(timer);
    };
  }, [path]);

  if (!user) return null;

  const signOut = async () => {
    await useSession.getState().signOut();
    navigate('/signin', { replace: true });
  };

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            U
          </span>
          <span className="brand-name">Userdesk</span>
        </div>
        <button
          type="button"
          className="palette-trigger"
          onClick={() => usePalette.getState().setOpen(true)}
          aria-keyshortcuts={IS_MAC ? 'Meta+K' : 'Control+K'}
          title={`Command palette (${IS_MAC ? '⌘K' : 'Ctrl+K'})`}
        >
          <CommandIcon size={16} />
          <span>Command palette</span>
          <kbd aria-hidden="true">{IS_MAC ? '⌘K' : 'Ctrl K'}</kbd>
        </button>
        <nav className="nav" aria-label="Main">
          <NavGroup label="Account" items={ACCOUNT} path={path} />
          <NavGroup label="Security" items={SECURITY} path={path} />
          {user.is_staff ? <NavGroup label="Admin" items={ADMIN} path={path} /> : null}
        </nav>
        <div className="sidebar-footer">
          <ThemeToggle compact />
          <div className="user-card">
            <span className="avatar" aria-hidden="true">
              {initials(user)}
            </span>
            <div className="user-card-text">
              <span className="user-card-name">{displayName(user)}</span>
              <span className="user-card-email">{user.email}</span>
            </div>
            <button
              type="button"
              className="icon-button"
              onClick={signOut}
              aria-label="Sign out"
              title="Sign out"
            >
              <LogOutIcon />
            </button>
          </div>
        </div>
      </aside>
      <main className="main" id="main" ref={mainRef} tabIndex={-1}>
        <div className="page">{children}</div>
      </main>
      {paletteUsed ? (
        <Suspense fallback={null}>
          <CommandPalette />
        </Suspense>
      ) : null}
    </div>
  );
}
