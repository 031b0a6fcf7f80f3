import 'client-only';
import { getClientAuth, updateClientAuth } from './auth-store';
import { forgetLogin } from './login-state';
import { leaveForLogin, leaveTo, switchedUrl } from './navigation';
import { listenToOtherTabs } from './tab-sync';

const isOnAuthPage = () => ['/login', '/signup'].includes(window.location.pathname);

/**
 * Follows what other tabs did; returns the function that stops listening. `onLogin` runs when
 * another tab logged in, for a tab that shows nobody logged in to catch up.
 */
export function startTabSync(onLogin: () => void): () => void {
  return listenToOtherTabs((message) => {
    if (message.type === 'token') {
      if (getClientAuth().mode === 'jwt') updateClientAuth({ accessToken: message.accessToken, refreshExpiresAt: message.refreshExpiresAt });
      return;
    }
    if (message.type === 'session') {
      if (getClientAuth().mode === 'session') updateClientAuth({ sessionEndsAt: message.endsAt });
      return;
    }
    if (message.type === 'login') {
      if (message.mode === getClientAuth().mode) onLogin();
      return;
    }
    forgetLogin();
    if (message.type === 'mode') return leaveTo(switchedUrl(message.mode));
    if (isOnAuthPage()) return;
    leaveForLogin(message.type === 'expired' ? 'expired' : 'loggedOut');
  });
}
