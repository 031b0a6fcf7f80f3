'use client';

import { useState } from 'react';
import { runRevocation, type RevocationPoint, type RevocationResult } from '@/lib/client/lab/revocation';
import { saveLabResult } from '@/lib/client/lab/results';
import { Timeline } from './charts';
import { ExperimentCard, useExperiment, type LabLock } from './experiment';

const LANES: Record<RevocationPoint['credential'], string> = { session: 'Session', jwt: 'Access token', refresh: 'Refresh' };
const seconds = (value: number) => `${value.toFixed(1)} s`;

export function RevocationExperiment({ lock }: { lock: LabLock }) {
  const experiment = useExperiment<RevocationResult>('revocation', lock);
  const [live, setLive] = useState<RevocationPoint[]>([]);

  const onRun = () =>
    experiment.run(async () => {
      setLive([]);
      const result = await runRevocation((point) => setLive((points) => [...points, point]));
      saveLabResult('revocation', {
        at: Date.now(),
        sessionRefusedAfterRequests: result.sessionFirstRefusal?.request ?? null,
        jwtRefusedAfterSeconds: result.jwtFirstRefusal?.seconds ?? null,
        jwtAcceptedRequests: result.points.filter((point) => point.credential === 'jwt' && point.status === 200).length,
        refreshRefused: result.refreshStatus === 401,
      });
      return result;
    });

  const points = experiment.result?.points ?? live;
  return (
    <ExperimentCard
      title="2. Revocation stopwatch"
      lead={
        <p>
          A throwaway account logs in with a session, a JWT login and a third &quot;device&quot;, which presses &quot;log out other
          devices&quot; (<code>DELETE /api/me/sessions</code>). Then both revoked credentials call the API once a second until the
          access token has been refused twice. Lab access tokens live at most 30 s (the server&apos;s lifetime if shorter).
        </p>
      }
      experiment={experiment}
      actions={[{ label: 'Run revocation stopwatch', onRun: () => void onRun() }]}
    >
      {points.length > 0 ? (
        <Timeline
          title="Requests after the revocation: green accepted, red refused"
          lanes={Object.values(LANES)}
          dots={points.map((point) => ({ lane: LANES[point.credential], seconds: point.seconds, ok: point.status === 200 }))}
          markers={revocationMarkers(experiment.result)}
        />
      ) : null}
      {experiment.running ? (
        <p data-testid="revocation-live">
          {points.filter((point) => point.credential === 'jwt' && point.status === 200).length} access-token requests accepted so far
        </p>
      ) : null}
      {experiment.result ? <RevocationSummary result={experiment.result} /> : null}
    </ExperimentCard>
  );
}

function revocationMarkers(result: RevocationResult | null) {
  if (!result) return [];
  const markers = [{ seconds: result.jwtExpiresAfterSeconds, label: `token exp ${seconds(result.jwtExpiresAfterSeconds)}` }];
  if (result.jwtFirstRefusal) markers.push({ seconds: result.jwtFirstRefusal.seconds, label: `first token refusal ${seconds(result.jwtFirstRefusal.seconds)}` });
  return markers;
}

function RevocationSummary({ result }: { result: RevocationResult }) {
  const accepted = result.points.filter((point) => point.credential === 'jwt' && point.status === 200).length;
  return (
    <dl className="grid gap-2 sm:grid-cols-2" data-testid="revocation-result">
      <div>
        <dt className="font-medium">Logins revoked</dt>
        <dd>{result.revoked}</dd>
      </div>
      <div>
        <dt className="font-medium">Session</dt>
        <dd data-testid="revocation-session">
          {result.sessionFirstRefusal
            ? `refused on request ${result.sessionFirstRefusal.request} after the revocation (${seconds(result.sessionFirstRefusal.seconds)})`
            : 'never refused'}
        </dd>
      </div>
      <div>
        <dt className="font-medium">Access token</dt>
        <dd data-testid="revocation-jwt">
          accepted {accepted} times;{' '}
          {result.jwtFirstRefusal ? `first refused at ${seconds(result.jwtFirstRefusal.seconds)}` : 'never refused'} (its exp:{' '}
          {seconds(result.jwtExpiresAfterSeconds)})
        </dd>
      </div>
      <div>
        <dt className="font-medium">Its refresh right after the revocation</dt>
        <dd data-testid="revocation-refresh">{result.refreshStatus === 401 ? 'refused (401)' : `answered ${result.refreshStatus}`}</dd>
      </div>
      <p className="text-xs text-slate-500 sm:col-span-2">The account was {result.cleanup}.</p>
    </dl>
  );
}
