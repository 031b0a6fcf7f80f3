/** The production build and server the benchmark measures. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pinnedCommand } from './cpu';

// What a build is made from; a build older than any of these is stale.
const BUILD_INPUTS = ['app', 'lib', 'components', 'proxy.ts', 'next.config.ts', 'package.json', 'tsconfig.json', 'postcss.config.mjs'];

function newestMtime(entry: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(entry)
    .reduce((newest, child) => Math.max(newest, newestMtime(path.join(entry, child))), stat.mtimeMs);
}

/** True when .next holds a production build at least as new as every source it is made from. */
export function buildIsCurrent(root: string): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return false;
  const built = fs.statSync(buildId).mtimeMs;
  return BUILD_INPUTS.every((input) => newestMtime(path.join(root, input)) <= built);
}

export function ensureBuild(root: string, log: (line: string) => void): 'built' | 'current' {
  if (buildIsCurrent(root)) return 'current';
  log('building (npm run build)...');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  return 'built';
}

/** The environment the benchmark's server runs with; this process sets it too, so credentials it makes are the server's. */
export function benchServerEnv(databaseUrl: string, dir: string, bcryptCost: number) {
  return {
    NODE_ENV: 'production' as const,
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: databaseUrl,
    ALLOW_GENERATED_SECRETS: 'true',
    SECRETS_FILE: path.join(dir, 'secrets.json'),
    BCRYPT_COST: String(bcryptCost),
    BENCH_ROUTES: 'true',
  };
}

export type RunningServer = { baseUrl: string; pid: number; stop: () => Promise<void> };

/**
 * The production start (`sh server.sh`, as npm start) in production mode, in its own process group
 * so stopping it stops everything it started; on the cores `pinTo` names (taskset execs sh, which
 * execs node: the pid is the server's).
 */
export async function startServer(root: string, port: number, env: NodeJS.ProcessEnv, pinTo: string | null = null): Promise<RunningServer> {
  const baseUrl = `http://127.0.0.1:${port}`;
  if (await answers(baseUrl)) throw new Error(`port ${port} is already in use; pick another with --port (3900-3999)`);
  const [command, args] = pinnedCommand(pinTo, 'sh', ['server.sh']);
  const child: ChildProcess = spawn(command, args, {
    cwd: root,
    env: { ...env, NODE: process.execPath, PORT: String(port), BIND_ADDRESS: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    }
  };
  const deadline = Date.now() + 60_000;
  while (!(await answers(baseUrl))) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${stderr}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer on ${baseUrl} within 60 s:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { baseUrl, pid: child.pid!, stop };
}

async function answers(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}
