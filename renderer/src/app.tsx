import { useEffect } from 'react';
import { Toaster } from 'sonner';
import { matchPath, navigate, useRouter } from './state/router.js';
import { useSession } from './state/session.js';
import { useTheme } from './state/theme.js';
import { ConfirmHost } from './components/dialogs.js';
import { ReauthDialog } from './components/reauth-dialog.js';
import { Shell, AppLink } from './components/shell.js';
import { Button, EmptyState, Spinner } from './components/ui.js';
import { AlertIcon } from './components/icons.js';
import { SignInScreen } from './screens/auth/sign-in.js';
import { SignUpScreen } from './screens/auth/sign-up.js';
import { ProfileScreen } from './screens/profile.js';
import { PersonalisationScreen } from './screens/personalisation.js';
import { NotificationsScreen } from './screens/notifications.js';
import { TwoFactorScreen } from './screens/two-factor.js';
import { DevicesScreen } from './screens/devices.js';
import { ApiKeysScreen } from './screens/api-keys.js';
import { ActivityScreen } from './screens/activity.js';
import { AdminUsersScreen } from './screens/admin/users.js';
import { AdminUserDetailScreen } from './screens/admin/user-detail.js';
import { AdminSecurityOverviewScreen } from './screens/admin/security-overview.js';
import { SecurityCheckupScreen } from './screens/checkup/security-checkup.js';

const AUTH_PATHS = new Set(['/', '/signin', '/signup', '/welcome']);

function SignedInRoutes({ path, isStaff }: { path: string; isStaff: boolean }) {
  switch (path) {
    case '/profile':
      return <ProfileScreen />;
    case '/personalisation':
      return <PersonalisationScreen />;
    case '/notifications':
      return <NotificationsScreen />;
    case '/two-factor':
      return <TwoFactorScreen />;
    case '/devices':
      return <DevicesScreen />;
    case '/api-keys':
      return <ApiKeysScreen />;
    case '/activity':
      return <ActivityScreen />;
    case '/security-checkup':
      return <SecurityCheckupScreen />;
  }
  if (isStaff) {
    if (path === '/admin/users' || path === '/admin') return <AdminUsersScreen />;
    if (path === '/admin/security') return <AdminSecurityOverviewScreen />;
    const detail = matchPath('/admin/users/:uuid', path);
    if (detail) return <AdminUserDetailScreen key={detail.uuid} uuid={detail.uuid} />;
  }
  return (
    <EmptyState
      icon={<AlertIcon />}
      title="Page not found"
      action={<AppLink to="/profile">Go to your profile</AppLink>}
    >
      <span data-page-title tabIndex={-1}>
        Nothing lives at {path}.
      </span>
    </EmptyState>
  );
}

function Screens() {
  const status = useSession((state) => state.status);
  const preflight = useSession((state) => state.preflight);
  const isStaff = useSession((state) => state.user?.is_staff ?? false);
  const path = useRouter((state) => state.path);

  // Keep the address bar honest about which screen is showing.
  useEffect(() => {
    if (status === 'signed-in' && AUTH_PATHS.has(path)) navigate('/profile', { replace: true });
    if (status === 'signed-out') {
      const firstRun = preflight && !preflight.initiated;
      const target = firstRun
        ? '/welcome'
        : path === '/signup' && preflight?.signup_allowed
          ? '/signup'
          : '/signin';
      if (path !== target) navigate(target, { replace: true });
    }
  }, [status, path, preflight]);

  if (status === 'booting') {
    return (
      <div className="splash">
        <Spinner size={28} label="Starting Userdesk" />
      </div>
    );
  }
  if (status === 'unreachable') {
    return (
      <main className="splash" id="main">
        <EmptyState
          icon={<AlertIcon />}
          title="The local server is not answering"
          action={<Button onClick={() => void useSession.getState().boot()}>Try again</Button>}
        >
          Userdesk's window talks to a server on this machine. Restart the app if this persists.
        </EmptyState>
      </main>
    );
  }
  if (status === 'signed-out') {
    if (preflight && !preflight.initiated) return <SignUpScreen firstRun />;
    if (path === '/signup' && preflight?.signup_allowed) return <SignUpScreen firstRun={false} />;
    return <SignInScreen />;
  }
  return (
    <Shell>
      <SignedInRoutes path={path} isStaff={isStaff} />
    </Shell>
  );
}

export function App() {
  const resolved = useTheme((state) => state.resolved);
  useEffect(() => {
    void useSession.getState().boot();
  }, []);
  return (
    <>
      <Screens />
      <ReauthDialog />
      <ConfirmHost />
      <Toaster theme={resolved} position="bottom-right" richColors closeButton duration={4000} />
    </>
  );
}
