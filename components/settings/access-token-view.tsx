'use client';

import { decodeJwtForDisplay } from '@/lib/client/jwt-display';
import { formatTime } from '../ui';
import { countdown } from './use-now';

const TIME_CLAIMS = { iat: 'issued at', exp: 'expires at', nbf: 'not before' } as const;

/** The payload's time claims are seconds since 1970; people read dates. */
function TimeClaims({ payload }: { payload: Record<string, unknown> }) {
  const times = Object.entries(TIME_CLAIMS).flatMap(([claim, meaning]) => {
    const value = payload[claim];
    return typeof value === 'number' ? [{ claim, meaning, value }] : [];
  });
  if (times.length === 0) return null;
  return (
    <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 text-xs">
      {times.map(({ claim, meaning, value }) => (
        <div key={claim} className="contents">
          <dt className="font-mono text-slate-600">{claim}</dt>
          <dd data-testid={`claim-${claim}`}>
            {meaning}: {formatTime(value * 1000)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The access token as jwt.io shows it: the three parts, decoded, with the time left. */
export function AccessTokenView({ token, now }: { token: string; now: number }) {
  const decoded = decodeJwtForDisplay(token);
  if (!decoded) return <p>The access token in memory could not be decoded.</p>;
  const [header, payload, signature] = token.split('.');
  const lifetime = typeof decoded.payload.iat === 'number' && decoded.expiresAt ? decoded.expiresAt - decoded.payload.iat * 1000 : null;
  const left = decoded.expiresAt ? Math.max(0, decoded.expiresAt - now) : 0;
  return (
    <div className="space-y-3">
      <h3 className="font-semibold">Access token (in page memory only)</h3>
      <p className="break-all rounded bg-slate-900 p-3 font-mono text-xs leading-relaxed">
        <span className="text-rose-300">{header}</span>
        <span className="font-bold text-white">.</span>
        <span className="text-violet-300">{payload}</span>
        <span className="font-bold text-white">.</span>
        <span className="text-sky-300">{signature}</span>
      </p>
      <div className="grid gap-3 md:grid-cols-2">
        <div className="min-w-0">
          <h4 className="text-xs font-semibold uppercase text-rose-700">Header</h4>
          <pre className="mt-1 whitespace-pre-wrap break-all rounded bg-slate-100 p-2 text-xs">{JSON.stringify(decoded.header, null, 2)}</pre>
        </div>
        <div className="min-w-0">
          <h4 className="text-xs font-semibold uppercase text-violet-700">Payload</h4>
          <pre className="mt-1 whitespace-pre-wrap break-all rounded bg-slate-100 p-2 text-xs">{JSON.stringify(decoded.payload, null, 2)}</pre>
          <TimeClaims payload={decoded.payload} />
        </div>
      </div>
      <div>
        <h4 className="text-xs font-semibold uppercase text-sky-700">Signature (EdDSA, verified by the server only)</h4>
        <p className="mt-1 break-all font-mono text-xs">{decoded.signature}</p>
      </div>
      {decoded.expiresAt ? (
        <div>
          <label htmlFor="access-token-left" className="block">
            Expires in <strong data-testid="access-countdown">{countdown(decoded.expiresAt, now)}</strong> ({new Date(decoded.expiresAt).toLocaleTimeString()})
          </label>
          <progress id="access-token-left" className="mt-1 h-2 w-full accent-indigo-600" max={lifetime ?? 1} value={lifetime ? Math.min(left, lifetime) : 0} />
        </div>
      ) : null}
    </div>
  );
}
