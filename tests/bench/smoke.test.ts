import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import pg from 'pg';

// The whole benchmark on a tiny population with one-second runs, against the existing build:
// proves every scenario runs end to end and reports real numbers, not that they are good.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
const out = path.join(dir, 'smoke.json');
const port = process.env.BENCH_SMOKE_PORT ?? '3901';

const runQuick = async (args: string[]) => {
  const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'bench', '--', '--quick', '--no-build', '--out', out, ...args], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    maxBuffer: 10 * 1024 * 1024,
  });
  return { stdout, report: JSON.parse(fs.readFileSync(out, 'utf8')) };
};

type Measured = { requestsPerSecond?: number; flowsPerSecond?: number; samples?: number; latencyMs: { p50: number; p95: number; p99: number } };

/**
 * One lookup per session request, plus at most one idle-expiry slide per session in a timed run:
 * a slide falls due once a minute, and a run on a busy machine lasts longer than that. So the
 * extra is at most the sessions sampled over the requests sent; two queries each would fail.
 */
function expectSessionQueries(perRequest: number, sessions: number, requests: number) {
  const most = 1 + sessions / Math.max(1, requests);
  assert.ok(perRequest >= 1 && perRequest <= most, `session queries per request: ${perRequest} (at most ${most.toFixed(2)})`);
}

const fewestRequests = (rounds: { requests: number }[]) => Math.min(...rounds.map((round) => round.requests));

describe('npm run bench --quick', () => {
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the table and the targets, and writes every scenario with measured numbers', { timeout: 120_000 }, async () => {
    const { stdout, report } = await runQuick(['--port', port]);

    assert.match(stdout, /^scenario\s+req\/s\s+p50 ms\s+p95 ms\s+p99 ms\s+queries\s+cred B\s+vs base$/m);
    for (const row of ['baseline (no auth)', 'no credentials (401)', 'session cookie', 'Bearer JWT', 'DPoP JWT', 'silent refresh', 'login, session mode', 'login, JWT mode', 'one bcrypt compare', 'login burst', 'session lookup']) {
      assert.ok(stdout.includes(row), `the table has a "${row}" row`);
    }
    assert.match(stdout, /^(met|MISSED) +p99 event-loop delay during the login burst: [\d.]+ ms/m);

    const scenarios: Record<string, Measured> = report.scenarios;
    const names = ['baseline', 'meAnonymous', 'meSession', 'meJwt', 'meDpop', 'silentRefresh', 'plainJwtRequest', 'loginSession', 'loginJwt', 'sessionLookupSmall', 'sessionLookupLarge'];
    for (const name of names) {
      const scenario = scenarios[name];
      assert.ok(scenario, `scenario ${name} is in the JSON`);
      assert.ok((scenario.requestsPerSecond ?? scenario.flowsPerSecond ?? scenario.samples ?? 0) > 0, `${name} has a rate or a sample count`);
      for (const percentile of ['p50', 'p95', 'p99'] as const) assert.ok(scenario.latencyMs[percentile] > 0, `${name} has a ${percentile} latency`);
    }

    // Queries per request come from the server's Server-Timing header: the 401 path never reaches
    // the database, a session lookup is one query, JWT /api/me reads the user once.
    assert.equal(report.scenarios.meAnonymous.dbQueriesPerRequest, 0);
    expectSessionQueries(report.scenarios.meSession.dbQueriesPerRequest, report.options.sample, fewestRequests(report.scenarios.meSession.rounds));
    assert.equal(report.scenarios.meJwt.dbQueriesPerRequest, 1);
    // DPoP adds one write per request: the proof's jti into the replay store.
    assert.equal(report.scenarios.meDpop.dbQueriesPerRequest, 2);
    assert.ok(report.scenarios.meDpop.serverDpopMsP50 > 0 && report.scenarios.meDpop.vsBearer > 0, 'the proof check is timed by Server-Timing');
    assert.equal(report.scenarios.silentRefresh.roundTripsPerFlow, 3);
    assert.ok(report.scenarios.silentRefresh.dbQueriesPerFlow > 1);
    // Each request of the flow alone, one at a time: the 401, the refresh (which rotated) and the retry.
    for (const step of ['expired', 'refresh', 'plain'] as const) {
      const cost = report.scenarios.silentRefresh.oneAtATime[step];
      assert.ok(cost.requests > 0 && cost.latencyMsP50 > 0, `the flow's ${step} step was timed on its own`);
      if (process.platform === 'linux') assert.ok(cost.cpuMsPerRequest > 0, `the flow's ${step} step has a CPU time`);
    }
    assert.match(stdout, /silent refresh p95 vs plain request p95: .*one at a time, CPU of 401 [\d.]+ \+ refresh [\d.]+ \+ retry [\d.]+ ms = [\d.]+x/);
    assert.ok(report.scenarios.meSession.credentialBytes > 0 && report.scenarios.meJwt.credentialBytes > 0);
    assert.ok(report.scenarios.bcryptCompareMs > 0);
    assert.equal(typeof report.scenarios.loginSession.overBcryptMs, 'number');
    assert.ok(report.scenarios.loginJwt.dbQueriesPerRequest > 0);
    assert.ok(report.scenarios.loginBurst.logins.requestsPerSecond > 0);
    assert.ok(report.scenarios.loginBurst.eventLoopDelayMs.samples > 0);
    assert.ok(report.serverRssMiB.atStart > 0 && report.serverRssMiB.atEnd > 0);
    assert.ok(report.population.sessions.large >= report.options.largeSessions);
    // The floor: each bare operation timed in-process, printed beside each scenario's server time.
    assert.match(stdout, /^scenario\s+server ms\s+floor ms\s+vs floor\s+auth ms\s+auth floor\s+auth vs floor\s+db ms\s+CPU ms\/req$/m);
    for (const operation of ['unsealMs', 'verifyMs', 'proofVerifyMs', 'sessionLookupMs', 'userLookupMs', 'userLookupAfterCompareMs'] as const) assert.ok(report.floor[operation].p50 > 0, `the floor times ${operation}`);
    for (const name of ['baseline', 'meSession', 'meJwt', 'meDpop']) assert.ok(report.scenarios[name].serverTotalMsP50 > 0, `${name} has a server-side time`);
    assert.ok(report.floorTable.every((row: { serverMs: number }) => row.serverMs > 0), 'every floor row has a server-side time');
    if (process.platform === 'linux') assert.ok(report.scenarios.meJwt.cpuMsPerRequest > 0, 'CPU time per request is read from /proc');
    // The auth step beside its floor is timed as the floor is, one request at a time.
    for (const mode of ['session', 'jwt'] as const) assert.ok(report.scenarios.oneAtATime[mode].authMs.p50 > 0, `${mode} one at a time has an auth time`);
    assert.match(stdout, /^(met|MISSED) +session auth step \(server auth p50, one request at a time\) vs its floor/m);
    assert.equal(report.targets.length, 12);
  });
});

// The PostgreSQL path (CI sets TEST_POSTGRES_URL): its own database, the same scenarios, one vs two
// instances behind the front door, and the database dropped afterwards.
const postgresUrl = process.env.TEST_POSTGRES_URL;

describe('npm run bench --quick --database postgres --instances 2', { skip: postgresUrl ? false : 'TEST_POSTGRES_URL is not set' }, () => {
  it('measures session and JWT on its own database through 1 and 2 instances, then drops the database', { timeout: 120_000 }, async () => {
    const pgPort = process.env.BENCH_SMOKE_PG_PORT ?? '3960';
    const { stdout, report } = await runQuick(['--database', 'postgres', '--postgres-url', postgresUrl!, '--instances', '2', '--port', pgPort]);

    assert.match(stdout, /^database: PostgreSQL \d+/m);
    assert.match(stdout, /^scenario \(through the front door\)\s+1× req\/s\s+1× p50\s+2× req\/s\s+2× p50\s+2× vs 1×$/m);
    assert.equal(report.scenarios.meAnonymous.dbQueriesPerRequest, 0);
    expectSessionQueries(report.scenarios.meSession.dbQueriesPerRequest, report.options.sample, fewestRequests(report.scenarios.meSession.rounds));
    assert.equal(report.scenarios.meJwt.dbQueriesPerRequest, 1);
    for (const name of ['baseline', 'meSession', 'meJwt', 'sessionLookupLarge']) assert.ok(report.scenarios[name].requestsPerSecond > 0, `${name} has a rate`);
    assert.ok(report.population.sessions.large >= report.options.largeSessions);

    assert.deepEqual(report.scaling.map((run: { instances: number }) => run.instances), [1, 2]);
    for (const run of report.scaling) {
      for (const name of ['baseline', 'anonymous', 'session', 'jwt']) assert.ok(run.scenarios[name].requestsPerSecond > 0, `${run.instances} instance(s): ${name} has a rate`);
      expectSessionQueries(run.scenarios.session.dbQueriesPerRequest, report.options.sample, Math.min(...run.scenarios.session.byRound) * report.options.seconds);
      assert.equal(run.scenarios.anonymous.dbQueriesPerRequest, 0);
    }

    const name = /database (auth_modes_bench_[0-9a-f]+)/.exec(report.database)?.[1];
    assert.ok(name, `the report names its database: ${report.database}`);
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      assert.equal(rowCount, 0, `${name} was dropped`);
    } finally {
      await admin.end();
    }
  });
});
