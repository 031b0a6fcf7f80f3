'use client';

import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '@/lib/client/api';
import { deviceLabel } from '@/lib/client/device';
import { Button, Card, formatTime, Notice } from '../ui';

type ActiveLogin = {
  id: string;
  kind: 'session' | 'jwt';
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  current: boolean;
};

const loadLogins = async () => (await api<{ sessions: ActiveLogin[] }>('/api/me/sessions')).sessions;

export function ActiveLogins({ className }: { className?: string }) {
  const [logins, setLogins] = useState<ActiveLogin[] | null>(null);
  const [result, setResult] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const show = useCallback((error: unknown) => {
    const message = errorMessage(error);
    if (message) setResult({ tone: 'error', text: message });
  }, []);

  useEffect(() => {
    let current = true;
    loadLogins().then((list) => current && setLogins(list), show);
    return () => {
      current = false;
    };
  }, [show]);

  async function act(key: string, action: () => Promise<string>) {
    setBusy(key);
    setResult(null);
    try {
      const text = await action();
      setLogins(await loadLogins());
      setResult({ tone: 'success', text });
    } catch (error) {
      show(error);
    } finally {
      setBusy(null);
    }
  }

  const revoke = (login: ActiveLogin) =>
    act(login.id, async () => {
      await api(`/api/me/sessions/${encodeURIComponent(login.id)}`, { method: 'DELETE' });
      return `Logged out ${deviceLabel(login.userAgent)}.`;
    });

  const revokeOthers = () =>
    act('others', async () => {
      const { revoked } = await api<{ revoked: number }>('/api/me/sessions', { method: 'DELETE' });
      return `Logged out ${revoked} other ${revoked === 1 ? 'login' : 'logins'}.`;
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
              <li key={login.id} className="flex flex-wrap items-start justify-between gap-3 py-3" aria-label={`${deviceLabel(login.userAgent)}${login.current ? ', this device' : ''}`}>
                <div className="text-sm">
                  <p className="font-medium">
                    {deviceLabel(login.userAgent)}{' '}
                    <span className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-700">{login.kind === 'session' ? 'Session' : 'JWT'}</span>
                    {login.current ? <span className="ml-1 rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-medium text-emerald-800">This device</span> : null}
                  </p>
                  <p className="text-slate-600">IP {login.ip ?? 'unknown'}</p>
                  <p className="text-slate-500">
                    Logged in {formatTime(login.createdAt)} · last used {formatTime(login.lastUsedAt)} · expires {formatTime(login.expiresAt)}
                  </p>
                </div>
                {login.current ? null : (
                  <Button variant="danger" disabled={busy !== null} onClick={() => revoke(login)} aria-label={`Log out ${deviceLabel(login.userAgent)} (${login.kind}, ${login.ip ?? 'unknown IP'})`}>
                    {busy === login.id ? 'Logging out…' : 'Log out'}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
        <Button variant="secondary" disabled={busy !== null || !logins || logins.every((login) => login.current)} onClick={revokeOthers}>
          {busy === 'others' ? 'Logging out…' : 'Log out all other devices'}
        </Button>
      </div>
    </Card>
  );
}
