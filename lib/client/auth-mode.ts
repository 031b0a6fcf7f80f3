import 'client-only';
import { authModeCookieString } from '@/lib/cookies';
import type { AuthMode } from '@/lib/validation/auth';

export function writeAuthModeCookie(mode: AuthMode): void {
  document.cookie = authModeCookieString(mode, window.location.protocol === 'https:');
}

export const modeLabel = (mode: AuthMode) => (mode === 'session' ? 'Session cookie' : 'JWT');
