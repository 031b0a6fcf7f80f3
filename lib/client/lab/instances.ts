import 'client-only';
import { endLabAccount, jwtLogins, renewableToken, requestWithRenewal, sessionLogin, startLabLogins } from './logins';
import { labRequest, labRequestsSent, type LabCredentialRef } from './request';

type Tally = { ok: number; refused: number; queries: number };
export type InstanceRow = { instance: string; session: Tally; jwt: Tally; none: Tally };
export type InstancesResult = { rows: InstanceRow[]; total: number; requestsSent: number; cleanup: string };

const emptyTally = (): Tally => ({ ok: 0, refused: 0, queries: 0 });

/**
 * N rounds of the same three requests (lab session, access token, nothing), tallied by the instance
 * that answered (X-Instance) with the database queries each needed: a session is known on every
 * instance because each looks it up in the shared database; a token verifies with the public key.
 */
export async function runInstances(n: number, onProgress: (done: number, total: number) => void): Promise<InstancesResult> {
  const before = labRequestsSent();
  const started = await startLabLogins(['session', 'jwt']);
  if (!sessionLogin(started)) throw new Error('The lab gave no session login.');
  const token = renewableToken(jwtLogins(started)[0]!);
  const fixed = (credential: LabCredentialRef) => () => labRequest('/api/lab/me', credential);
  const credentials: [keyof Omit<InstanceRow, 'instance'>, () => ReturnType<typeof labRequest>][] = [
    ['session', fixed({ kind: 'session' })],
    ['jwt', () => requestWithRenewal('/api/lab/me', token)],
    ['none', fixed({ kind: 'none' })],
  ];
  const rows = new Map<string, InstanceRow>();
  for (let i = 0; i < n; i += 1) {
    for (const [kind, send] of credentials) {
      const reply = await send();
      const instance = reply.instance ?? 'unknown';
      const row = rows.get(instance) ?? { instance, session: emptyTally(), jwt: emptyTally(), none: emptyTally() };
      rows.set(instance, row);
      row[kind][reply.status === 200 ? 'ok' : 'refused'] += 1;
      row[kind].queries += reply.dbQueries ?? 0;
    }
    onProgress(i + 1, n);
  }
  return {
    rows: [...rows.values()].sort((a, b) => a.instance.localeCompare(b.instance)),
    total: n,
    cleanup: await endLabAccount([token.credential(), { kind: 'session' }]),
    requestsSent: labRequestsSent() - before,
  };
}
