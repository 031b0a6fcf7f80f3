'use client';

import { useEffect, useState } from 'react';
import { errorMessage } from '@/lib/client/api-error';
import { setTokenBinding } from '@/lib/client/auth-actions';
import { browserKey, dpopSupported, privateKeyExportRefusal, readBindingPreference } from '@/lib/client/dpop';
import { decodeJwtForDisplay } from '@/lib/client/jwt-display';
import type { AuthMode } from '@/lib/validation/auth';
import { Card, Notice } from '../ui';

/** The "bind my tokens to this browser" choice (DPoP, RFC 9449); it applies from the next JWT login. */
export function TokenBindingSwitch({ mode }: { mode: AuthMode }) {
  const [supported, setSupported] = useState<boolean | null>(null);
  const [on, setOn] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let active = true;
    void dpopSupported().then((result) => {
      if (!active) return;
      setSupported(result);
      setOn(result && readBindingPreference());
    });
    return () => {
      active = false;
    };
  }, []);

  // Busy while the JWT login ends: a second change then would race the first one's logout.
  async function onChange(next: boolean) {
    setProblem(null);
    setOn(next);
    setBusy(true);
    try {
      await setTokenBinding(next);
    } catch (error) {
      setOn(!next);
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title="Token binding (DPoP)">
      <div className="space-y-3 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={on} disabled={!supported || busy} onChange={(event) => void onChange(event.target.checked)} />
          Bind my tokens to this browser
        </label>
        <p className="text-slate-600">
          {supported === false
            ? 'This browser cannot keep a non-exportable ES256 key in IndexedDB, so its tokens are plain Bearer tokens.'
            : 'In JWT mode the tokens are then bound to a key this browser made and cannot export: a copied access or refresh token is refused without it. Changing this logs you out of JWT mode.'}
        </p>
        {mode === 'session' ? <p className="text-slate-600">Session mode does not use it; it applies when you log in in JWT mode.</p> : null}
        {problem ? <Notice tone="error">{problem}</Notice> : null}
      </div>
    </Card>
  );
}

type KeyFacts = { jkt: string; exportRefusal: string };

/** What binds the access token in memory to this browser: cnf.jkt, the browser key's thumbprint, and that key's refusal to be exported. */
export function DpopBindingView({ token }: { token: string }) {
  const jkt = boundKeyOf(token);
  const [facts, setFacts] = useState<KeyFacts | null>(null);

  useEffect(() => {
    if (jkt === null) return;
    let active = true;
    void browserKey()
      .then(async (key) => ({ jkt: key.jkt, exportRefusal: await privateKeyExportRefusal(key.privateKey) }))
      .then((result) => {
        if (active) setFacts(result);
      });
    return () => {
      active = false;
    };
  }, [jkt]);

  if (jkt === null) return <p data-testid="dpop-binding">Not bound: a Bearer token, usable by whoever holds a copy.</p>;
  return (
    <div className="space-y-1 break-all">
      <p data-testid="dpop-binding">
        Bound to a DPoP key: <code>cnf.jkt = {jkt}</code>
      </p>
      {facts ? (
        <>
          <p>
            This browser&apos;s key: <code data-testid="browser-key-jkt">{facts.jkt}</code> {facts.jkt === jkt ? '(the same key)' : '(another key!)'}
          </p>
          <p>
            Exporting its private key (<code>crypto.subtle.exportKey</code>): <span data-testid="private-key-export">{facts.exportRefusal}</span>
          </p>
        </>
      ) : null}
    </div>
  );
}

function boundKeyOf(token: string): string | null {
  const cnf = decodeJwtForDisplay(token)?.payload.cnf;
  if (typeof cnf !== 'object' || cnf === null || !('jkt' in cnf) || typeof cnf.jkt !== 'string') return null;
  return cnf.jkt;
}
