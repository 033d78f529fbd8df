import type { ReactNode } from 'react';
import { useSession } from '../../state/session.js';
import { ThemeToggle } from '../../components/theme-toggle.js';
import { ShieldIcon, KeyIcon, DevicesIcon } from '../../components/icons.js';

/** The signed-out frame: a brand panel beside the form, like a desktop app's welcome window. */
export function AuthLayout({
  title,
  subtitle,
  children,
  footer,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const version = useSession((state) => state.preflight?.version);
  return (
    <div className="auth">
      <aside className="auth-brand" aria-label="About Userdesk">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            U
          </span>
          <span className="brand-name">Userdesk</span>
        </div>
        <div className="auth-pitch">
          <p className="auth-pitch-title">Your accounts, on your machine.</p>
          <ul className="auth-points">
            <li>
              <ShieldIcon /> Two-factor sign-in with one-time backup codes
            </li>
            <li>
              <KeyIcon /> Scoped API keys for your own tools
            </li>
            <li>
              <DevicesIcon /> Every session and device in one place
            </li>
          </ul>
        </div>
        <p className="auth-version">
          {version ? `Version ${version}` : '\u00a0'} · Local server on 127.0.0.1
        </p>
      </aside>
      <main className="auth-main" id="main">
        <div className="auth-toolbar">
          <ThemeToggle compact />
        </div>
        <div className="auth-card">
          <h1 className="auth-title" tabIndex={-1} data-page-title>
            {title}
          </h1>
          {subtitle ? <p className="auth-subtitle">{subtitle}</p> : null}
          {children}
        </div>
        {footer ? <div className="auth-footer">{footer}</div> : null}
      </main>
    </div>
  );
}
