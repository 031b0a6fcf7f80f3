import 'client-only';
import { SESSION_EXPIRES_IN_HEADER } from '@/lib/contracts/headers';
import { getClientAuth, updateClientAuth } from './auth-store';
import { tellOtherTabs } from './tab-sync';

// The header counts whole seconds: an end that moved less than this is the same end, not news.
const SAME_END_MS = 1500;

/**
 * Session mode: every answer to this tab's cookie says how long the session has left
 * (Session-Expires-In). The idle warning counts down from it, and the other tabs hear of it,
 * since one tab's request slides the end for all of them.
 */
export function noteSessionExpiry(response: Response): void {
  const header = response.headers.get(SESSION_EXPIRES_IN_HEADER);
  if (header === null || getClientAuth().mode !== 'session') return;
  const seconds = Number(header);
  if (!Number.isFinite(seconds) || seconds < 0) return;
  const endsAt = Date.now() + seconds * 1000;
  const known = getClientAuth().sessionEndsAt;
  if (known !== null && Math.abs(known - endsAt) < SAME_END_MS) return;
  updateClientAuth({ sessionEndsAt: endsAt });
  tellOtherTabs({ type: 'session', endsAt });
}
