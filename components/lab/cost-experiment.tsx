'use client';

import { useState } from 'react';
import { runCostExperiment, type CostResult, type CostRow } from '@/lib/client/lab/cost';
import { saveLabResult } from '@/lib/client/lab/results';
import { Field } from '../ui';
import { BarChart } from './charts';
import { ExperimentCard, ms, useExperiment, type LabLock } from './experiment';

const LABELS: Record<CostRow['label'], string> = { session: 'Session', jwt: 'JWT', none: 'No credential' };
const BAR_CLASS: Record<CostRow['label'], string> = { session: 'fill-indigo-500', jwt: 'fill-amber-500', none: 'fill-slate-400' };

export function CostExperiment({ lock }: { lock: LabLock }) {
  const experiment = useExperiment<CostResult>('cost', lock);
  const [n, setN] = useState('200');
  const count = Math.min(2000, Math.max(1, Math.floor(Number(n)) || 200));

  const onRun = () =>
    experiment.run(async (onProgress) => {
      const result = await runCostExperiment(count, onProgress);
      const pick = (label: CostRow['label']) => {
        const row = result.rows.find((entry) => entry.label === label)!;
        return { authP50: row.authP50, rttP50: row.rttP50, dbQueries: row.dbQueries, credentialBytes: row.credentialBytes };
      };
      saveLabResult('cost', { at: Date.now(), requests: count, session: pick('session'), jwt: pick('jwt') });
      return result;
    });

  return (
    <ExperimentCard
      title="1. Cost per request"
      lead={
        <p>
          A throwaway account logs in both ways; then <code>GET /api/lab/me</code> (authentication and nothing else) is called N
          times with each credential and N times with none, taking turns. Server time and queries come from each response&apos;s{' '}
          <code>Server-Timing</code>; the round trip is what this browser measured.
        </p>
      }
      experiment={experiment}
      actions={[{ label: 'Run cost experiment', onRun: () => void onRun() }]}
      controls={<Field label="Requests per mode (N)" type="number" min={1} max={2000} value={n} onChange={(event) => setN(event.target.value)} className="max-w-48" />}
    >
      {experiment.result ? <CostTable result={experiment.result} /> : null}
    </ExperimentCard>
  );
}

function CostTable({ result }: { result: CostResult }) {
  const metrics: { label: string; value: (row: CostRow) => string }[] = [
    { label: 'Answers', value: (row) => Object.entries(row.statuses).map(([status, count]) => `${count}× ${status}`).join(', ') },
    { label: 'Auth p50 / p95', value: (row) => `${ms(row.authP50)} / ${ms(row.authP95)}` },
    { label: 'DB queries per request', value: (row) => (row.dbQueries === null ? '–' : row.dbQueries.toFixed(2)) },
    { label: 'DB time per request', value: (row) => ms(row.dbMs) },
    { label: 'Credential bytes sent', value: (row) => String(row.credentialBytes) },
    { label: 'Round trip p50 / p95', value: (row) => `${ms(row.rttP50)} / ${ms(row.rttP95)}` },
  ];
  return (
    <div className="space-y-4" data-testid="cost-result">
      <div className="overflow-x-auto">
        <table className="w-full text-left text-xs">
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-2 font-medium">Metric</th>
              {result.rows.map((row) => (
                <th key={row.label} scope="col" className="py-1 pr-2 font-medium">
                  {LABELS[row.label]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {metrics.map((metric) => (
              <tr key={metric.label} className="border-t border-slate-100">
                <th scope="row" className="py-1 pr-2 font-normal text-slate-600">
                  {metric.label}
                </th>
                {result.rows.map((row) => (
                  <td key={row.label} className="py-1 pr-2 tabular-nums" data-testid={`cost-${row.label}-${metric.label}`}>
                    {metric.value(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <BarChart
        title="Authentication time and round trip at p50, per credential"
        unit="ms"
        groups={[
          { label: 'Auth time p50 (server)', bars: result.rows.map((row) => ({ label: LABELS[row.label], value: row.authP50, className: BAR_CLASS[row.label] })) },
          { label: 'Round trip p50 (browser)', bars: result.rows.map((row) => ({ label: LABELS[row.label], value: row.rttP50, className: BAR_CLASS[row.label] })) },
        ]}
      />
      <p className="text-xs text-slate-500">
        {result.measured} measured requests
        {result.renewals > 0 ? `; the lab access token (30 s at most) expired and was refreshed ${result.renewals}× (not counted as measured)` : ''}; the account
        was {result.cleanup}. The session&apos;s bytes are the lab cookie as the
        server set it (the page cannot read an HttpOnly cookie); the JWT&apos;s are its <code>Authorization</code> header.
      </p>
    </div>
  );
}
