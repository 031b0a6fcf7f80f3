import 'client-only';
import { decodeJwt } from 'jose';
import { revokedResponse } from '@/lib/contracts/me';
import { labWhoAmI } from '@/lib/contracts/lab';
import { endLabAccount, jwtLogins, refreshWith, startLabLogins } from './logins';
import { expectBody, labRequest, labRequestsSent, serverClock, type LabCredentialRef } from './request';

export type RevocationPoint = { seconds: number; credential: 'session' | 'jwt' | 'refresh'; status: number; detail: string | null };

export type RevocationResult = {
  revoked: number;
  points: RevocationPoint[];
  /** The n-th request after the revocation that was refused first, and when (server clock). */
  sessionFirstRefusal: { request: number; seconds: number } | null;
  jwtFirstRefusal: { request: number; seconds: number } | null;
  /** The access token's exp, in seconds after the revocation. */
  jwtExpiresAfterSeconds: number;
  refreshStatus: number;
  requestsSent: number;
  cleanup: string;
};

const MEASURED_PATH = '/api/lab/me';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Logs a throwaway account in three times (a session, a JWT login, and the "other device" that
 * presses "log out other devices"), revokes the first two the way that button does, then calls the
 * API with both once per interval until the access token has been refused twice. Times come from
 * the server's clock, which decides expiry (and which the test profiles can move ahead).
 */
export async function runRevocation(onPoint: (point: RevocationPoint) => void, intervalMs = 1000): Promise<RevocationResult> {
  const before = labRequestsSent();
  const started = await startLabLogins(['session', 'jwt', 'jwt']);
  const [victim, device] = jwtLogins(started);
  const credentials: Record<'session' | 'jwt', LabCredentialRef> = { session: { kind: 'session' }, jwt: { kind: 'jwt', token: victim!.access_token } };
  for (const credential of Object.values(credentials)) expectBody(await labRequest(MEASURED_PATH, credential), 200, labWhoAmI);

  const revoke = await labRequest('/api/me/sessions', { kind: 'jwt', token: device!.access_token }, { method: 'DELETE' });
  const { revoked } = expectBody(revoke, 200, revokedResponse);
  const revokedAt = await serverClock();
  const points: RevocationPoint[] = [];
  const note = (point: RevocationPoint) => {
    points.push(point);
    onPoint(point);
  };
  const refresh = await refreshWith(victim!.refresh_token);
  note({ seconds: ((await serverClock()) - revokedAt) / 1000, credential: 'refresh', status: refresh.reply.status, detail: refresh.reply.errorCode });

  const { exp } = decodeJwt(victim!.access_token);
  const expiresAt = exp === undefined ? revokedAt : exp * 1000;
  const maxTicks = Math.ceil((expiresAt - revokedAt) / intervalMs) + 15;
  let jwtRefusals = 0;
  for (let tick = 0; tick < maxTicks && jwtRefusals < 2; tick += 1) {
    if (tick > 0) await sleep(intervalMs);
    const seconds = ((await serverClock()) - revokedAt) / 1000;
    for (const credential of ['session', 'jwt'] as const) {
      const reply = await labRequest(MEASURED_PATH, credentials[credential]);
      note({ seconds, credential, status: reply.status, detail: reply.tokenError ?? reply.errorCode });
      if (credential === 'jwt' && reply.status === 401) jwtRefusals += 1;
    }
  }
  return {
    revoked,
    points,
    sessionFirstRefusal: firstRefusal(points, 'session'),
    jwtFirstRefusal: firstRefusal(points, 'jwt'),
    jwtExpiresAfterSeconds: (expiresAt - revokedAt) / 1000,
    refreshStatus: refresh.reply.status,
    cleanup: await endWithDevice(device!),
    requestsSent: labRequestsSent() - before,
  };
}

function firstRefusal(points: RevocationPoint[], credential: 'session' | 'jwt') {
  const own = points.filter((point) => point.credential === credential);
  const index = own.findIndex((point) => point.status === 401);
  return index === -1 ? null : { request: index + 1, seconds: own[index]!.seconds };
}

/** The "other device" is still logged in: its token (or a fresh one from its refresh token) deletes the account. */
async function endWithDevice(device: { access_token: string; refresh_token: string }) {
  const first = await endLabAccount([{ kind: 'jwt', token: device.access_token }]);
  if (first === 'deleted') return first;
  const { tokens } = await refreshWith(device.refresh_token);
  return tokens ? endLabAccount([{ kind: 'jwt', token: tokens.access_token }]) : first;
}
