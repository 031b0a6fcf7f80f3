import 'client-only';
import { endLabAccount, jwtLogins, renewableToken, requestWithRenewal, sessionLogin, startLabLogins } from './logins';
import { labRequest, labRequestsSent, type LabCredentialRef } from './request';
import { mean, percentile, utf8Bytes } from './stats';

export type CostRow = {
  label: 'session' | 'jwt' | 'none';
  requests: number;
  statuses: Record<string, number>;
  authP50: number | null;
  authP95: number | null;
  dbQueries: number | null;
  dbMs: number | null;
  credentialBytes: number;
  rttP50: number | null;
  rttP95: number | null;
};

export type CostResult = { rows: CostRow[]; requestsSent: number; measured: number; renewals: number; cleanup: string };

type Sample = { status: number; authMs: number | null; dbMs: number | null; dbQueries: number | null; ms: number };

const MEASURED_PATH = '/api/lab/me';

/**
 * N authenticated requests per mode against one endpoint, and N with no credential. The three
 * kinds take turns, request by request, so a burst of load on this machine falls on all of them
 * alike instead of on whichever block ran at that moment; one request at a time, nothing else sent.
 */
export async function runCostExperiment(n: number, onProgress: (done: number, total: number) => void): Promise<CostResult> {
  const before = labRequestsSent();
  const started = await startLabLogins(['session', 'jwt']);
  const jwt = jwtLogins(started)[0]!;
  const token = renewableToken(jwt);
  const fixed = (credential: LabCredentialRef) => () => labRequest(MEASURED_PATH, credential);
  const kinds: { label: CostRow['label']; send: () => ReturnType<typeof labRequest>; bytes: number }[] = [
    { label: 'session', send: fixed({ kind: 'session' }), bytes: sessionLogin(started)?.cookieBytes ?? 0 },
    // An access token expiring mid-run is refreshed and the request sent again; the refreshes are reported.
    { label: 'jwt', send: () => requestWithRenewal(MEASURED_PATH, token), bytes: utf8Bytes(`Bearer ${jwt.access_token}`) },
    { label: 'none', send: fixed({ kind: 'none' }), bytes: 0 },
  ];
  const samples = new Map<CostRow['label'], Sample[]>(kinds.map((kind) => [kind.label, []]));
  for (let i = 0; i < n; i += 1) {
    for (const kind of kinds) {
      const reply = await kind.send();
      samples.get(kind.label)!.push({ status: reply.status, authMs: reply.authMs, dbMs: reply.dbMs, dbQueries: reply.dbQueries, ms: reply.ms });
    }
    if (i % 10 === 9 || i === n - 1) onProgress((i + 1) * kinds.length, n * kinds.length);
  }
  const cleanup = await endLabAccount([token.credential(), { kind: 'session' }]);
  return {
    rows: kinds.map((kind) => summarize(kind.label, samples.get(kind.label)!, kind.bytes)),
    requestsSent: labRequestsSent() - before,
    measured: n * kinds.length,
    renewals: token.renewals(),
    cleanup,
  };
}

function summarize(label: CostRow['label'], samples: Sample[], credentialBytes: number): CostRow {
  const numbers = (pick: (sample: Sample) => number | null) => samples.map(pick).filter((value): value is number => value !== null);
  const statuses: Record<string, number> = {};
  for (const sample of samples) statuses[sample.status] = (statuses[sample.status] ?? 0) + 1;
  return {
    label,
    requests: samples.length,
    statuses,
    authP50: percentile(numbers((s) => s.authMs), 50),
    authP95: percentile(numbers((s) => s.authMs), 95),
    dbQueries: mean(numbers((s) => s.dbQueries)),
    dbMs: mean(numbers((s) => s.dbMs)),
    credentialBytes,
    rttP50: percentile(numbers((s) => s.ms), 50),
    rttP95: percentile(numbers((s) => s.ms), 95),
  };
}
