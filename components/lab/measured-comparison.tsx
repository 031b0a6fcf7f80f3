'use client';

import Link from 'next/link';
import { useLabResults, type LabResults } from '@/lib/client/lab/results';

export type ComparisonRow = { question: string; session: string; jwt: string };

type Measured = { session: string | null; jwt: string | null };

const f = (value: number | null | undefined, digits = 2) => (value === null || value === undefined ? '–' : value.toFixed(digits));

/** What the last lab run in this browser measured for a row of the comparison, if it measured it. */
function measuredFor(question: string, results: LabResults): Measured {
  const { cost, revocation, instances, xray, stolen } = results;
  switch (question) {
    case 'Where the credential lives':
      return xray ? { session: `${xray.cookieBytes} B sealed cookie, unreadable by scripts`, jwt: `${xray.tokenBytes} B token in page memory` } : { session: null, jwt: null };
    case 'What the browser sends':
      return cost ? { session: `${cost.session.credentialBytes} B per request`, jwt: `${cost.jwt.credentialBytes} B per request` } : { session: null, jwt: null };
    case 'Database work per request':
      return cost
        ? {
            session: `${f(cost.session.dbQueries)} queries; auth p50 ${f(cost.session.authP50)} ms; round trip p50 ${f(cost.session.rttP50, 1)} ms`,
            jwt: `${f(cost.jwt.dbQueries)} queries; auth p50 ${f(cost.jwt.authP50)} ms; round trip p50 ${f(cost.jwt.rttP50, 1)} ms`,
          }
        : { session: null, jwt: null };
    case 'Can page scripts read it?':
      return xray ? { session: 'No: document.cookie does not list it', jwt: 'Yes: the lab decoded and verified it in the page' } : { session: null, jwt: null };
    case 'Revocation': {
      const replay = stolen ? ` A replayed refresh token ${stolen.familyRevoked ? 'revoked its whole login' : 'did not revoke its login'}.` : '';
      return revocation
        ? {
            session: revocation.sessionRefusedAfterRequests === null ? 'never refused' : `refused on request ${revocation.sessionRefusedAfterRequests} after it`,
            jwt: `accepted ${revocation.jwtAcceptedRequests}×, refused ${f(revocation.jwtRefusedAfterSeconds, 1)} s after; refresh ${revocation.refreshRefused ? 'refused at once' : 'not refused'}.${replay}`,
          }
        : { session: null, jwt: stolen ? replay.trim() : null };
    }
    case 'Several servers':
      return instances
        ? { session: `${instances.sessionOk}/${instances.total} ok on ${instances.instances} instance(s)`, jwt: `${instances.jwtOk}/${instances.total} ok on ${instances.instances} instance(s)` }
        : { session: null, jwt: null };
    default:
      return { session: null, jwt: null };
  }
}

/** The home page's comparison, with a "measured here" column per mode filled from the last lab run in this browser. */
export function MeasuredComparison({ rows }: { rows: ComparisonRow[] }) {
  const results = useLabResults();
  const ran = results !== null && Object.keys(results).length > 0;
  const cell = 'px-4 py-3';
  const measuredCell = `${cell} bg-emerald-50/50 text-slate-700`;
  return (
    <>
      {/* On a phone the five columns scroll sideways inside this box: focusable, so a keyboard can scroll it too. */}
      <div className="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-indigo-600" tabIndex={0} role="region" aria-labelledby="comparison-heading">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              <th scope="col" className={`${cell} font-medium`}>
                Question
              </th>
              <th scope="col" className={`${cell} font-medium`}>Session mode</th>
              <th scope="col" className={`${cell} font-medium`}>Measured here (session)</th>
              <th scope="col" className={`${cell} font-medium`}>JWT mode</th>
              <th scope="col" className={`${cell} font-medium`}>Measured here (JWT)</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {rows.map((row) => {
              const measured = results ? measuredFor(row.question, results) : { session: null, jwt: null };
              return (
                <tr key={row.question}>
                  <th scope="row" className={`${cell} font-medium text-slate-700`}>
                    {row.question}
                  </th>
                  <td className={cell}>{row.session}</td>
                  <td className={measuredCell}>{measured.session ?? '–'}</td>
                  <td className={cell}>{row.jwt}</td>
                  <td className={measuredCell}>{measured.jwt ?? '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="mt-3 text-sm text-slate-600">
        {ran ? 'The "measured here" columns come from the last lab run in this browser. ' : 'Nothing measured in this browser yet. '}
        <Link href="/lab" className="font-medium text-indigo-700 underline">
          {ran ? 'Rerun in the lab' : 'Measure it in the lab'}
        </Link>
      </p>
    </>
  );
}
