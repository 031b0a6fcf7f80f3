/**
 * The session lookup alone, without HTTP: the same Prisma operation the server runs, and the
 * same lookup as one raw SQL join, timed one at a time at 1 000 and at 1 000 000 rows. This is
 * how README "Performance" separates the index's cost from Prisma's and from the server's load.
 * Usage: node --conditions=react-server --import tsx scripts/bench/lookup-profile.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@libsql/client';
import { sha256Hex } from '@/lib/crypto';
import { publicUserSelect } from '@/lib/auth/user-dto';
import { db as prisma } from '@/lib/db/client';
import { sqliteDatabase } from './db/sqlite';
import { percentiles } from './load';
import { Population } from './population';

const PASSES = 3;
// What lib/auth/session.ts selects.
const sessionSelect = {
  id: true, userId: true, tokenHash: true, createdAt: true, lastSeenAt: true, idleExpiresAt: true, absoluteExpiresAt: true, revokedAt: true,
  user: { select: publicUserSelect },
} as const;

async function timeEach(hashes: string[], lookup: (hash: string) => Promise<unknown>) {
  const times: number[] = [];
  for (const hash of hashes) {
    const started = performance.now();
    if (!(await lookup(hash))) throw new Error('a sampled session was not found');
    times.push(performance.now() - started);
  }
  return percentiles(times);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-modes-lookup-'));
  const database = sqliteDatabase(dir);
  Object.assign(process.env, { NODE_ENV: 'production', ALLOW_GENERATED_SECRETS: 'true', SECRETS_FILE: path.join(dir, 'secrets.json'), DATABASE_URL: database.url });
  const raw = createClient({ url: database.url });
  try {
    database.migrate();
    const population = new Population(database, 1000);
    await population.addUsers(10_000, 'not-a-hash');
    for (const target of [1_000, 1_000_000]) {
      await population.addSessions(target - population.sessionCount);
      const hashes = population.sessions.items.map((session) => sha256Hex(session.token));
      const viaPrisma = (hash: string) => prisma().session.findUnique({ where: { tokenHash: hash }, select: sessionSelect });
      const viaSql = async (hash: string) =>
        (await raw.execute({ sql: 'SELECT s.*, u.email FROM "Session" s JOIN "User" u ON u.id = s.userId WHERE s.tokenHash = ?', args: [hash] })).rows[0];
      await timeEach(hashes, viaPrisma); // warm the caches
      for (let pass = 1; pass <= PASSES; pass += 1) {
        const prismaMs = await timeEach(hashes, viaPrisma);
        const sqlMs = await timeEach(hashes, viaSql);
        console.log(`${population.sessionCount} rows, pass ${pass}: Prisma p50 ${prismaMs.p50} ms (p95 ${prismaMs.p95}), raw SQL p50 ${sqlMs.p50} ms (p95 ${sqlMs.p95})`);
      }
    }
  } finally {
    raw.close();
    await prisma().$disconnect();
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
