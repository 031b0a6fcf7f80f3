import 'client-only';
import { labEvents, type LabEvents } from '@/lib/contracts/lab';
import { endLabAccount, jwtLogins, refreshWith, startLabLogins } from './logins';
import { expectBody, labRequest, labRequestsSent } from './request';

export type Actor = 'victim' | 'attacker';
export type StolenStep = { actor: Actor; action: string; status: number; detail: string | null; ms: number };
export type StolenResult = {
  firstActor: Actor;
  steps: StolenStep[];
  events: LabEvents['events'];
  familyRevoked: boolean;
  requestsSent: number;
  cleanup: string;
};

/**
 * A JWT login whose refresh token the attacker copied. `firstActor` refreshes with it, and once
 * more with the successor (its next access-token lifetime; until then the grace window would hand
 * a replay the same successor, as it does for two tabs); then the other one presents the copy.
 * The server sees a rotated token come back, revokes the whole family, and the first actor's
 * newest refresh token is refused too.
 */
export async function runStolenRefresh(firstActor: Actor): Promise<StolenResult> {
  const before = labRequestsSent();
  const started = performance.now();
  const login = jwtLogins(await startLabLogins(['jwt']))[0]!;
  const copy = login.refresh_token;
  const second: Actor = firstActor === 'victim' ? 'attacker' : 'victim';
  const steps: StolenStep[] = [];
  const step = async (actor: Actor, action: string, token: string) => {
    const result = await refreshWith(token);
    steps.push({ actor, action, status: result.reply.status, detail: result.reply.errorCode, ms: performance.now() - started });
    return result.tokens;
  };

  const one = await step(firstActor, 'refreshes with the original refresh token', copy);
  const two = one ? await step(firstActor, 'refreshes again with its successor', one.refresh_token) : null;
  await step(second, 'presents the original (copied) refresh token', copy);
  if (two) await step(firstActor, 'refreshes with its newest refresh token', two.refresh_token);

  // Access tokens are not revocable: the newest one still reads the audit trail until its exp.
  const reader = { kind: 'jwt' as const, token: two?.access_token ?? login.access_token };
  const events = expectBody(await labRequest('/api/lab/events', reader), 200, labEvents).events;
  const last = steps.at(-1);
  return {
    firstActor,
    steps,
    events,
    familyRevoked: steps.length === 4 && last!.status === 401,
    cleanup: await endLabAccount([reader, { kind: 'jwt', token: login.access_token }]),
    requestsSent: labRequestsSent() - before,
  };
}
