import { expect, test, type APIResponse } from '@playwright/test';
import { bearer, DEMO_PASSWORD, demoAccounts, expectError, jwtLogin, sessionLogin } from '../support/api';
import { startTcpRelay, type TcpRelay } from '../support/tcp-relay';
import { startOwnCluster } from './own-cluster';

// Instance B reaches PostgreSQL only through a relay this test controls; instance A directly.
// When B's database connections drop or stop answering, B must answer 503 in the error shape (never
// hang, never a bare 500), nginx must keep serving reads from A, and B must recover by itself.
test.describe.configure({ mode: 'serial' });

let cluster: Awaited<ReturnType<typeof startOwnCluster>>;
let relay: TcpRelay;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const database = new URL(process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  relay = await startTcpRelay({ host: database.hostname, port: Number(database.port || 5432) });
  cluster = await startOwnCluster({
    databaseUrlOf: (url, index) => {
      if (index !== 1) return undefined;
      const relayed = new URL(url);
      relayed.host = `127.0.0.1:${relay.port}`;
      return relayed.toString();
    },
  });
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  await relay?.restore();
  await cluster?.stop();
  await relay?.close();
});

const alice = { email: demoAccounts.alice, password: DEMO_PASSWORD };

/** Polls until B answers 200 again: it must reconnect by itself, without a restart. */
async function expectRecovery(get: () => Promise<APIResponse>, pid: number) {
  await expect.poll(async () => (await get()).status(), { timeout: 60_000, intervals: [250, 500, 1000] }).toBe(200);
  expect(cluster.pids()[1], 'the same process, not restarted').toBe(pid);
}

/** A request that must fail with a 503 database_unavailable, and soon: `withinMs` bounds the wait. */
async function expectUnavailable(pending: Promise<APIResponse>, withinMs: number) {
  const started = Date.now();
  const response = await pending;
  await expectError(response, 503, 'database_unavailable');
  expect(Date.now() - started, 'answered, not hung').toBeLessThan(withinMs);
}

test('connections cut: B answers 503 database_unavailable, nginx serves reads from A, B recovers when the relay is back', async ({ playwright }) => {
  test.setTimeout(180_000);
  const b = await playwright.request.newContext({ baseURL: cluster.instances[1], timeout: 60_000 });
  const door = await playwright.request.newContext({ baseURL: cluster.frontDoor, timeout: 60_000 });
  try {
    const { cookie } = await sessionLogin(b, alice);
    const tokens = await jwtLogin(b, alice);
    expect((await b.get('/api/me', { headers: { cookie } })).status()).toBe(200);
    const pid = cluster.pids()[1]!;

    await relay.cut();
    await expectUnavailable(b.get('/api/me', { headers: { cookie } }), 15_000);
    await expectUnavailable(b.get('/api/me', { headers: bearer(tokens.access_token) }), 15_000);
    await expectUnavailable(b.post('/api/auth/session/login', { data: alice }), 15_000);
    await expectUnavailable(b.get('/api/health/ready'), 15_000);
    expect((await b.get('/api/health')).status(), 'liveness does not depend on the database').toBe(200);

    // nginx retries B's 503s for reads on A (and then skips B for a while): clients see no error.
    for (let i = 0; i < 6; i += 1) {
      const me = await door.get('/api/me', { headers: { cookie } });
      expect(me.status(), await me.text()).toBe(200);
    }

    await relay.restore();
    await expectRecovery(() => b.get('/api/me', { headers: { cookie } }), pid);
    expect((await b.get('/api/health/ready')).status()).toBe(200);
    expect((await b.post('/api/auth/session/login', { data: alice })).status()).toBe(200);
  } finally {
    await Promise.all([b.dispose(), door.dispose()]);
  }
});

test('database silent (a partition: connections stay open, nothing answers): B answers 503 within its timeouts, then recovers', async ({ playwright }) => {
  test.setTimeout(180_000);
  const b = await playwright.request.newContext({ baseURL: cluster.instances[1], timeout: 60_000 });
  try {
    const { cookie } = await sessionLogin(b, alice);
    expect((await b.get('/api/me', { headers: { cookie } })).status()).toBe(200);
    const pid = cluster.pids()[1]!;

    relay.freeze();
    // lib/db/postgres-adapter.ts: 10 s for a query's answer, 5 s to connect; allow for a busy machine.
    await expectUnavailable(b.get('/api/me', { headers: { cookie } }), 30_000);
    await expectUnavailable(b.get('/api/health/ready'), 30_000);

    await relay.restore();
    await expectRecovery(() => b.get('/api/me', { headers: { cookie } }), pid);
  } finally {
    await b.dispose();
  }
});
