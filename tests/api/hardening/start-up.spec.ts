import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort } from '../../support/attack-server';

// A bad or missing variable stops the production server before it listens (instrumentation.ts,
// server.mjs), with the variable named: an instance that would answer 500 never joins a load
// balancer. Each case starts the real build (`npm run build` first) on a port of its own.

/** `mapped`: what the process had mapped into memory once it answered (/proc; null elsewhere or if it never did). */
type Outcome = { exitCode: number | null; output: string; answered: boolean; mapped: string | null };

const SECRETS = ['SESSION_SECRET', 'JWT_PRIVATE_KEY', 'REFRESH_TOKEN_SECRET'] as const;

/** Whether anything accepts a TCP connection on the port right now. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.setTimeout(500);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/**
 * Runs `node server.mjs` in production with the given variables until it exits (killed after
 * `settleMs` if it is still running), knocking on its port all the while.
 */
async function startServer(variables: Record<string, string>, settleMs = 60_000): Promise<Outcome> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-modes-start-up-'));
  const port = await freePort();
  // Empty means unset to lib/env.ts: no secret from the environment running the tests leaks in.
  const unsetSecrets = Object.fromEntries(SECRETS.map((name) => [name, '']));
  const child = spawn(process.execPath, ['server.mjs'], {
    env: {
      ...process.env,
      ...unsetSecrets,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      BIND_ADDRESS: '127.0.0.1',
      DATABASE_URL: `file:${path.join(dir, 'app.db')}`,
      ALLOW_GENERATED_SECRETS: 'true',
      SECRETS_FILE: path.join(dir, 'secrets.json'),
      ...variables,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let running = true;
  void exited.then(() => (running = false));

  let answered = false;
  let mapped: string | null = null;
  const deadline = Date.now() + settleMs;
  while (running && Date.now() < deadline) {
    if (await answers(port)) {
      answered = true;
      mapped = readMaps(child.pid);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (running) child.kill('SIGKILL');
  const exitCode = await exited;
  fs.rmSync(dir, { recursive: true, force: true });
  return { exitCode: running ? null : exitCode, output, answered, mapped };
}

function readMaps(pid: number | undefined): string | null {
  try {
    return pid === undefined ? null : fs.readFileSync(`/proc/${pid}/maps`, 'utf8');
  } catch {
    return null;
  }
}

test.describe('start-up with a bad configuration', () => {
  test.describe.configure({ mode: 'parallel' });
  test.setTimeout(120_000);

  const refusals: Array<[string, Record<string, string>, RegExp[]]> = [
    ['a secret too short', { SESSION_SECRET: 'short' }, [/SESSION_SECRET: must be at least 32 characters/]],
    ['a bad number', { ACCESS_TOKEN_TTL: '-1' }, [/ACCESS_TOKEN_TTL: /]],
    ['an unsupported DATABASE_URL scheme', { DATABASE_URL: 'mysql://db.example/app' }, [/DATABASE_URL: unsupported scheme/]],
    ['a signing key that is not Ed25519', { JWT_PRIVATE_KEY: '{"kty":"RSA"}' }, [/JWT_PRIVATE_KEY: must be an Ed25519 private key/]],
    [
      'secrets missing in production without ALLOW_GENERATED_SECRETS',
      { ALLOW_GENERATED_SECRETS: 'false' },
      SECRETS.map((name) => new RegExp(`${name}: required in production`)),
    ],
  ];
  for (const [kind, variables, messages] of refusals) {
    test(`${kind}: exits 1 before it listens, naming the variable`, async () => {
      const outcome = await startServer(variables);
      // Next logs a failing hook with the minified chunk around it: the end says what happened.
      const said = outcome.output.slice(-1500);
      expect(outcome.answered, said).toBe(false);
      expect(outcome.exitCode, said).toBe(1);
      expect(outcome.output).toContain('> not starting: Invalid configuration');
      for (const message of messages) expect(outcome.output).toMatch(message);
      expect(outcome.output).not.toContain('> Ready on');
    });
  }

  test('a good configuration (generated secrets) does start, so the cases above prove something', async () => {
    const outcome = await startServer({}, 60_000);
    expect(outcome.answered, outcome.output.slice(-1500)).toBe(true);
    expect(outcome.output).not.toContain('not starting');
    // The configuration comes from the build (server.mjs): next.config.ts is not transpiled again,
    // so Next's SWC binary (24 MiB, resident for the process's life) is never loaded.
    test.skip(outcome.mapped === null, 'no /proc here');
    expect(outcome.mapped).not.toMatch(/next-swc|@next[\\/]swc/);
  });
});
