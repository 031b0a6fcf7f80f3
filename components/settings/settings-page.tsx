'use client';

import { useState } from 'react';
import { errorMessage } from '@/lib/client/api-error';
import { switchMode } from '@/lib/client/auth-actions';
import { modeLabel } from '@/lib/client/auth-mode';
import { useClientAuth } from '@/lib/client/auth-store';
import type { AuthMode } from '@/lib/validation/auth';
import { useAuth } from '../auth-provider';
import { Button, Card, formatTime, Notice, PageTitle, TableHead } from '../ui';
import { AccessTokenView } from './access-token-view';
import { DpopBindingView, TokenBindingSwitch } from './dpop-binding';
import { countdown, useNow } from './use-now';

export type SessionCookieInfo = { name: string; bytes: number } | null;

export function SettingsPage({ sessionCookie }: { sessionCookie: SessionCookieInfo }) {
  const { mode } = useAuth();
  return (
    <>
      <PageTitle lead="Choose how this browser stays logged in, and see exactly what it holds.">Settings</PageTitle>
      <div className="grid gap-6">
        <ModeSwitch />
        <TokenBindingSwitch mode={mode} />
        <Credentials sessionCookie={sessionCookie} />
        <TimingLedger />
      </div>
    </>
  );
}

function ModeSwitch() {
  const { mode } = useAuth();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const other: AuthMode = mode === 'session' ? 'jwt' : 'session';

  async function onSwitch() {
    setBusy(true);
    setProblem(null);
    try {
      await switchMode(other);
    } catch (error) {
      setProblem(errorMessage(error));
      setBusy(false);
    }
  }

  return (
    <Card title="Auth mode">
      <div className="space-y-3 text-sm">
        <p>
          This browser uses <strong data-testid="settings-mode">{modeLabel(mode)}</strong> mode.{' '}
          {mode === 'session'
            ? 'The server keeps a session row; the browser sends an HttpOnly cookie with every request.'
            : 'The page holds a short-lived access token in memory and sends it in the Authorization header (with a DPoP proof when bound); an HttpOnly cookie holds the refresh token.'}
        </p>
        <p className="text-slate-600">Switching logs you out of the current mode; you then log in again in the other one.</p>
        {problem ? <Notice tone="error">{problem}</Notice> : null}
        <Button onClick={onSwitch} disabled={busy}>
          {busy ? 'Switching…' : `Switch to ${modeLabel(other)} mode`}
        </Button>
      </div>
    </Card>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-1 py-2 sm:grid-cols-3">
      <dt className="font-medium text-slate-600">{label}</dt>
      <dd className="break-all sm:col-span-2">{children}</dd>
    </div>
  );
}

function Credentials({ sessionCookie }: { sessionCookie: SessionCookieInfo }) {
  const auth = useAuth();
  const { accessToken, refreshExpiresAt } = useClientAuth();
  const now = useNow();

  if (auth.status !== 'authenticated') {
    return (
      <Card title="What this browser holds">
        <p className="text-sm text-slate-600">{auth.status === 'loading' ? 'Loading…' : 'Nothing: you are not logged in.'}</p>
      </Card>
    );
  }

  const login = auth.me.auth;
  if (login.mode === 'session') {
    return (
      <Card title="What this browser holds: a session cookie">
        <dl className="divide-y divide-slate-100 text-sm">
          <Row label="Cookie name">{sessionCookie ? <code>{sessionCookie.name}</code> : 'not sent with this page'}</Row>
          <Row label="Cookie size">{sessionCookie ? `${sessionCookie.bytes} bytes (HttpOnly: scripts cannot read it)` : '–'}</Row>
          <Row label="Session created">{formatTime(login.session.createdAt)}</Row>
          <Row label="Last seen by the server">{formatTime(login.session.lastSeenAt)}</Row>
          <Row label="Idle expiry">
            {formatTime(login.session.idleExpiresAt)} (in {countdown(login.session.idleExpiresAt.getTime(), now)})
          </Row>
          <Row label="Absolute expiry">
            {formatTime(login.session.absoluteExpiresAt)} (in {countdown(login.session.absoluteExpiresAt.getTime(), now)})
          </Row>
        </dl>
      </Card>
    );
  }

  return (
    <Card title="What this browser holds: JSON Web Tokens">
      <div className="space-y-4 text-sm">
        {accessToken ? <AccessTokenView token={accessToken} now={now} /> : <p>No access token in memory yet; the next API call gets one.</p>}
        {accessToken ? <DpopBindingView token={accessToken} /> : null}
        <dl className="divide-y divide-slate-100">
          <Row label="Refresh token">HttpOnly cookie sent only to /api/auth/jwt: scripts cannot read it.</Row>
          <Row label="Refresh token expires">
            {refreshExpiresAt ? (
              <>
                {formatTime(refreshExpiresAt)} (in <span data-testid="refresh-countdown">{countdown(refreshExpiresAt, now)}</span>, as the server reported)
              </>
            ) : (
              'unknown until the next refresh'
            )}
          </Row>
        </dl>
      </div>
    </Card>
  );
}

function TimingLedger() {
  const { lastTiming } = useClientAuth();
  const { status, reload } = useAuth();
  return (
    <Card title="Cost of the last API call (Server-Timing)">
      {status === 'authenticated' ? (
        // In JWT mode this shows a refresh happen once the access token has expired.
        <Button variant="secondary" className="mb-3" onClick={() => void reload()}>
          Call GET /api/me now
        </Button>
      ) : null}
      {lastTiming ? (
        <div className="space-y-2 text-sm">
          <p>
            <code>
              {lastTiming.method} {lastTiming.path}
            </code>{' '}
            → {lastTiming.status}
          </p>
          <table className="w-full text-left">
            <TableHead className="text-slate-600" cellClassName="py-1 font-medium" columns={['Metric', 'Duration', 'Detail']} />
            <tbody>
              {lastTiming.metrics.map((metric) => (
                <tr key={metric.name} className="border-t border-slate-100">
                  <th scope="row" className="py-1 font-mono font-normal">{metric.name}</th>
                  <td className="py-1 tabular-nums">{metric.duration === null ? '–' : `${metric.duration.toFixed(2)} ms`}</td>
                  <td className="py-1">{metric.description ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm text-slate-600">No API call yet.</p>
      )}
    </Card>
  );
}
