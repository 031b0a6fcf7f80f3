/**
 * Every server the Playwright suite needs, started at once: Playwright starts its webServer
 * entries one after another, and one profile takes 5-15 s to migrate, seed and boot, so sixteen
 * of them in a row held the first test back by two to four minutes.
 *
 * Usage: tsx scripts/test-servers.ts. The SQLite profiles copy one database migrated and seeded
 * here (SQLITE_TEMPLATE); the PostgreSQL profiles (with TEST_POSTGRES_URL) copy a migrated
 * template database (tests/support/postgres-template.ts) and seed the copy.
 * When every profile answers, this process answers 200 on readinessPort, which is what
 * Playwright waits for. SIGTERM/SIGINT stop every profile (dropping the PostgreSQL databases).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { baseUrlOf, postgresTestServerProfiles, readinessPort, testServerProfiles } from '../tests/support/servers';
import { prepareDatabase } from './cluster';

type ProfileName = Parameters<typeof baseUrlOf>[0];

const profiles = [
  ...Object.keys(testServerProfiles),
  ...(process.env.TEST_POSTGRES_URL ? Object.keys(postgresTestServerProfiles) : []),
] as ProfileName[];

function prepareSqliteTemplate(): string {
  const dir = path.resolve('data', 'test', '.template');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'app.db');
  prepareDatabase({
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: `file:${file}`,
    ALLOW_GENERATED_SECRETS: 'true',
    SECRETS_FILE: path.join(dir, 'secrets.json'),
    BCRYPT_COST: '4',
  });
  return file;
}

async function waitUntilServing(name: ProfileName, child: ChildProcess): Promise<void> {
  const url = `${baseUrlOf(name)}/api/health`;
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`profile ${name} exited before it served (${child.exitCode ?? child.signalCode})`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(5000) })).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`profile ${name} did not answer ${url} within 180 s`);
}

function stopAll(children: ChildProcess[], signal: NodeJS.Signals): Promise<void> {
  const exits = children.map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill(signal);
      }),
  );
  return Promise.all(exits).then(() => undefined);
}

async function main() {
  const template = prepareSqliteTemplate();
  const children = new Map<ProfileName, ChildProcess>();
  let stopping: Promise<void> | undefined;
  const stop = (signal: NodeJS.Signals, code: number) => {
    stopping ??= stopAll([...children.values()], signal).finally(() => process.exit(code));
    return stopping;
  };
  // Playwright signals the whole process group, and may do so twice: stop once, stay subscribed.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal, 0));

  for (const name of profiles) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/test-server.ts', name], {
      env: { ...process.env, SQLITE_TEMPLATE: template },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code, signal) => {
      if (stopping) return;
      console.error(`test server ${name} exited (${code ?? signal}): stopping the others`);
      void stop('SIGTERM', 1);
    });
    children.set(name, child);
  }

  try {
    await Promise.all([...children].map(([name, child]) => waitUntilServing(name, child)));
  } catch (error) {
    console.error(error);
    await stop('SIGTERM', 1);
    return;
  }
  http.createServer((_request, response) => response.end('ready')).listen(readinessPort);
}

void main();
