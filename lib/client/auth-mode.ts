// No 'client-only' guard yet: proxy.ts and app/layout.tsx import AUTH_MODE_COOKIE and parseAuthMode from
// here until the one cookie module (issue 16, server side) owns the name.
import { authModeSchema, type AuthMode } from '@/lib/validation/auth';

/**
 * The browser's chosen auth mode lives in a script-readable cookie (not localStorage) so that
 * server-rendered pages and proxy.ts know it too. It holds no secret, only a preference.
 */
import { AUTH_MODE_COOKIE } from '@/lib/cookies';

const ONE_YEAR = 365 * 24 * 60 * 60;

export function parseAuthMode(value: string | undefined | null): AuthMode | null {
  const parsed = authModeSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function writeAuthModeCookie(mode: AuthMode): void {
  const secure = window.location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${AUTH_MODE_COOKIE}=${mode}; Path=/; Max-Age=${ONE_YEAR}; SameSite=Lax${secure}`;
}

export const modeLabel = (mode: AuthMode) => (mode === 'session' ? 'Session cookie' : 'JWT');
