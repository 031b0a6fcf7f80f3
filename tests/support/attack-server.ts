import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A production server this test starts and stops itself (Playwright's webServer servers live for
 * the whole run): `node server.mjs` on a database and secrets file of its own, which survive
 * restarts. Needs `npm run build` first, like every test server.
 */
export type OwnServer = {
  baseUrl: string;
  databaseFile: string;
  start(): Promise<void>;
  /** SIGKILL by default: the process gets no chance to flush or close anything. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  remove(): void;
};

/** A port nobody listens on now, so this server cannot collide with a profile's or another checkout's. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

export async function createOwnServer(extraEnv: Record<string, string> = {}): Promise<OwnServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-modes-own-server-'));
  const port = await freePort();
  const databaseFile = path.join(dir, 'app.db');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: `file:${databaseFile}`,
    ALLOW_GENERATED_SECRETS: 'true',
    SECRETS_FILE: path.join(dir, 'secrets.json'),
    BCRYPT_COST: '4',
    PORT: String(port),
    ...extraEnv,
  };
  execFileSync('npm', ['run', '--silent', 'db:migrate'], { env, stdio: 'pipe' });
  execFileSync('npm', ['run', '--silent', 'db:seed'], { env, stdio: 'pipe' });

  const baseUrl = `http://localhost:${port}`;
  let child: ChildProcess | undefined;

  return {
    baseUrl,
    databaseFile,
    async start() {
      child = spawn(process.execPath, ['server.mjs'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      for (let attempt = 0; attempt < 300; attempt += 1) {
        if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr}`);
        const healthy = await fetch(`${baseUrl}/api/health`).then((response) => response.ok, () => false);
        if (healthy) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`server did not become healthy: ${stderr}`);
    },
    async stop(signal: NodeJS.Signals = 'SIGKILL') {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill(signal);
      await exited;
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
