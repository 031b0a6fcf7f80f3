/**
 * Several instances of the production build on one PostgreSQL database, behind one round-robin
 * front door, to show (and test) that nothing deciding authentication lives in one process.
 *
 *   npm run cluster [-- --instances 3 --port 3000]
 *
 * DATABASE_URL must be PostgreSQL (default postgresql://postgres@127.0.0.1:5432/auth_modes, created
 * if missing); it is migrated and seeded first. Builds the app first if there is no build.
 * Every instance gets the same secrets: from the environment when set (as in production), else
 * generated once into SECRETS_FILE (default data/cluster/secrets.json) for a local demo.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { databaseProvider, redactPassword } from '../lib/db/database-url';
import { ensureDatabase } from '../lib/db/postgres-admin';
import { startFrontDoor } from './front-door';

export type ClusterOptions = {
  /** A migrated and seeded PostgreSQL database. */
  databaseUrl: string;
  instances: number;
  /** The front door's port (0: any free port). */
  port: number;
  /** The instances' ports; by default, free ports the system hands out. */
  instancePorts?: number[];
  /** Environment for every instance (secrets, lifetimes, limits). */
  env: NodeJS.ProcessEnv;
  stdio?: 'inherit' | 'ignore';
};

export type Cluster = { frontDoor: string; instances: string[]; stop: () => Promise<void> };

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Migrates and seeds; seeding also creates the shared secrets file before any instance reads it. */
export function prepareDatabase(env: NodeJS.ProcessEnv): void {
  execFileSync(npm, ['run', '--silent', 'db:migrate'], { env, stdio: 'inherit' });
  execFileSync(npm, ['run', '--silent', 'db:seed'], { env, stdio: 'inherit' });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilHealthy(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the instance for ${url} exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not become healthy within ${timeoutMs / 1000} s`);
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const ports = options.instancePorts ?? (await Promise.all(Array.from({ length: options.instances }, freePort)));
  // The front door appends one more X-Forwarded-For entry than whatever stands in front of it.
  const trustedHops = Number(options.env.TRUSTED_PROXY_HOPS ?? 0) + 1;
  const children = ports.map((port) =>
    spawn(process.execPath, ['server.mjs'], {
      env: { ...options.env, NODE_ENV: 'production', DATABASE_URL: options.databaseUrl, PORT: String(port), TRUSTED_PROXY_HOPS: String(trustedHops) },
      stdio: options.stdio ?? 'inherit',
    }),
  );
  const instances = ports.map((port) => `http://localhost:${port}`);
  const stopInstances = () =>
    Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
  try {
    await Promise.all(instances.map((url, index) => waitUntilHealthy(url, children[index]!)));
    const frontDoor = await startFrontDoor(instances.map((url) => url.replace('localhost', '127.0.0.1')), options.port);
    return {
      frontDoor: frontDoor.url,
      instances,
      stop: async () => {
        await frontDoor.close();
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
  console.log(`front door (round robin): ${cluster.frontDoor}   Ctrl-C stops everything\n`);
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
