import { create } from 'zustand';

/**
 * A tiny history router: the server answers every non-API path with index.html, so real paths
 * (`/profile`, `/admin/users/<uuid>`) work on reload and in the Electron window alike.
 */
interface RouterState {
  path: string;
  navigate: (to: string, options?: { replace?: boolean }) => void;
}

export const useRouter = create<RouterState>()((set) => ({
  path: window.location.pathname,
  navigate: (to, options) => {
    if (to === window.location.pathname + window.location.search) return;
    if (options?.replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
    set({ path: window.location.pathname });
  },
}));

window.addEventListener('popstate', () => useRouter.setState({ path: window.location.pathname }));

export const navigate = (to: string, options?: { replace?: boolean }) =>
  useRouter.getState().navigate(to, options);

/** Matches `/admin/users/:uuid` style patterns; returns the params or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split('/').filter(Boolean);
  const b = path.split('/').filter(Boolean);
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(':')) params[a[i].slice(1)] = decodeURIComponent(b[i]);
    else if (a[i] !== b[i]) return null;
  }
  return params;
}
