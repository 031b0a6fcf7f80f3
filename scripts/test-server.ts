/**
 * Starts the production build for the test suite on a fresh database of its own.
 * Usage: tsx scripts/test-server.ts <profile>, where the profile picks port and lifetimes.
 * Playwright's webServer runs one of these per profile and stops it after the run.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { testServerProfiles, type TestServerProfileName } from '../tests/support/servers';

const name = process.argv[2] as TestServerProfileName;
const profile = testServerProfiles[name];
if (!profile) {
  console.error(`unknown profile "${process.argv[2]}"; use one of ${Object.keys(testServerProfiles).join(', ')}`);
  process.exit(2);
}

const dataDir = path.resolve('data', 'test', name);
fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  DATABASE_URL: profile.databaseUrl,
  ALLOW_GENERATED_SECRETS: 'true',
  SECRETS_FILE: path.join(dataDir, 'secrets.json'),
  BCRYPT_COST: '4',
  ...profile.env,
};

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
execFileSync(npm, ['run', '--silent', 'db:migrate'], { env, stdio: 'inherit' });
execFileSync(npm, ['run', '--silent', 'db:seed'], { env, stdio: 'inherit' });

const server = spawn(process.execPath, ['server.mjs'], {
  env: { ...env, PORT: String(profile.port) },
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code) => process.exit(code ?? 0));
