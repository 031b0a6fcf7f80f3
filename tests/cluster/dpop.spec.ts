import { basic, expectError, signUp } from '../support/api';
import { dpopHeaders, dpopProof, newDpopKey } from '../support/dpop';
import { clusterState, expect, test } from './fixtures';

// DPoP on two instances sharing one database: a token bound on A works on B with a proof, and a
// proof accepted by one instance is a replay on the other (the replay store is the database).

test('a proof accepted by A is refused by B, and a token bound on A is honoured by B', async ({ a, b }) => {
  const onA = await a();
  const onB = await b();
  const user = await signUp(onA);
  const key = await newDpopKey();
  // Both instances as the front door's clients reach them: one public origin, whichever instance answers.
  const { frontDoor } = clusterState();
  const host = { host: new URL(frontDoor).host };
  const url = (path: string) => new URL(path, frontDoor).href;

  const login = await onA.post('/api/auth/jwt/login', { headers: { ...host, ...basic(user.email, user.password), dpop: await dpopProof(key, 'POST', url('/api/auth/jwt/login')) } });
  expect(login.status(), await login.text()).toBe(200);
  const { access_token: token } = await login.json();

  const fresh = await dpopHeaders(key, 'GET', url('/api/me'), token);
  expect((await onB.get('/api/me', { headers: { ...host, ...fresh } })).status()).toBe(200);
  const replayed = await onA.get('/api/me', { headers: { ...host, ...fresh } });
  await expectError(replayed, 401, 'invalid_dpop_proof');

  const proof = await dpopHeaders(key, 'GET', url('/api/me'), token);
  const statuses = await Promise.all([onA, onB, onA, onB].map(async (context) => (await context.get('/api/me', { headers: { ...host, ...proof } })).status()));
  expect(statuses.sort()).toEqual([200, 401, 401, 401]);
});
