'use client';

import { useCallback, useEffect, useState } from 'react';
import { api } from '@/lib/client/api';
import { ApiError, errorMessage, STEP_UP_CODE } from '@/lib/client/api-error';
import { deviceLabel } from '@/lib/client/device';
import { noBody } from '@/lib/contracts/endpoints';
import { revokedResponse, sessionsResponse, type ActiveLogin } from '@/lib/contracts/me';
import { Button, Card, formatTime, Notice } from '../ui';
import { StepUpDialog } from './step-up-dialog';

type Result = { tone: 'error' | 'success'; text: string };

/** A sensitive action on the list: `what` completes "To … , enter your password again". */
type LoginAction = { key: string; what: string; run: () => Promise<string> };

const loadLogins = async () => (await api('/api/me/sessions', sessionsResponse)).sessions;

export function ActiveLogins({ className }: { className?: string }) {
  const [logins, setLogins] = useState<ActiveLogin[] | null>(null);
  const { result, busy, show, act, stepUp } = useLoginActions(setLogins);

  useEffect(() => {
    let current = true;
    loadLogins().then((list) => current && setLogins(list), show);
    return () => {
      current = false;
    };
  }, [show]);

  const revoke = (login: ActiveLogin) =>
    act({
      key: login.id,
      what: `log out ${deviceLabel(login.userAgent)}`,
      run: async () => {
        await api(`/api/me/sessions/${encodeURIComponent(login.id)}`, noBody, { method: 'DELETE' });
        return `Logged out ${deviceLabel(login.userAgent)}.`;
      },
    });

  const revokeOthers = () =>
    act({
      key: 'others',
      what: 'log out all other devices',
      run: async () => {
        const { revoked } = await api('/api/me/sessions', revokedResponse, { method: 'DELETE' });
        return `Logged out ${revoked} other ${revoked === 1 ? 'login' : 'logins'}.`;
      },
    });

  return (
    <Card title="Where you are logged in" className={className}>
      <div className="space-y-4">
        {result ? <Notice tone={result.tone}>{result.text}</Notice> : null}
        {logins === null ? (
          <p className="text-sm text-slate-500">Loading…</p>
        ) : (
          <ul className="divide-y divide-slate-200" aria-label="Active logins">
            {logins.map((login) => (
              <LoginItem key={login.id} login={login} busy={busy} onRevoke={() => revoke(login)} />
            ))}
          </ul>
        )}
        <Button variant="secondary" disabled={busy !== null || !logins || logins.every((login) => login.current)} onClick={revokeOthers}>
          {busy === 'others' ? 'Logging out…' : 'Log out all other devices'}
        </Button>
      </div>
      <StepUpDialog {...stepUp} />
    </Card>
  );
}

/**
 * Runs the list's actions and shows their outcome. An action refused because the login's last
 * password check is too old opens the step-up dialog; once the password is confirmed the action
 * runs once more, and a second refusal is shown like any other error.
 */
function useLoginActions(setLogins: (logins: ActiveLogin[]) => void) {
  const [result, setResult] = useState<Result | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // The action waiting for the password, and the button that started it (disabled while busy, so
  // the browser dropped its focus): the dialog gives focus back to it when it closes.
  const [waiting, setWaiting] = useState<{ action: LoginAction; opener: HTMLElement | null } | null>(null);

  const show = useCallback((error: unknown) => {
    const message = errorMessage(error);
    if (message) setResult({ tone: 'error', text: message });
  }, []);

  async function act(action: LoginAction, retried = false) {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setBusy(action.key);
    setResult(null);
    try {
      const text = await action.run();
      setLogins(await loadLogins());
      setResult({ tone: 'success', text });
    } catch (error) {
      if (!retried && error instanceof ApiError && error.code === STEP_UP_CODE) setWaiting({ action, opener });
      else show(error);
    } finally {
      setBusy(null);
    }
  }

  const stepUp = {
    open: waiting !== null,
    action: waiting?.action.what ?? '',
    opener: waiting?.opener ?? null,
    onConfirmed: () => {
      setWaiting(null);
      if (waiting) void act(waiting.action, true);
    },
    onCancel: () => setWaiting(null),
  };
  return { result, busy, show, act, stepUp };
}

function LoginItem({ login, busy, onRevoke }: { login: ActiveLogin; busy: string | null; onRevoke: () => void }) {
  const device = deviceLabel(login.userAgent);
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-3" aria-label={`${device}${login.current ? ', this device' : ''}`}>
      <div className="text-sm">
        <p className="font-medium">
          {device}{' '}
          <span className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-700">{login.kind === 'session' ? 'Session' : 'JWT'}</span>
          {login.current ? <span className="ml-1 rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-medium text-emerald-800">This device</span> : null}
        </p>
        <p className="text-slate-600">IP {login.ip ?? 'unknown'}</p>
        <p className="text-slate-500">
          Logged in {formatTime(login.createdAt)} · last used {formatTime(login.lastUsedAt)} · expires {formatTime(login.expiresAt)}
        </p>
      </div>
      {login.current ? null : (
        <Button variant="danger" disabled={busy !== null} onClick={onRevoke} aria-label={`Log out ${device} (${login.kind}, ${login.ip ?? 'unknown IP'})`}>
          {busy === login.id ? 'Logging out…' : 'Log out'}
        </Button>
      )}
    </li>
  );
}
