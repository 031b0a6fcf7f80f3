import 'server-only';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const devSecretsSchema = z.object({
  sessionSecret: z.string().min(32),
  refreshTokenSecret: z.string().min(32),
  jwtPrivateKey: z.string().min(1),
});

export type DevSecrets = z.infer<typeof devSecretsSchema>;

/**
 * Development (and the test suite) run with no .env at all. The secrets they need are made once
 * and kept in the git-ignored data folder, so a restart does not log everybody out.
 */
export function loadOrCreateDevSecrets(file = path.join(process.cwd(), 'data', 'secrets.json')): DevSecrets {
  const existing = readSecrets(file);
  if (existing) return existing;

  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const secrets: DevSecrets = {
    sessionSecret: crypto.randomBytes(32).toString('base64url'),
    refreshTokenSecret: crypto.randomBytes(32).toString('base64url'),
    jwtPrivateKey: JSON.stringify(privateKey.export({ format: 'jwk' })),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Every instance checks its configuration as it starts, so several may get here at once.
  // Written whole under a name of its own, then linked into place: link fails if another
  // process got there first (then its secrets win), and nobody ever reads a half-written file.
  const draft = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(draft, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(draft, file);
  } catch (error) {
    const raced = readSecrets(file);
    if (raced) return raced;
    throw error;
  } finally {
    fs.rmSync(draft, { force: true });
  }
  return secrets;
}

function readSecrets(file: string): DevSecrets | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let parsed: DevSecrets | undefined;
  try {
    parsed = devSecretsSchema.parse(JSON.parse(text));
  } catch {
    throw new Error(`${file} is not a secrets file written by this app; delete it to have it made again`);
  }
  return parsed;
}
