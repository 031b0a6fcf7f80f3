'use client';

import { saveLabResult } from '@/lib/client/lab/results';
import { runStolenRefresh, type Actor, type StolenResult } from '@/lib/client/lab/stolen-refresh';
import { ExperimentCard, useExperiment, type LabLock } from './experiment';

const who = (actor: Actor) => (actor === 'victim' ? 'Victim' : 'Attacker');
const time = (date: Date) =>
  date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hour12: false });

export function StolenRefreshExperiment({ lock }: { lock: LabLock }) {
  const experiment = useExperiment<StolenResult>('stolen', lock);
  const onRun = (first: Actor) =>
    experiment.run(async () => {
      const result = await runStolenRefresh(first);
      const reuseEvents = result.events.filter((event) => event.type === 'refresh_reuse_detected').length;
      saveLabResult('stolen', { at: Date.now(), familyRevoked: result.familyRevoked, reuseEvents });
      return result;
    });

  return (
    <ExperimentCard
      title="3. Stolen refresh token"
      lead={
        <>
          <p>
            A throwaway JWT login; an attacker copies its refresh token. One side refreshes (twice: until the successor is used,
            the grace window, 10 s by default, would give a replay that same successor, which is what keeps two tabs working), then the
            other side presents the copy. Refreshes send the token in the <code>Authorization</code> header, so no cookie of this tab
            is touched.
          </p>
        </>
      }
      experiment={experiment}
      actions={[
        { label: 'Run: victim refreshes first', onRun: () => void onRun('victim') },
        { label: 'Run: attacker refreshes first', onRun: () => void onRun('attacker') },
      ]}
    >
      {experiment.result ? <StolenResultView result={experiment.result} /> : null}
    </ExperimentCard>
  );
}

function StolenResultView({ result }: { result: StolenResult }) {
  return (
    <div className="space-y-4" data-testid="stolen-result">
      <ol className="space-y-1">
        {result.steps.map((step, index) => (
          <li key={index} className={`flex flex-wrap gap-x-2 border-l-4 pl-2 ${step.status === 200 ? 'border-emerald-500' : 'border-red-500'}`}>
            <span className="font-medium">{who(step.actor)}</span>
            <span>{step.action}:</span>
            <span className="tabular-nums" data-testid="stolen-step-status">
              {step.status}
              {step.detail ? ` ${step.detail}` : ''}
            </span>
            <span className="text-slate-500 tabular-nums">+{step.ms.toFixed(0)} ms</span>
          </li>
        ))}
      </ol>
      <p data-testid="stolen-verdict">
        {result.familyRevoked
          ? `Reuse detected: the whole login was revoked, so the ${result.firstActor}'s newest refresh token was refused too.`
          : 'The family was not revoked.'}
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-xs">
          <caption className="mb-1 text-left font-medium">Audit events recorded for this account (AuthEvent rows)</caption>
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-2 font-medium">Time</th>
              <th scope="col" className="py-1 pr-2 font-medium">Type</th>
              <th scope="col" className="py-1 font-medium">Detail</th>
            </tr>
          </thead>
          <tbody>
            {result.events.map((event, index) => (
              <tr key={index} className="border-t border-slate-100" data-testid="stolen-event">
                <td className="py-1 pr-2 tabular-nums">{time(event.createdAt)}</td>
                <td className="py-1 pr-2 font-mono">{event.type}</td>
                <td className="py-1 break-all">{event.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-xs text-slate-500">The events were read with the newest access token, which still works: access tokens are not revocable. The account was {result.cleanup}.</p>
    </div>
  );
}
