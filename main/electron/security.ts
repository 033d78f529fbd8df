// The Electron security checklist (spec security.md item 22) as data and small decisions.
// Only type imports from 'electron' here: unit tests load this file under plain Node, where
// importing Electron's runtime would try to download its binary.
import type { Session, WebContents, WebPreferences } from 'electron';

/**
 * The window's webPreferences. Every flag is spelled out, even where it equals Electron's default,
 * so a future default change or a careless edit shows up in review and in the unit test.
 */
export function secureWebPreferences(preloadPath: string): Readonly<WebPreferences> {
  return Object.freeze({
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  } satisfies WebPreferences);
}

/**
 * Hosts whose https links open in the OS browser. Everything else from the page is dropped: the
 * window shows only the local server, and a link is no way to reach arbitrary sites with it.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = Object.freeze([
  'posthog.com',
  'www.posthog.com',
  'github.com',
]);

/**
 * Permissions granted, and only to the app's own origin. Copying an API key or backup codes uses
 * navigator.clipboard.writeText, which Chromium gates behind 'clipboard-sanitized-write'; reading
 * the clipboard, camera, notifications, geolocation and the rest stay denied.
 */
export const ALLOWED_PERMISSIONS: readonly string[] = Object.freeze(['clipboard-sanitized-write']);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True when url belongs to the local server's origin (scheme, host and port all equal). */
export function isAppOrigin(url: string, appOrigin: string): boolean {
  return parse(url)?.origin === new URL(appOrigin).origin;
}

/** True for an https link to an allow-listed host, which may open in the OS browser. */
export function isAllowedExternalLink(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === 'https:' && EXTERNAL_LINK_HOSTS.includes(parsed.hostname);
}

/** What to do with a navigation (link click, redirect, location change) in the window. */
export type NavigationDecision = 'allow' | 'open-externally' | 'deny';

export function decideNavigation(url: string, appOrigin: string): NavigationDecision {
  if (isAppOrigin(url, appOrigin)) return 'allow';
  return isAllowedExternalLink(url) ? 'open-externally' : 'deny';
}

/**
 * What to do when the page asks for a new window (target=_blank, window.open). No new Electron
 * window ever opens; the app's own pages (the API schema) and allow-listed https links go to the
 * OS browser, where they get a normal browser's protections.
 */
export function decideWindowOpen(url: string, appOrigin: string): Exclude<NavigationDecision, 'allow'> {
  return isAppOrigin(url, appOrigin) || isAllowedExternalLink(url) ? 'open-externally' : 'deny';
}

export function isPermissionAllowed(permission: string, requestingUrl: string, appOrigin: string): boolean {
  return ALLOWED_PERMISSIONS.includes(permission) && isAppOrigin(requestingUrl, appOrigin);
}

/**
 * IPC is answered only for the app's own top-level frame: a subframe or a page that somehow
 * loaded from elsewhere must not reach the handlers, whatever the preload exposed to it.
 */
export function isTrustedIpcSender(
  frame: { url: string; parent: unknown } | null | undefined,
  appOrigin: string,
): boolean {
  return frame != null && frame.parent === null && isAppOrigin(frame.url, appOrigin);
}

/**
 * The app's origin, or a function giving it at the time of each event: the window exists before
 * the server process is ready, and a restarted server may have had to take another port.
 */
export type OriginSource = string | (() => string);
const current = (origin: OriginSource): string => (typeof origin === 'function' ? origin() : origin);

/** Denies every permission but the allow-list above, for requests and for silent checks alike. */
export function applySessionPermissionPolicy(session: Session, origin: OriginSource): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl ?? contents.getURL(), current(origin)));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, current(origin)),
  );
}

/**
 * Guards one webContents: navigation and redirects stay on the local origin, new windows never
 * open, <webview> cannot attach. Applied from app 'web-contents-created' so no contents escapes.
 */
export function applyWebContentsGuards(
  contents: WebContents,
  origin: OriginSource,
  openExternal: (url: string) => unknown,
): void {
  // Top-level navigations may hand an allow-listed link to the OS browser; subframe navigations
  // and redirects are never user clicks on our UI, so off-origin ones are only refused.
  contents.on('will-navigate', (event) => {
    const appOrigin = current(origin);
    const decision = decideNavigation(event.url, appOrigin);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'open-externally') void openExternal(event.url);
  });
  const denyOffOrigin = (
    event: { preventDefault(): void; url: string; isMainFrame: boolean },
    mainFrameToo: boolean,
  ): void => {
    if ((mainFrameToo || !event.isMainFrame) && !isAppOrigin(event.url, current(origin)))
      event.preventDefault();
  };
  contents.on('will-frame-navigate', (event) => denyOffOrigin(event, false));
  contents.on('will-redirect', (event) => denyOffOrigin(event, true));
  contents.setWindowOpenHandler(({ url }) => {
    if (decideWindowOpen(url, current(origin)) === 'open-externally') void openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
