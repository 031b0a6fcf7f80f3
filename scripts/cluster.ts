/**
 * Several instances of the production build on one PostgreSQL database behind nginx (round robin,
 * scripts/nginx.ts), to show (and test) that nothing deciding authentication lives in one process,
 * and that instances can be restarted one at a time without losing a request.
 *
 *   npm run cluster [-- --instances 3 --port 3000]      then  kill -HUP <its pid>: rolling restart
 *
 * DATABASE_URL must be PostgreSQL (default postgresql://postgres@127.0.0.1:5432/auth_modes, created
 * if missing); it is migrated and seeded first. Builds the app first if there is no build.
 * Every instance gets the same secrets: from the environment when set (as in production), else
 * generated once into SECRETS_FILE (default data/cluster/secrets.json) for a local demo.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { databaseProvider, redactPassword } from '../lib/db/database-url';
import { ensureDatabase } from '../lib/db/postgres-admin';
import { FAIL_TIMEOUT_SECONDS, freePort, startNginx } from './nginx';

export type ClusterOptions = {
  /** A migrated and seeded PostgreSQL database. */
  databaseUrl: string;
  instances: number;
  /** nginx's port (0: any free port). */
  port: number;
  /** The instances' ports; by default, free ports the system hands out. */
  instancePorts?: number[];
  /** Environment for every instance (secrets, lifetimes, limits). */
  env: NodeJS.ProcessEnv;
  /** Extra environment per instance, by index (e.g. one instance's DATABASE_URL through a relay). */
  instanceEnv?: Record<string, string>[];
  stdio?: 'inherit' | 'ignore';
};

export type RestartReport = { port: number; oldPid: number; newPid: number; exitCode: number | null; ms: number };

export type Cluster = {
  /** nginx's address. */
  frontDoor: string;
  instances: string[];
  /** nginx's access log (with each request's upstream address and status). */
  accessLog: string;
  /** The running instance processes' ids, by index. */
  pids: () => number[];
  /**
   * A rolling restart: each instance in turn is stopped gracefully (SIGTERM: it drains, then exits),
   * replaced on the same port, and back in nginx's rotation before the next one is stopped.
   */
  restart: (log?: (line: string) => void) => Promise<RestartReport[]>;
  stop: () => Promise<void>;
};

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seeds a migrated database; seeding also creates the shared secrets file before any instance reads it. */
export function seedDatabase(env: NodeJS.ProcessEnv): void {
  execFileSync(npm, ['run', '--silent', 'db:seed'], { env, stdio: 'inherit' });
}

/** Migrates and seeds (see seedDatabase). */
export function prepareDatabase(env: NodeJS.ProcessEnv): void {
  execFileSync(npm, ['run', '--silent', 'db:migrate'], { env, stdio: 'inherit' });
  seedDatabase(env);
}

/** Readiness (not draining, database reachable), polled until it answers 200. */
async function waitUntilReady(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the instance for ${url} exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health/ready`, { signal: AbortSignal.timeout(5000) })).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not become ready within ${timeoutMs / 1000} s`);
}

function exitOf(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** The access log's lines as [upstream address, status] pairs, one per attempt (retries included). */
function upstreamAttempts(lines: string): [string, number][] {
  const attempts: [string, number][] = [];
  for (const match of lines.matchAll(/upstream=(.*?) upstream_status=(.*?) request_time=/g)) {
    const addresses = match[1]!.split(/, | : /);
    const statuses = match[2]!.split(/, | : /);
    addresses.forEach((address, index) => attempts.push([address, Number(statuses[index])]));
  }
  return attempts;
}

/**
 * After a restart, nginx may still skip the instance (fail_timeout after the draining instance's
 * 503s). Stopping the next instance before nginx uses this one again would leave nginx with no
 * live instance, so wait until the access log shows it answering, or until traffic has been quiet
 * for longer than fail_timeout (then nginx has nothing held against it).
 */
async function waitUntilInRotation(accessLog: string, upstream: string, fromOffset: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  let size = fromOffset;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const current = fs.statSync(accessLog).size;
    if (current !== size) {
      quietSince = Date.now();
      size = current;
      const fd = fs.openSync(accessLog, 'r');
      const buffer = Buffer.alloc(current - fromOffset);
      fs.readSync(fd, buffer, 0, buffer.length, fromOffset);
      fs.closeSync(fd);
      if (upstreamAttempts(buffer.toString()).some(([address, status]) => address === upstream && status < 500)) return;
    } else if (Date.now() - quietSince > (FAIL_TIMEOUT_SECONDS + 1) * 1000) {
      return;
    }
    await sleep(100);
  }
  throw new Error(`nginx did not send a request to ${upstream} within 60 s of its restart`);
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const ports = options.instancePorts ?? (await Promise.all(Array.from({ length: options.instances }, freePort)));
  const frontPort = options.port || (await freePort());
  // nginx appends one more X-Forwarded-For entry than whatever stands in front of it, and browsers
  // reach the app at nginx's address.
  const trustedHops = Number(options.env.TRUSTED_PROXY_HOPS ?? 0) + 1;
  const appOrigin = options.env.APP_ORIGIN || [`http://localhost:${frontPort}`, `http://127.0.0.1:${frontPort}`].join(',');
  const shutdownTimeoutMs = Number(options.env.SHUTDOWN_TIMEOUT_MS ?? 10_000);
  const spawnInstance = (index: number) =>
    // The production start (server.sh execs node, so the child is the server itself).
    spawn('sh', ['server.sh'], {
      env: {
        ...options.env,
        NODE: process.execPath,
        NODE_ENV: 'production',
        DATABASE_URL: options.databaseUrl,
        PORT: String(ports[index]),
        TRUSTED_PROXY_HOPS: String(trustedHops),
        APP_ORIGIN: appOrigin,
        ...options.instanceEnv?.[index],
      },
      stdio: options.stdio ?? 'inherit',
    });
  const children = ports.map((_, index) => spawnInstance(index));
  const instances = ports.map((port) => `http://localhost:${port}`);
  // SIGINT: no drain delay, nginx is gone or never came up.
  const stopInstances = () => Promise.all(children.map((child) => (child.kill('SIGINT'), exitOf(child, shutdownTimeoutMs + 5000))));
  try {
    await Promise.all(instances.map((url, index) => waitUntilReady(url, children[index]!)));
    const nginx = await startNginx({ port: frontPort, upstreams: ports.map((port) => `127.0.0.1:${port}`), stdio: options.stdio });
    let restarting: Promise<RestartReport[]> | undefined;
    const restartAll = async (log: (line: string) => void) => {
      const reports: RestartReport[] = [];
      for (const [index, port] of ports.entries()) {
        const started = Date.now();
        const old = children[index]!;
        log(`restarting the instance on port ${port} (pid ${old.pid}): draining`);
        old.kill('SIGTERM');
        const exitCode = await exitOf(old, shutdownTimeoutMs + 5000);
        const replacement = spawnInstance(index);
        children[index] = replacement;
        await waitUntilReady(instances[index]!, replacement);
        await waitUntilInRotation(nginx.accessLog, `127.0.0.1:${port}`, fs.statSync(nginx.accessLog).size);
        reports.push({ port, oldPid: old.pid!, newPid: replacement.pid!, exitCode, ms: Date.now() - started });
        log(`port ${port}: pid ${old.pid} exited with ${exitCode}, pid ${replacement.pid} serving (${Date.now() - started} ms)`);
      }
      return reports;
    };
    return {
      frontDoor: nginx.url,
      instances,
      accessLog: nginx.accessLog,
      pids: () => children.map((child) => child.pid!),
      restart: (log = () => undefined) => {
        // One rolling restart at a time; a second request waits for the first and then runs.
        const run = (restarting ?? Promise.resolve([])).catch(() => []).then(() => restartAll(log));
        restarting = run;
        return run;
      },
      stop: async () => {
        await restarting?.catch(() => undefined);
        await nginx.stop();
        await stopInstances();
      },
    };
  } catch (error) {
    await stopInstances();
    throw error;
  }
}

async function main() {
  const { values } = parseArgs({
    options: { instances: { type: 'string', default: process.env.CLUSTER_INSTANCES ?? '2' }, port: { type: 'string', default: process.env.PORT ?? '3000' } },
  });
  const instances = Number(values.instances);
  const port = Number(values.port);
  if (!Number.isInteger(instances) || instances < 1) throw new Error('--instances must be a whole number of at least 1');
  if (!Number.isInteger(port) || port < 0) throw new Error('--port must be a port number');

  const databaseUrl = process.env.DATABASE_URL?.trim() || 'postgresql://postgres@127.0.0.1:5432/auth_modes';
  if (databaseProvider(databaseUrl) !== 'postgresql') {
    throw new Error('npm run cluster needs a PostgreSQL DATABASE_URL: instances on other machines cannot share a SQLite file');
  }
  if (await ensureDatabase(databaseUrl)) console.log(`created database ${redactPassword(databaseUrl)}`);

  if (!fs.existsSync(path.join('.next', 'BUILD_ID'))) {
    console.log('no production build yet: building');
    execFileSync(npm, ['run', 'build'], { stdio: 'inherit' });
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: databaseUrl,
    SECRETS_FILE: process.env.SECRETS_FILE ?? path.resolve('data', 'cluster', 'secrets.json'),
    // Without secrets in the environment, every instance reads the same generated file.
    ALLOW_GENERATED_SECRETS: process.env.ALLOW_GENERATED_SECRETS ?? 'true',
  };
  prepareDatabase(env);

  const cluster = await startCluster({ databaseUrl, instances, port, env });
  console.log(`\n${instances} instance(s) on ${redactPassword(databaseUrl)}: ${cluster.instances.join(', ')}`);
  console.log(`nginx (round robin): ${cluster.frontDoor}   access log: ${cluster.accessLog}`);
  console.log(`rolling restart: kill -HUP ${process.pid}   Ctrl-C stops everything\n`);
  process.on('SIGHUP', () => {
    cluster.restart((line) => console.log(`[restart] ${line}`)).then(
      (reports) => console.log(`[restart] done: ${reports.length} instance(s) restarted, one at a time`),
      (error: unknown) => console.error('[restart] failed:', error),
    );
  });
  let stopping: Promise<void> | undefined;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // Ctrl-C reaches every process of the group at once, and may come twice: stop once, stay subscribed.
    process.on(signal, () => {
      stopping ??= cluster.stop().then(() => process.exit(0));
    });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
