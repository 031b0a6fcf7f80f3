import net from 'node:net';
import { expect, test } from '@playwright/test';
import { openInspector } from '../support/database-inspector';
import { startOwnCluster } from './own-cluster';

// Two instances behind nginx, restarted one at a time (what `kill -HUP` does to `npm run cluster`)
// while clients keep working through nginx: no request may fail, no row may go missing, and no
// login may end. Instances drain as in production (SHUTDOWN_DRAIN_MS left at its default).
test.describe.configure({ mode: 'serial' });

let cluster: Awaited<ReturnType<typeof startOwnCluster>>;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  cluster = await startOwnCluster();
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  await cluster?.stop();
});

type Answer = { status: number; body: Record<string, unknown>; headers: Headers };

/** One request through nginx (or to an instance), with a bound so a hang counts as a failure. */
async function call(base: string, method: string, path: string, options: { headers?: Record<string, string>; json?: unknown } = {}): Promise<Answer> {
  const response = await fetch(`${base.replace('localhost', '127.0.0.1')}${path}`, {
    method,
    headers: { ...options.headers, ...(options.json === undefined ? {} : { 'content-type': 'application/json' }) },
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {}, headers: response.headers };
}

const sessionCookie = (answer: Answer) => {
  const cookie = answer.headers.getSetCookie().find((value) => /session=/.test(value));
  if (!cookie) throw new Error(`no session cookie (status ${answer.status})`);
  return cookie.split(';')[0]!;
};

test('SIGTERM drains an instance: readiness 503 at once, a request in flight still gets its answer, then exit 0', async () => {
  test.setTimeout(180_000);
  const instance = new URL(cluster.instances[0]!);
  const body = JSON.stringify({ email: 'alice@example.com', password: 'demo-password' });
  // A login whose body is still on its way when the signal arrives.
  const socket = net.connect(Number(instance.port), '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let raw = '';
  socket.on('data', (chunk: Buffer) => (raw += chunk.toString()));
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(`POST /api/auth/session/login HTTP/1.1\r\nHost: ${instance.host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`);

  const restarting = cluster.restart();
  const deadline = Date.now() + 20_000;
  let ready = await call(instance.origin, 'GET', '/api/health/ready').catch(() => undefined);
  while (ready?.status !== 503 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    ready = await call(instance.origin, 'GET', '/api/health/ready').catch(() => undefined);
  }
  expect(ready?.status, 'readiness fails while the listener is still open').toBe(503);
  expect(ready?.body).toMatchObject({ error: { code: 'draining', message: expect.any(String) } });

  socket.write(body.slice(10));
  await ended;
  expect(raw, 'the request in flight was answered').toMatch(/^HTTP\/1\.1 200 /);
  expect(raw.toLowerCase(), 'and its connection closed').toContain('connection: close');

  const reports = await restarting;
  expect(reports.map((report) => report.exitCode), 'every old instance exited 0').toEqual([0, 0]);
  for (const [index, report] of reports.entries()) {
    expect(report.newPid).not.toBe(report.oldPid);
    expect(cluster.pids()[index]).toBe(report.newPid);
  }
});

test('a rolling restart under steady mixed load: no failed request, no lost row, every earlier login still valid', async () => {
  test.setTimeout(300_000);
  const base = cluster.frontDoor;
  const workers = 6;
  const postingsCount = 40;

  // Set-up through nginx: a company with postings, one seeker per client, logins made before the restart.
  const tag = `${Date.now()}`;
  const signup = async (role: 'seeker' | 'company', index: number) => {
    const email = `${role}-${index}-${tag}@restart.test`;
    const password = `pw-${tag}-${index}`;
    const answer = await call(base, 'POST', '/api/auth/signup', {
      json: { email, password, name: `${role} ${index}`, role, ...(role === 'company' ? { companyName: `Restart ${index} Ltd` } : {}) },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return { id: (answer.body.user as { id: string }).id, credentials: { email, password } };
  };
  const company = await signup('company', 0);
  const companyCookie = sessionCookie(await call(base, 'POST', '/api/auth/session/login', { json: company.credentials }));
  const postings: string[] = [];
  for (let i = 0; i < postingsCount; i += 1) {
    const answer = await call(base, 'POST', '/api/jobs', { headers: { cookie: companyCookie }, json: { title: `Restart job ${i}`, description: 'Keeps running while instances restart.', location: 'Remote' } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    postings.push((answer.body.posting as { id: string }).id);
  }
  const seekers = await Promise.all(Array.from({ length: workers }, (_, index) => signup('seeker', index)));
  const before = await Promise.all(
    seekers.map(async (seeker) => {
      const cookie = sessionCookie(await call(base, 'POST', '/api/auth/session/login', { json: seeker.credentials }));
      const tokens = (await call(base, 'POST', '/api/auth/jwt/login', { json: seeker.credentials })).body as { access_token: string; refresh_token: string };
      return { seeker, cookie, tokens };
    }),
  );

  const db = openInspector(cluster.databaseUrl);
  const ids = seekers.map((seeker) => seeker.id);
  const countRows = async (table: string) => Number(await db.scalar(`SELECT COUNT(*) FROM "${table}" WHERE "userId" = ANY($1)`, [ids]));
  const sessionsAtStart = await countRows('Session');
  const refreshTokensAtStart = await countRows('RefreshToken');

  // The load: each client cycles through logins of both modes, reads, refreshes and applications.
  const counts = { sent: 0, failed: 0, sessionLogins: 0, jwtLogins: 0, refreshes: 0, applications: 0 };
  const failures: string[] = [];
  let stop = false;
  const expectStatus = async (label: string, expected: number, pending: Promise<Answer>): Promise<Answer | undefined> => {
    counts.sent += 1;
    try {
      const answer = await pending;
      if (answer.status === expected) return answer;
      failures.push(`${label}: ${answer.status} ${JSON.stringify(answer.body)}`);
    } catch (error) {
      failures.push(`${label}: ${String((error as Error).cause ?? error)}`);
    }
    counts.failed += 1;
    return undefined;
  };
  const client = async (index: number) => {
    const seeker = seekers[index]!;
    let cookie = sessionCookie(await call(base, 'POST', '/api/auth/session/login', { json: seeker.credentials }));
    let tokens = (await call(base, 'POST', '/api/auth/jwt/login', { json: seeker.credentials })).body as { access_token: string; refresh_token: string };
    counts.sessionLogins += 1;
    counts.jwtLogins += 1;
    let nextPosting = 0;
    for (let step = 0; !stop && step < 3000; step += 1) {
      switch (step % 7) {
        case 0: {
          const answer = await expectStatus('session login', 200, call(base, 'POST', '/api/auth/session/login', { json: seeker.credentials }));
          if (answer) {
            cookie = sessionCookie(answer);
            counts.sessionLogins += 1;
          }
          break;
        }
        case 1:
          await expectStatus('GET /api/me (session)', 200, call(base, 'GET', '/api/me', { headers: { cookie } }));
          break;
        case 2: {
          const answer = await expectStatus('refresh', 200, call(base, 'POST', '/api/auth/jwt/refresh', { headers: { authorization: `Bearer ${tokens.refresh_token}` } }));
          if (answer) {
            tokens = answer.body as typeof tokens;
            counts.refreshes += 1;
          }
          break;
        }
        case 3:
          await expectStatus('GET /api/me (jwt)', 200, call(base, 'GET', '/api/me', { headers: { authorization: `Bearer ${tokens.access_token}` } }));
          break;
        case 4:
          if (nextPosting < postings.length) {
            const posting = postings[nextPosting++]!;
            if (await expectStatus('apply', 201, call(base, 'POST', `/api/jobs/${posting}/applications`, { headers: { authorization: `Bearer ${tokens.access_token}` } }))) counts.applications += 1;
          } else {
            await expectStatus('GET /api/jobs', 200, call(base, 'GET', '/api/jobs', { headers: { cookie } }));
          }
          break;
        case 5: {
          const answer = await expectStatus('jwt login', 200, call(base, 'POST', '/api/auth/jwt/login', { json: seeker.credentials }));
          if (answer) {
            tokens = answer.body as typeof tokens;
            counts.jwtLogins += 1;
          }
          break;
        }
        default:
          await expectStatus('GET /api/jobs', 200, call(base, 'GET', '/api/jobs', { headers: { cookie } }));
      }
    }
  };

  const waitForRequests = async (atLeast: number) => {
    const deadline = Date.now() + 60_000;
    while (counts.sent < atLeast && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  };
  const running = Promise.all(Array.from({ length: workers }, (_, index) => client(index)));
  let reports: Awaited<ReturnType<typeof cluster.restart>> = [];
  let sentAfterRestart = 0;
  try {
    await waitForRequests(50);
    const sentBeforeRestart = counts.sent;
    reports = await cluster.restart();
    sentAfterRestart = counts.sent;
    // Keep going until the restarted instances have carried some load too.
    await waitForRequests(sentAfterRestart + 50);
    expect(sentAfterRestart - sentBeforeRestart, 'requests were sent during the restarts').toBeGreaterThan(20);
  } finally {
    stop = true;
    await running;
  }

  console.log(
    `rolling restart under load: ${counts.sent} requests sent, ${counts.failed} failed, ${reports.length} restarts ` +
      `(${reports.map((report) => `${report.ms} ms`).join(', ')}); ${counts.sessionLogins} session logins, ${counts.jwtLogins} JWT logins, ` +
      `${counts.refreshes} refreshes, ${counts.applications} applications`,
  );
  expect(failures, 'failed requests').toEqual([]);
  expect(reports.map((report) => report.exitCode), 'each old instance drained and exited 0').toEqual([0, 0]);

  try {
    // No lost rows: every 201 is an application, every login and refresh left its row.
    expect(Number(await db.scalar('SELECT COUNT(*) FROM "Application" WHERE "seekerId" = ANY($1)', [ids]))).toBe(counts.applications);
    expect(await countRows('Session')).toBe(sessionsAtStart + counts.sessionLogins);
    expect(await countRows('RefreshToken')).toBe(refreshTokensAtStart + counts.jwtLogins + counts.refreshes);
  } finally {
    await db.close();
  }

  // Every login made before the restarts still works, through nginx, on the new instances.
  for (const { seeker, cookie, tokens } of before) {
    const bySession = await call(base, 'GET', '/api/me', { headers: { cookie } });
    expect(bySession.status, JSON.stringify(bySession.body)).toBe(200);
    expect(bySession.body).toMatchObject({ user: { id: seeker.id }, auth: { mode: 'session' } });
    expect((await call(base, 'GET', '/api/me', { headers: { authorization: `Bearer ${tokens.access_token}` } })).status).toBe(200);
    expect((await call(base, 'POST', '/api/auth/jwt/refresh', { headers: { authorization: `Bearer ${tokens.refresh_token}` } })).status).toBe(200);
  }
});
