import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A migrated SQLite database of its own for a test file, configured through the environment
 * before any app module is imported (lib/env.ts reads process.env once).
 */
export function createTempDatabase(): { dir: string; url: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-modes-test-'));
  const url = `file:${path.join(dir, 'app.db')}`;
  Object.assign(process.env, { DATABASE_URL: url, SECRETS_FILE: path.join(dir, 'secrets.json'), BCRYPT_COST: '4' });
  execFileSync('npm', ['run', '--silent', 'db:migrate'], { env: process.env, stdio: 'pipe' });
  return { dir, url, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
