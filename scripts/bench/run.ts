/**
 * npm run bench: what each way of staying logged in costs per request, on the production build
 * with a realistic population. Prints a table and writes JSON (bench-results/latest.json).
 * See README "Performance" for what is measured and why; --help for the options.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { redactPassword } from '@/lib/db/database-url';
import { signAccessToken } from '@/lib/auth/access-token';
import { sealSessionToken } from '@/lib/auth/session-seal';
import { pinThisProcess, planPinning, processCpuMs, type Pinning } from './cpu';
import { bearerHeader, dpopClients, dpopHeaders, sessionCookieHeader } from './credentials';
import { postgresDatabase } from './db/postgres';
import { sqliteDatabase } from './db/sqlite';
import type { BenchDatabase } from './db/types';
import { measureFloor, type Floor } from './floor';
import type { FlowResult, LoadResult, RequestSpec } from './load';
import { parseOptions, type BenchOptions } from './options';
import { Population } from './population';
import { formatFloorTable, formatScaling, formatTable, formatTargets, type FloorRow, type Row, type TargetCheck } from './report';
import { compareRevocationCheck, type RevocationComparison } from './revocation';
import { compareInstances, type ScalingRun } from './scaling';
import { baselineRequest, loginBurst, loginRequest, loginsVsBcrypt, measure, measureOnce, meWith, serverMemory, silentRefresh, type FlowSteps, type LoginTiming, type ServerMemory, type Target } from './scenarios';
import { benchServerEnv, ensureBuild, startServer, type RunningServer } from './server';

const ROOT = path.resolve(__dirname, '..', '..');
const BENCH_PASSWORD = 'bench-password-1';
const log = (line: string) => console.error(`[bench] ${line}`);
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function machine() {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  return {
    cpus: os.cpus().length,
    cpuModel: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  log(`${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

async function main(options: BenchOptions) {
  const startedAt = new Date();
  const loadAverageAtStart = os.loadavg().map((value) => round(value, 2));
  if (options.build) log(`build: ${ensureBuild(ROOT, log)}`);
  else if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) throw new Error('--no-build, but there is no build: run npm run build');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-modes-bench-'));
  let server: RunningServer | undefined;
  const clusters: (() => Promise<void>)[] = [];
  let database: BenchDatabase | undefined;
  // Also on Ctrl-C or a kill: the server runs in a process group of its own, and a PostgreSQL
  // database left behind would pile up on the server run after run.
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      await server?.stop();
      // Stopping a cluster twice is harmless: it waits only for instances still running.
      await Promise.all(clusters.map((stop) => stop()));
      await database?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping the server and removing the database`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    database = options.database === 'postgres' ? await timed('created a PostgreSQL database', () => postgresDatabase(options.postgresUrl)) : sqliteDatabase(dir);
    const track = {
      server: (running: RunningServer | undefined) => {
        server = running;
      },
      cluster: (stop: () => Promise<void>) => {
        clusters.push(stop);
      },
    };
    await runWith(options, database, dir, track, startedAt, loadAverageAtStart);
  } finally {
    await cleanUp();
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}

async function runWith(
  options: BenchOptions,
  database: BenchDatabase,
  dir: string,
  /** Tells the caller what to stop when interrupted. */
  track: { server: (server: RunningServer | undefined) => void; cluster: (stop: () => Promise<void>) => void },
  startedAt: Date,
  loadAverageAtStart: number[],
) {
  // The server and this process share configuration and secrets: the credentials made here are
  // exactly what the server issues. lib/env.ts reads process.env on first use, which is below.
  const serverEnv = benchServerEnv(database.url, dir, options.bcryptCost);
  Object.assign(process.env, serverEnv);

  const population = new Population(database, options.sample);
  const seedStarted = performance.now();
  await timed('migrated', async () => database.migrate());
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  await timed(`seeded ${options.users} users`, () => population.addUsers(options.users, passwordHash));
  await timed(`seeded ${options.refreshTokens} refresh tokens`, () => population.addRefreshTokens(options.refreshTokens));
  await timed(`seeded ${options.smallSessions} sessions`, () => population.addSessions(options.smallSessions));
  let seedSeconds = (performance.now() - seedStarted) / 1000;

  // After seeding, which may use every core: from here on the server and the load generator
  // (this process) each keep to their own.
  const pinning: Pinning = planPinning(options.pin);
  if (pinning) {
    pinThisProcess(pinning.loadGenerator);
    log(`pinned: server on core ${pinning.server}, load generator on ${pinning.loadGenerator}`);
  }
  const server = await timed(`server started on port ${options.port}`, () => startServer(ROOT, options.port, { ...process.env, ...serverEnv }, pinning?.server ?? null));
  track.server(server);
  const target: Target = { baseUrl: server.baseUrl, connections: options.connections, seconds: options.seconds, cpu: () => processCpuMs(server.pid) };
  const memoryAtStart = await serverMemory(server.baseUrl);

  const sessionSpecs = async () => Promise.all(population.sessions.items.map(async (credential) => meWith({ cookie: await sessionCookieHeader(credential) })));
  const smallTable = await timed(`session lookup, ${population.sessionCount} rows`, async () => measure(target, await sessionSpecs(), 200));

  await timed(`seeded sessions up to ${options.sessions}`, async () => {
    const started = performance.now();
    await population.addSessions(options.sessions - population.sessionCount);
    seedSeconds += (performance.now() - started) / 1000;
  });

  const sessionRequests = await sessionSpecs();
  const jwtRequests = await Promise.all(population.refreshHeads.items.map(async (head) => meWith({ authorization: await bearerHeader(head) })));
  // DPoP: bound tokens of the same logins, a fresh proof per request (made in bulk before each run).
  const dpop = await dpopClients(population.refreshHeads.items.slice(0, 50));
  const dpopRequests = async (count: number) => (await dpopHeaders(dpop, 'GET', `${target.baseUrl}/api/me`, count)).map(meWith);
  const floor = await timed(`floor: ${options.floorSamples} of each bare operation, in-process`, async () =>
    measureFloor(
      {
        sessions: await Promise.all(population.sessions.items.map(async ({ token }) => ({ token, cookie: await sealSessionToken(token) }))),
        accessTokens: await Promise.all(
          population.refreshHeads.items.map(async (head) => ({ userId: head.userId, token: (await signAccessToken({ userId: head.userId, role: head.role, loginId: head.familyId })).token })),
        ),
        proofs: (await dpopHeaders(dpop, 'GET', `${target.baseUrl}/api/me`, 200)).map((headers) => headers.dpop!),
      },
      options.floorSamples,
      () => verifyPassword(BENCH_PASSWORD, passwordHash),
      options.loginSamples,
    ),
  );
  const rounds: Record<RoundScenario, LoadResult>[] = [];
  const memoryAfterRound: ServerMemory[] = [];
  const perRound = {
    baseline: { requests: [baselineRequest], status: 200 },
    anonymous: { requests: [meWith({})], status: 401 },
    session: { requests: sessionRequests, status: 200 },
    jwt: { requests: jwtRequests, status: 200 },
  } as const;
  for (let index = 0; index < options.rounds; index += 1) {
    // Every other round runs in reverse, so a drift in the machine's load favours no scenario.
    const order = ([...Object.keys(perRound), 'dpop'] as RoundScenario[])[index % 2 === 0 ? 'slice' : 'reverse']();
    const results = await timed(`round ${index + 1} of ${options.rounds}: ${order.join(', ')}`, async () => {
      const entries: [string, LoadResult][] = [];
      for (const name of order) {
        // Caches and idle-expiry slides are warmed in the first round only.
        const warmup = index === 0 ? undefined : target.connections * 5;
        if (name === 'dpop') {
          entries.push([name, await measureOnce(target, dpopRequests, 200, warmup)]);
          continue;
        }
        const { requests, status } = perRound[name];
        entries.push([name, await measure(target, [...requests], status, warmup === undefined ? {} : { warmup })]);
      }
      return Object.fromEntries(entries) as Record<RoundScenario, LoadResult>;
    });
    rounds.push(results);
    memoryAfterRound.push(await serverMemory(server.baseUrl));
  }

  // The floor is timed one operation at a time; so is this. At 20 connections on one core every
  // await of a request also waits for the other requests' work, and on PostgreSQL each query is an
  // await: that queue is the load's, not the auth step's (the CPU per request says the same).
  const oneAtATime = await timed('session and JWT requests one at a time', async () => {
    const single = { ...target, connections: 1 };
    return { session: await measure(single, [...sessionRequests], 200), jwt: await measure(single, [...jwtRequests], 200) };
  });

  const revocation = await timed('Bearer requests with ACCESS_TOKEN_REVOCATION=check beside off', () =>
    compareRevocationCheck({ root: ROOT, off: target, port: options.port + 1, env: { ...process.env, ...serverEnv }, requests: jwtRequests, rounds: options.rounds, log, onStarted: track.cluster }),
  );

  const refreshTarget = { ...target, connections: options.refreshClients };
  const refreshCredentials = population.refreshHeads.items.slice(0, options.refreshClients);
  const refresh = await timed('silent refresh', () => silentRefresh(refreshTarget, refreshCredentials));

  const loginUsers = population.users.slice(0, Math.max(options.loginSamples, options.burstConnections * 4));
  const loginSpecs = (mode: 'session' | 'jwt') => loginUsers.map((user) => loginRequest(mode, user.email, BENCH_PASSWORD));
  const bcryptOnce = () => verifyPassword(BENCH_PASSWORD, passwordHash);
  const login = await timed('logins one at a time, each paired with a bcrypt compare', async () => ({
    session: await loginsVsBcrypt(target, loginSpecs('session'), options.loginSamples, bcryptOnce),
    jwt: await loginsVsBcrypt(target, loginSpecs('jwt'), options.loginSamples, bcryptOnce),
  }));
  const mixed: RequestSpec[] = loginSpecs('session').flatMap((spec, index) => [spec, loginSpecs('jwt')[index]!]);
  const burst = await timed('login burst', () => loginBurst({ ...target, connections: options.burstConnections }, mixed, options.burstSeconds));

  await timed(`seeded sessions up to ${options.largeSessions}`, async () => {
    const started = performance.now();
    await population.addSessions(options.largeSessions - population.sessionCount);
    seedSeconds += (performance.now() - started) / 1000;
  });
  const largeTable = await timed(`session lookup, ${population.sessionCount} rows`, async () => measure(target, await sessionSpecs(), 200));
  const memoryAtEnd = await serverMemory(server.baseUrl);

  let scaling: ScalingRun[] = [];
  if (options.instances > 1) {
    // The single server gives its port and CPU to the instances measured next.
    await server.stop();
    track.server(undefined);
    scaling = await compareInstances({
      counts: [1, options.instances],
      port: options.port,
      databaseUrl: database.url,
      env: { ...process.env, ...serverEnv },
      workload: perRound,
      load: { connections: options.connections, seconds: options.seconds },
      rounds: options.rounds,
      log,
      onStarted: track.cluster,
    });
  }

  const results = summarise({
    options, rounds, oneAtATime, revocation, refresh, login, burst, smallTable, largeTable, floor,
    rssAfterRoundMiB: memoryAfterRound.map((memory) => mib(memory.rssBytes)),
    credentialBytes: {
      session: Buffer.byteLength(sessionRequests[0]?.headers?.cookie ?? ''),
      jwt: Buffer.byteLength(jwtRequests[0]?.headers?.authorization ?? ''),
      dpop: (await dpopRequests(1)).reduce((bytes, spec) => bytes + Buffer.byteLength(`${spec.headers?.authorization}${spec.headers?.dpop}`), 0),
      refreshToken: refresh.refreshTokenBytes,
    },
  });
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { ...machine(), loadAverageAtStart, loadAverageAtEnd: os.loadavg().map((value) => round(value, 2)), pinning },
    options: { ...options, postgresUrl: redactPassword(options.postgresUrl) },
    database: await database.describe(),
    population: {
      users: options.users,
      refreshTokens: await database.count('RefreshToken'),
      sessions: { small: options.smallSessions, main: options.sessions, large: await database.count('Session') },
      seedSeconds: round(seedSeconds, 1),
    },
    serverRssMiB: { atStart: mib(memoryAtStart.rssBytes), afterEachRound: memoryAfterRound.map((memory) => mib(memory.rssBytes)), atEnd: mib(memoryAtEnd.rssBytes) },
    serverHeapUsedMiB: { atStart: mib(memoryAtStart.heapUsedBytes), afterEachRound: memoryAfterRound.map((memory) => mib(memory.heapUsedBytes)), atEnd: mib(memoryAtEnd.heapUsedBytes) },
    ...results,
    scaling,
  };
  fs.mkdirSync(path.dirname(path.resolve(ROOT, options.out)), { recursive: true });
  fs.writeFileSync(path.resolve(ROOT, options.out), `${JSON.stringify(report, null, 2)}\n`);

  console.log(`\n${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}; load average ${loadAverageAtStart.join(' ')} at start`);
  console.log(`database: ${report.database}`);
  console.log(`population: ${options.users} users, ${report.population.refreshTokens} refresh tokens, sessions ${options.smallSessions} → ${options.sessions} → ${report.population.sessions.large} (seeded in ${report.population.seedSeconds} s)\n`);
  console.log(formatTable(results.table));
  console.log(`\nServer-side time per request (Server-Timing, p50) beside its floor: the bare operations, timed in-process (${options.floorSamples} each).`);
  console.log(`CPU ms/req is the server process's CPU time over the run per request. Both hold on a shared machine; req/s and latency do not.${pinning ? '' : ' (not pinned: no taskset, one core, or --no-pin)'}`);
  console.log(formatFloorTable(results.floorTable));
  const memoryLine = (name: string, values: typeof report.serverRssMiB) =>
    `${name}: ${values.atStart} MiB at start, ${values.afterEachRound.join(' / ')} after each round, ${values.atEnd} at end`;
  console.log(`\n${memoryLine('server RSS', report.serverRssMiB)}\n${memoryLine('server V8 heap used', report.serverHeapUsedMiB)}`);
  const { checkVsOff, check, off } = results.scenarios.meJwtRevocation;
  console.log(`\nACCESS_TOKEN_REVOCATION=check: ${checkVsOff.toFixed(2)}x the req/s of off (median of ${options.rounds} alternating rounds), ${check.dbQueriesPerRequest} vs ${off.dbQueriesPerRequest} queries per request`);
  console.log(`\n${formatTargets(results.targets)}`);
  if (scaling.length > 0) {
    const labels: Record<keyof typeof perRound, string> = { baseline: 'baseline (no auth)', anonymous: 'GET /api/me, no credentials (401)', session: 'GET /api/me, session cookie', jwt: 'GET /api/me, Bearer JWT' };
    const columns = scaling.map((run) => ({
      instances: run.instances,
      rows: (Object.keys(labels) as (keyof typeof labels)[]).map((name) => ({ scenario: labels[name], perSecond: run.scenarios[name].requestsPerSecond, p50: run.scenarios[name].latencyMs.p50, vsFirst: run.scenarios[name].vsFirst })),
    }));
    console.log(`\n${formatScaling(columns)}`);
  }
  console.log(`\nJSON: ${path.relative(ROOT, path.resolve(ROOT, options.out))}`);
}

const mib = (bytes: number) => round(bytes / 2 ** 20, 1);
const nullableMedian = (values: (number | null)[]) => {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : round(median(known));
};

type RoundScenario = 'baseline' | 'anonymous' | 'session' | 'jwt' | 'dpop';

type Measurements = {
  options: BenchOptions;
  rounds: Record<RoundScenario, LoadResult>[];
  /** The authenticated requests with one connection: the auth step without the load's queue. */
  oneAtATime: { session: LoadResult; jwt: LoadResult };
  revocation: RevocationComparison;
  refresh: { flow: FlowResult; plain: FlowResult; steps: FlowSteps };
  login: { session: LoginTiming; jwt: LoginTiming };
  burst: Awaited<ReturnType<typeof loginBurst>>;
  smallTable: LoadResult;
  largeTable: LoadResult;
  credentialBytes: { session: number; jwt: number; dpop: number; refreshToken: number };
  floor: Floor;
  rssAfterRoundMiB: number[];
};

/**
 * Ratios are taken within each round (the same load on the machine for both) and the median over
 * rounds is reported, as are the median rates and latencies: other processes' bursts hit single
 * runs, and the median ignores them.
 */
function summarise(m: Measurements) {
  const averaged = (key: keyof Measurements['rounds'][number]) => {
    const runs = m.rounds.map((entry) => entry[key]);
    return {
      requestsPerSecond: round(median(runs.map((run) => run.requestsPerSecond)), 1),
      latencyMs: {
        p50: round(median(runs.map((run) => run.latencyMs.p50))),
        p95: round(median(runs.map((run) => run.latencyMs.p95))),
        p99: round(median(runs.map((run) => run.latencyMs.p99))),
      },
      dbQueriesPerRequest: round(mean(runs.map((run) => run.dbQueriesPerRequest)), 2),
      serverAuthMsP50: round(median(runs.map((run) => run.authMs.p50))),
      serverDbMsP50: round(median(runs.map((run) => run.dbMs.p50))),
      serverDpopMsP50: round(median(runs.map((run) => run.dpopMs.p50))),
      serverTotalMsP50: round(median(runs.map((run) => run.serverMs.p50))),
      cpuMsPerRequest: nullableMedian(runs.map((run) => run.cpuMsPerRequest)),
      vsBaseline: round(median(m.rounds.map((entry) => entry[key].requestsPerSecond / entry.baseline.requestsPerSecond)), 3),
      vsBaselineByRound: m.rounds.map((entry) => round(entry[key].requestsPerSecond / entry.baseline.requestsPerSecond, 3)),
      rounds: runs,
    };
  };
  const baseline = averaged('baseline');
  const anonymous = averaged('anonymous');
  const session = averaged('session');
  const jwt = averaged('jwt');
  const revocationRuns = (runs: LoadResult[]) => ({
    requestsPerSecond: round(median(runs.map((run) => run.requestsPerSecond)), 1),
    latencyMs: { p50: round(median(runs.map((run) => run.latencyMs.p50))), p95: round(median(runs.map((run) => run.latencyMs.p95))), p99: round(median(runs.map((run) => run.latencyMs.p99))) },
    dbQueriesPerRequest: round(mean(runs.map((run) => run.dbQueriesPerRequest)), 3),
    serverAuthMsP50: round(median(runs.map((run) => run.authMs.p50))),
    rounds: runs,
  });
  const revocationOff = revocationRuns(m.revocation.off);
  const revocationCheck = revocationRuns(m.revocation.check);
  const dpop = averaged('dpop');
  const bcryptMs = median([m.login.session.bcryptMs.p50, m.login.jwt.bcryptMs.p50]);
  const lookupRatio = m.largeTable.dbMs.p50 / Math.max(m.smallTable.dbMs.p50, 0.001);
  const flowP95Ratio = m.refresh.flow.latencyMs.p95 / Math.max(m.refresh.plain.latencyMs.p95, 0.001);
  const extraRoundTrips = m.refresh.flow.roundTripsPerFlow - m.refresh.plain.roundTripsPerFlow;
  // One at a time, the flow's requests are the 401, the refresh and a plain request (the retry).
  const [expiredCpu, refreshCpu, plainCpu] = (['expired', 'refresh', 'plain'] as const).map((step) => m.refresh.steps[step].cpuMsPerRequest);
  const flowCpuVsPlain = expiredCpu != null && refreshCpu != null && plainCpu ? (expiredCpu + refreshCpu + plainCpu) / plainCpu : null;
  const stepsLine = flowCpuVsPlain === null
    ? ''
    : `; one at a time, CPU of 401 ${expiredCpu} + refresh ${refreshCpu} + retry ${plainCpu} ms = ${flowCpuVsPlain.toFixed(2)}x a plain request's`;

  // The floor of each scenario: what its request cannot avoid doing, timed bare (floor.ts).
  const f = m.floor;
  const floorOf = {
    baseline: f.userLookupMs.p50,
    session: f.unsealMs.p50 + f.sessionLookupMs.p50,
    jwt: f.verifyMs.p50 + f.userLookupMs.p50,
    dpop: f.verifyMs.p50 + f.proofVerifyMs.p50 + f.userLookupMs.p50,
  };
  const authFloor = { session: f.unsealMs.p50 + f.sessionLookupMs.p50, jwt: f.verifyMs.p50, dpop: f.verifyMs.p50 + f.proofVerifyMs.p50 };
  const authSteps = (['session', 'jwt'] as const).map((mode) => {
    const loadedMs = (mode === 'session' ? session : jwt).serverAuthMsP50;
    const authMs = round(m.oneAtATime[mode].authMs.p50);
    const floorMs = Math.max(authFloor[mode], 0.001);
    return { mode, authMs, loadedMs, floorMs: authFloor[mode], ratio: authMs / floorMs, loadedRatio: loadedMs / floorMs, floorOf: mode === 'session' ? 'unseal + session lookup' : 'signature check' };
  });
  const maxRss = Math.max(...m.rssAfterRoundMiB);
  const rssGrowth = (m.rssAfterRoundMiB.at(-1) ?? 0) / Math.max(m.rssAfterRoundMiB[0] ?? 0, 1);
  const floorRow = (scenario: string, run: ReturnType<typeof averaged>, floorMs: number | null, authFloorMs: number | null): FloorRow => ({
    scenario,
    serverMs: run.serverTotalMsP50,
    authMs: run.serverAuthMsP50,
    dbMs: run.serverDbMsP50,
    floorMs,
    authFloorMs,
    cpuMsPerRequest: run.cpuMsPerRequest,
  });
  const floorTable: FloorRow[] = [
    floorRow('baseline (no auth): user by id', baseline, floorOf.baseline, null),
    floorRow('GET /api/me, no credentials (401)', anonymous, null, null),
    floorRow('GET /api/me, session cookie', session, floorOf.session, authFloor.session),
    floorRow('GET /api/me, Bearer JWT', jwt, floorOf.jwt, authFloor.jwt),
    floorRow('GET /api/me, DPoP JWT (floor: no replay write)', dpop, floorOf.dpop, authFloor.dpop),
    ...(['session', 'jwt'] as const).map((mode) => {
      const run = m.oneAtATime[mode];
      return {
        scenario: `GET /api/me, ${mode === 'session' ? 'session cookie' : 'Bearer JWT'}, one at a time`,
        serverMs: round(run.serverMs.p50),
        authMs: round(run.authMs.p50),
        dbMs: round(run.dbMs.p50),
        floorMs: mode === 'session' ? floorOf.session : floorOf.jwt,
        authFloorMs: authFloor[mode],
        cpuMsPerRequest: run.cpuMsPerRequest,
      };
    }),
    {
      scenario: `login, session mode (floor: one bcrypt compare)`,
      serverMs: m.login.session.serverMs.p50,
      authMs: null,
      dbMs: m.login.session.serverDbMs.p50,
      floorMs: bcryptMs,
      authFloorMs: null,
      cpuMsPerRequest: m.login.session.cpuMsPerRequest,
    },
    {
      scenario: `login, JWT mode (floor: one bcrypt compare)`,
      serverMs: m.login.jwt.serverMs.p50,
      authMs: null,
      dbMs: m.login.jwt.serverDbMs.p50,
      floorMs: bcryptMs,
      authFloorMs: null,
      cpuMsPerRequest: m.login.jwt.cpuMsPerRequest,
    },
  ];

  const table: Row[] = [
    { scenario: 'baseline (no auth)', perSecond: baseline.requestsPerSecond, latencyMs: baseline.latencyMs, dbQueries: baseline.dbQueriesPerRequest, credentialBytes: 0, vsBaseline: 1 },
    { scenario: 'GET /api/me, no credentials (401)', perSecond: anonymous.requestsPerSecond, latencyMs: anonymous.latencyMs, dbQueries: anonymous.dbQueriesPerRequest, credentialBytes: 0, vsBaseline: anonymous.vsBaseline },
    { scenario: 'GET /api/me, session cookie', perSecond: session.requestsPerSecond, latencyMs: session.latencyMs, dbQueries: session.dbQueriesPerRequest, credentialBytes: m.credentialBytes.session, vsBaseline: session.vsBaseline },
    { scenario: 'GET /api/me, Bearer JWT', perSecond: jwt.requestsPerSecond, latencyMs: jwt.latencyMs, dbQueries: jwt.dbQueriesPerRequest, credentialBytes: m.credentialBytes.jwt, vsBaseline: jwt.vsBaseline },
    { scenario: 'GET /api/me, Bearer JWT, revocation off (same rounds as check)', perSecond: revocationOff.requestsPerSecond, latencyMs: revocationOff.latencyMs, dbQueries: revocationOff.dbQueriesPerRequest, credentialBytes: m.credentialBytes.jwt },
    { scenario: 'GET /api/me, Bearer JWT, ACCESS_TOKEN_REVOCATION=check', perSecond: revocationCheck.requestsPerSecond, latencyMs: revocationCheck.latencyMs, dbQueries: revocationCheck.dbQueriesPerRequest, credentialBytes: m.credentialBytes.jwt },
    { scenario: 'GET /api/me, DPoP JWT (fresh proof each)', perSecond: dpop.requestsPerSecond, latencyMs: dpop.latencyMs, dbQueries: dpop.dbQueriesPerRequest, credentialBytes: m.credentialBytes.dpop, vsBaseline: dpop.vsBaseline },
    { scenario: `plain JWT request (fetch, ${m.options.refreshClients} clients)`, perSecond: m.refresh.plain.flowsPerSecond, latencyMs: m.refresh.plain.latencyMs, dbQueries: m.refresh.plain.dbQueriesPerFlow, credentialBytes: m.credentialBytes.jwt },
    { scenario: 'silent refresh: 401 + refresh + retry (per flow)', perSecond: m.refresh.flow.flowsPerSecond, latencyMs: m.refresh.flow.latencyMs, dbQueries: m.refresh.flow.dbQueriesPerFlow, credentialBytes: m.credentialBytes.jwt + m.credentialBytes.refreshToken },
    { scenario: 'login, session mode (1 at a time)', perSecond: 1000 / m.login.session.latencyMs.mean, latencyMs: m.login.session.latencyMs, dbQueries: m.login.session.dbQueriesPerRequest, credentialBytes: 0 },
    { scenario: 'login, JWT mode (1 at a time)', perSecond: 1000 / m.login.jwt.latencyMs.mean, latencyMs: m.login.jwt.latencyMs, dbQueries: m.login.jwt.dbQueriesPerRequest, credentialBytes: 0 },
    { scenario: `one bcrypt compare in-process (cost ${m.options.bcryptCost})`, perSecond: 1000 / m.login.session.bcryptMs.mean, latencyMs: m.login.session.bcryptMs, dbQueries: 0, credentialBytes: 0 },
    { scenario: `login burst, both modes (${m.options.burstConnections} at once)`, perSecond: m.burst.logins.requestsPerSecond, latencyMs: m.burst.logins.latencyMs, dbQueries: m.burst.logins.dbQueriesPerRequest, credentialBytes: 0 },
    { scenario: `session lookup, ${m.options.smallSessions} rows`, perSecond: m.smallTable.requestsPerSecond, latencyMs: m.smallTable.latencyMs, dbQueries: m.smallTable.dbQueriesPerRequest, credentialBytes: m.credentialBytes.session },
    { scenario: `session lookup, ${m.options.largeSessions} rows`, perSecond: m.largeTable.requestsPerSecond, latencyMs: m.largeTable.latencyMs, dbQueries: m.largeTable.dbQueriesPerRequest, credentialBytes: m.credentialBytes.session },
  ];

  const targets: TargetCheck[] = [
    { name: 'JWT GET /api/me throughput vs baseline', target: '>= 0.90', measured: jwt.vsBaseline.toFixed(2), met: jwt.vsBaseline >= 0.9 },
    { name: 'session GET /api/me throughput vs baseline', target: '>= 0.80', measured: session.vsBaseline.toFixed(2), met: session.vsBaseline >= 0.8 },
    { name: 'silent refresh extra round trips', target: '<= 2', measured: String(extraRoundTrips), met: extraRoundTrips <= 2 },
    { name: 'silent refresh p95 vs plain request p95', target: '< 3x', measured: `${flowP95Ratio.toFixed(2)}x (${m.refresh.flow.latencyMs.p95.toFixed(1)} vs ${m.refresh.plain.latencyMs.p95.toFixed(1)} ms)${stepsLine}`, met: flowP95Ratio < 3 },
    ...(['session', 'jwt'] as const).map((mode) => ({
      name: `${mode} login latency minus one bcrypt compare (${bcryptMs.toFixed(1)} ms at cost ${m.options.bcryptCost}), median of pairs`,
      target: '<= 5 ms',
      measured: `${m.login[mode].overBcryptMs.toFixed(1)} ms (${m.login[mode].dbQueriesPerRequest} statements, db p50 ${m.login[mode].serverDbMs.p50} ms; one lookup right after a compare ${m.floor.userLookupAfterCompareMs.p50.toFixed(3)} ms, back to back ${m.floor.userLookupMs.p50.toFixed(3)} ms)`,
      met: m.login[mode].overBcryptMs <= 5,
    })),
    { name: 'p99 event-loop delay during the login burst', target: '< 20 ms', measured: `${m.burst.eventLoopDelayMs.p99} ms`, met: m.burst.eventLoopDelayMs.p99 < 20 },
    { name: `session lookup time (server db p50) at ${m.options.largeSessions} vs ${m.options.smallSessions} rows`, target: '<= 1.2x', measured: `${lookupRatio.toFixed(2)}x (${m.largeTable.dbMs.p50} vs ${m.smallTable.dbMs.p50} ms)`, met: lookupRatio <= 1.2 },
    ...authSteps.map((step) => ({
      name: `${step.mode} auth step (server auth p50, one request at a time) vs its floor (${step.floorOf})`,
      target: '<= 2x',
      measured: `${step.ratio.toFixed(2)}x (${step.authMs.toFixed(3)} vs ${step.floorMs.toFixed(3)} ms; at ${m.options.connections} connections ${step.loadedRatio.toFixed(2)}x)`,
      met: step.ratio <= 2,
    })),
    { name: 'server RSS after every round', target: '< 300 MiB', measured: `max ${maxRss} MiB (${m.rssAfterRoundMiB.join(' / ')})`, met: maxRss < 300 },
    { name: 'server RSS after the last round vs the first', target: '<= 1.10x', measured: `${rssGrowth.toFixed(2)}x`, met: rssGrowth <= 1.1 },
  ];

  return {
    table,
    floorTable,
    targets,
    floor: { ...m.floor, scenarioFloorMs: floorOf, authFloorMs: authFloor },
    scenarios: {
      baseline,
      meAnonymous: anonymous,
      meSession: { ...session, credentialBytes: m.credentialBytes.session },
      meJwt: { ...jwt, credentialBytes: m.credentialBytes.jwt },
      oneAtATime: m.oneAtATime,
      meJwtRevocation: { off: revocationOff, check: revocationCheck, checkVsOff: round(m.revocation.checkVsOff, 3) },
      meDpop: { ...dpop, credentialBytes: m.credentialBytes.dpop, vsBearer: round(median(m.rounds.map((entry) => entry.dpop.requestsPerSecond / entry.jwt.requestsPerSecond)), 3) },
      silentRefresh: { ...m.refresh.flow, extraRoundTrips, p95VsPlain: round(flowP95Ratio), refreshTokenBytes: m.credentialBytes.refreshToken, oneAtATime: { ...m.refresh.steps, flowCpuVsPlain: flowCpuVsPlain === null ? null : round(flowCpuVsPlain) } },
      plainJwtRequest: m.refresh.plain,
      loginSession: m.login.session,
      loginJwt: m.login.jwt,
      bcryptCompareMs: round(bcryptMs, 2),
      loginBurst: m.burst,
      sessionLookupSmall: { rows: m.options.smallSessions, ...m.smallTable },
      sessionLookupLarge: { rows: m.options.largeSessions, ...m.largeTable, dbP50VsSmall: round(lookupRatio) },
    },
  };
}

main(parseOptions(process.argv.slice(2))).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
