'use client';

import { useEffect, useState } from 'react';
import { useClientAuth } from '@/lib/client/auth-store';
import { decodeJwtForDisplay } from '@/lib/client/jwt-display';
import { endLabAccount, jwtLogins, startLabLogins } from '@/lib/client/lab/logins';
import { expectBody, labRequest, type LabReply } from '@/lib/client/lab/request';
import { saveLabResult } from '@/lib/client/lab/results';
import { utf8Bytes } from '@/lib/client/lab/stats';
import { verifyInBrowser, withEditedPayload, type BrowserVerdict } from '@/lib/client/lab/xray';
import { labCredential, type LabCredential } from '@/lib/contracts/lab';
import { countdown, useNow } from '../settings/use-now';
import { Button } from '../ui';
import { ExperimentCard, useExperiment, type LabLock } from './experiment';

type XraySubject = { token: string; source: 'this tab' | 'a lab login'; cookie: LabCredential | null };

const CLAIM_MEANINGS: Record<string, string> = {
  sub: 'subject: the user id',
  role: 'the user’s role, so JWT requests need no database read for it',
  sid: 'the login (refresh-token family) this token belongs to',
  iss: 'issuer: who signed it',
  aud: 'audience: who it is for',
  iat: 'issued at',
  exp: 'expires at: refused from then on, revoked or not',
  jti: 'a unique id for this token',
};

// The lab account on show stays while it is looked at; the next X-ray deletes it (else the sweep does).
let shownLabToken: string | null = null;

export function TokenXray({ lock }: { lock: LabLock }) {
  const experiment = useExperiment<XraySubject>('xray', lock);
  const { mode, accessToken } = useClientAuth();

  const inspectLab = () =>
    experiment.run(async () => {
      if (shownLabToken) await endLabAccount([{ kind: 'jwt', token: shownLabToken }, { kind: 'session' }]);
      shownLabToken = null;
      const started = await startLabLogins(['session', 'jwt']);
      const token = jwtLogins(started)[0]!.access_token;
      const cookie = expectBody(await labRequest('/api/lab/credential', { kind: 'session' }), 200, labCredential);
      shownLabToken = token;
      if (cookie.mode === 'session') saveLabResult('xray', { at: Date.now(), cookieBytes: cookie.cookie.bytes, tokenBytes: utf8Bytes(token) });
      return { token, source: 'a lab login', cookie };
    });
  const inspectTab = () => experiment.run(async () => ({ token: accessToken!, source: 'this tab', cookie: null }));

  const actions = [{ label: 'X-ray a lab login', onRun: () => void inspectLab() }];
  if (mode === 'jwt' && accessToken) actions.push({ label: 'X-ray this tab’s access token', onRun: () => void inspectTab() });

  return (
    <ExperimentCard
      title="4. Token X-ray"
      lead={
        <p>
          An access token taken apart as jwt.io does, its signature checked here in the browser with the public key from{' '}
          <code>/.well-known/jwks.json</code>. Edit a claim and watch both the browser&apos;s check and the server refuse it. Beside it,
          the session cookie: what the browser holds and what the server keeps.
        </p>
      }
      experiment={experiment}
      actions={actions}
    >
      {experiment.result ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <TokenView key={experiment.result.token} subject={experiment.result} />
          {experiment.result.cookie?.mode === 'session' ? <CookieView credential={experiment.result.cookie} /> : null}
        </div>
      ) : null}
    </ExperimentCard>
  );
}

function TokenView({ subject }: { subject: XraySubject }) {
  const now = useNow();
  const decoded = decodeJwtForDisplay(subject.token);
  const [payloadText, setPayloadText] = useState(() => JSON.stringify(decoded?.payload ?? {}, null, 2));
  const edited = withEditedPayload(subject.token, payloadText);
  const [original, setOriginal] = useState<BrowserVerdict | null>(null);
  const [current, setCurrent] = useState<BrowserVerdict | null>(null);
  const [server, setServer] = useState<LabReply | null>(null);

  useEffect(() => {
    void verifyInBrowser(subject.token).then(setOriginal);
  }, [subject.token]);
  useEffect(() => {
    let live = true;
    if (edited) void verifyInBrowser(edited).then((verdict) => live && setCurrent(verdict));
    return () => {
      live = false;
    };
  }, [edited]);

  if (!decoded) return <p>This token cannot be decoded.</p>;
  const [header, payload, signature] = subject.token.split('.');
  const changed = edited !== null && edited !== subject.token;
  return (
    <div className="min-w-0 space-y-3" data-testid="xray-token">
      <h3 className="font-semibold">The access token of {subject.source}</h3>
      <p className="break-all rounded bg-slate-900 p-3 font-mono text-xs leading-relaxed">
        <span className="text-rose-300">{header}</span>.<span className="text-violet-300">{payload}</span>.<span className="text-sky-300">{signature}</span>
      </p>
      <pre className="overflow-x-auto rounded bg-rose-50 p-2 text-xs">{JSON.stringify(decoded.header, null, 2)}</pre>
      <dl className="divide-y divide-slate-100 text-xs">
        {Object.entries(decoded.payload).map(([claim, value]) => (
          <div key={claim} className="grid grid-cols-3 gap-2 py-1">
            <dt className="font-mono text-violet-700">{claim}</dt>
            <dd className="col-span-2 break-all">
              {String(value)} <span className="text-slate-500">— {CLAIM_MEANINGS[claim] ?? 'a claim of its own'}</span>
              {claim === 'exp' && decoded.expiresAt ? <strong data-testid="xray-countdown"> ({countdown(decoded.expiresAt, now)} left)</strong> : null}
            </dd>
          </div>
        ))}
      </dl>
      <Verdict label="Browser check of the original" verdict={original} testId="xray-original-verdict" />
      <label className="block text-sm font-medium" htmlFor="xray-payload">
        Edit the payload (the signature stays the original one)
      </label>
      <textarea id="xray-payload" rows={8} className="block w-full rounded-md border border-slate-300 p-2 font-mono text-xs" value={payloadText} onChange={(event) => setPayloadText(event.target.value)} />
      {edited === null ? <p className="text-red-700">Not a JSON object.</p> : <Verdict label={changed ? 'Browser check of the edited token' : 'Browser check (unchanged)'} verdict={current} testId="xray-edited-verdict" />}
      <Button variant="secondary" disabled={edited === null} onClick={() => edited && void labRequest('/api/lab/me', { kind: 'jwt', token: edited }).then(setServer)}>
        Send the {changed ? 'edited' : ''} token to the server
      </Button>
      {server ? (
        <p data-testid="xray-server-verdict">
          Server: {server.status} {server.errorCode ?? 'ok'}
          {server.tokenError ? ` (${server.tokenError})` : ''}
        </p>
      ) : null}
    </div>
  );
}

function Verdict({ label, verdict, testId }: { label: string; verdict: BrowserVerdict | null; testId: string }) {
  return (
    <p data-testid={testId}>
      {label}:{' '}
      {verdict === null ? 'checking…' : verdict.valid ? <strong className="text-emerald-700">signature valid</strong> : <strong className="text-red-700">invalid: {verdict.reason}</strong>}
    </p>
  );
}

function CookieView({ credential }: { credential: Extract<LabCredential, { mode: 'session' }> }) {
  const { cookie, stored } = credential;
  const visible = typeof document !== 'undefined' && document.cookie.split('; ').some((pair) => pair.startsWith(`${cookie.name}=`));
  return (
    <div className="min-w-0 space-y-3" data-testid="xray-cookie">
      <h3 className="font-semibold">The lab session cookie</h3>
      <p>
        <strong>What the browser holds:</strong> <code>{cookie.name}</code>, {cookie.bytes} bytes sealed by iron-session (encrypted
        and signed: opaque). Page scripts {visible ? 'CAN' : 'cannot'} read it (<code>document.cookie</code> does not list it). As
        the server set it: HttpOnly {cookie.httpOnly ? 'yes' : 'no'}, Secure {cookie.secure ? 'yes' : 'no (plain http here)'},
        SameSite={cookie.sameSite}, Path={cookie.path}.
      </p>
      <p>
        <strong>What the server holds:</strong> a <code>{stored.table}</code> row <code>{stored.id}</code> with only the SHA-256 of
        the token inside the seal:
      </p>
      <p className="break-all rounded bg-slate-100 p-2 font-mono text-xs" data-testid="xray-token-hash">
        {stored.tokenHash}
      </p>
      <p className="text-xs text-slate-500">
        Idle expiry {stored.idleExpiresAt.toLocaleString()}; the lab account is deleted by the next X-ray, or by the clean-up within 15 minutes.
      </p>
    </div>
  );
}
