import 'server-only';
import { currentDate } from '@/lib/clock';
import { insertAuthEvent } from '@/lib/db/hot-login';
import type { AuthMode } from '@/lib/validation/auth';
import type { ClientInfo } from './client-info';

export type AuthEventType =
  | 'signup'
  | 'login'
  | 'login_failed'
  | 'logout'
  | 'refresh'
  | 'refresh_reuse_detected'
  | 'dpop_key_mismatch'
  | 'session_revoked'
  | 'family_revoked'
  | 'password_changed'
  | 'reauthenticated'
  | 'reauthentication_failed'
  | 'login_ended_by_limit';

type AuthEventInput = {
  type: AuthEventType;
  mode?: AuthMode;
  userId?: string | null;
  email?: string | null;
  client?: ClientInfo;
  detail?: string;
};

/** Appends to the audit trail (one driver insert: every login and refresh writes one, lib/db/hot-login.ts). */
export async function recordAuthEvent(event: AuthEventInput): Promise<void> {
  await insertAuthEvent({
    type: event.type,
    mode: event.mode ?? null,
    userId: event.userId ?? null,
    email: event.email ?? null,
    ip: event.client?.ip ?? null,
    userAgent: event.client?.userAgent ?? null,
    detail: event.detail ?? null,
    createdAt: currentDate(),
  });
}
