'use client';

import { runInstances, type InstancesResult } from '@/lib/client/lab/instances';
import { saveLabResult } from '@/lib/client/lab/results';
import { ExperimentCard, useExperiment, type LabLock } from './experiment';

const ROUNDS = 20;

export function InstancesExperiment({ lock }: { lock: LabLock }) {
  const experiment = useExperiment<InstancesResult>('instances', lock);
  const onRun = () =>
    experiment.run(async (onProgress) => {
      const result = await runInstances(ROUNDS, onProgress);
      const sum = (pick: (row: InstancesResult['rows'][number]) => number) => result.rows.reduce((total, row) => total + pick(row), 0);
      saveLabResult('instances', { at: Date.now(), instances: result.rows.length, sessionOk: sum((row) => row.session.ok), jwtOk: sum((row) => row.jwt.ok), total: result.total });
      return result;
    });

  return (
    <ExperimentCard
      title="5. Several instances"
      lead={
        <p>
          Every response names the process that answered (<code>X-Instance</code>). {ROUNDS} rounds of a session request, a JWT
          request and one with no credential, tallied by instance. Run the app as a cluster (<code>npm run cluster</code>) to see
          more than one: a session is accepted everywhere only because every instance looks it up in the shared database (its
          query), a token because every instance has the public key (no query).
        </p>
      }
      experiment={experiment}
      actions={[{ label: 'Run instance tally', onRun: () => void onRun() }]}
    >
      {experiment.result ? <InstancesTable result={experiment.result} /> : null}
    </ExperimentCard>
  );
}

function InstancesTable({ result }: { result: InstancesResult }) {
  const cell = (tally: { ok: number; refused: number; queries: number }) => {
    const requests = tally.ok + tally.refused;
    return `${tally.ok} ok, ${tally.refused} refused · ${requests ? (tally.queries / requests).toFixed(1) : '–'} q/req`;
  };
  return (
    <div className="space-y-2" data-testid="instances-result">
      <p data-testid="instances-count">
        {result.rows.length} {result.rows.length === 1 ? 'instance' : 'instances'} answered {result.total * 3} requests.
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-xs">
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-2 font-medium">Instance</th>
              <th scope="col" className="py-1 pr-2 font-medium">Session</th>
              <th scope="col" className="py-1 pr-2 font-medium">JWT</th>
              <th scope="col" className="py-1 font-medium">No credential</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((row) => (
              <tr key={row.instance} className="border-t border-slate-100" data-testid="instance-row">
                <th scope="row" className="py-1 pr-2 font-mono font-normal break-all">{row.instance}</th>
                <td className="py-1 pr-2" data-testid="instance-session">{cell(row.session)}</td>
                <td className="py-1 pr-2" data-testid="instance-jwt">{cell(row.jwt)}</td>
                <td className="py-1" data-testid="instance-none">{cell(row.none)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-xs text-slate-500">The account was {result.cleanup}.</p>
    </div>
  );
}
