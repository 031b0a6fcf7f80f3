import path from 'node:path';
import { createClient, type Client, type InValue } from '@libsql/client';
import { migrateDatabase, planInserts, quote, ROWS_PER_TRANSACTION } from './batches';
import type { BenchDatabase, Value } from './types';

// SQLite allows 32 766 bound values per statement; stay well under it.
const MAX_VALUES_PER_STATEMENT = 30_000;

/** How Prisma's SQLite driver adapter stores DateTime: ISO 8601 text with an explicit offset. */
const toSqlite = (value: Value): InValue => (value instanceof Date ? value.toISOString().replace('Z', '+00:00') : value);

// The server has the file open too: wait for its lock instead of failing. A large page cache
// keeps the random-key index inserts (token hashes, ids) off the disk: 5x faster at 1M rows.
const SEEDING_PRAGMAS = ['PRAGMA busy_timeout = 10000', 'PRAGMA cache_size = -262144', 'PRAGMA temp_store = MEMORY'];

/** A fresh SQLite file in `dir`, migrated with `prisma migrate deploy` like any deployment. */
export function sqliteDatabase(dir: string): BenchDatabase {
  const url = `file:${path.join(dir, 'app.db')}`;
  let client: Client | undefined;
  const connection = (): Client => (client ??= createClient({ url }));

  return {
    url,
    migrate() {
      migrateDatabase(url);
    },
    async insert(table, rows) {
      if (rows.length === 0) return;
      const { columns, head, transactions } = planInserts(table, rows, MAX_VALUES_PER_STATEMENT);
      const placeholders = `(${columns.map(() => '?').join(', ')})`;
      const db = connection();
      for (const chunks of transactions) {
        const statements = chunks.map((chunk) => ({
          sql: head + chunk.map(() => placeholders).join(', '),
          args: chunk.flatMap((row) => columns.map((column) => toSqlite(row[column] ?? null))),
        }));
        // One batch is one transaction: a crash leaves either all of it or none. libSQL runs it on
        // a connection of its own, so the connection settings go inside the batch.
        await db.batch([...SEEDING_PRAGMAS, ...statements], 'write');
      }
    },
    async fillSessions(count, { idleMs, absoluteMs }, userAgents) {
      const db = connection();
      const users = Number((await db.execute('SELECT max(rowid) AS n FROM "User"')).rows[0]?.n ?? 0);
      const iso = (ms: string) => `strftime('%Y-%m-%dT%H:%M:%f+00:00', (${ms}) / 1000.0, 'unixepoch')`;
      const agent = `CASE abs(random()) % ${userAgents.length} ${userAgents.map((ua, index) => `WHEN ${index} THEN '${ua.replace(/'/g, "''")}'`).join(' ')} END`;
      for (let done = 0; done < count; done += ROWS_PER_TRANSACTION) {
        const rows = Math.min(ROWS_PER_TRANSACTION, count - done);
        const now = Date.now();
        // Users are picked by rowid (1..n, as bulk-inserted). MATERIALIZED makes each random()
        // drawn once per row: an inlined CTE column would be re-drawn wherever it is used.
        const sql = `
          INSERT INTO "Session" (id, tokenHash, userId, createdAt, lastSeenAt, idleExpiresAt, absoluteExpiresAt, userAgent, ip, revokedAt)
          WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows}),
            created AS MATERIALIZED (SELECT i, ${now} - abs(random()) % ${Math.floor(absoluteMs * 0.9)} AS c, 1 + abs(random()) % ${users} AS u FROM n),
            seen AS MATERIALIZED (SELECT i, c, u, max(c, ${now} - abs(random()) % ${Math.floor(idleMs * 0.9)}) AS l FROM created)
          SELECT 'c' || lower(hex(randomblob(12))), lower(hex(randomblob(32))),
            (SELECT id FROM "User" WHERE rowid = seen.u),
            ${iso('c')}, ${iso('l')}, ${iso(`min(l + ${idleMs}, c + ${absoluteMs})`)}, ${iso(`c + ${absoluteMs}`)},
            ${agent}, '10.' || (i % 256) || '.' || (abs(random()) % 256) || '.' || (abs(random()) % 256), NULL
          FROM seen`;
        await db.batch([...SEEDING_PRAGMAS, sql], 'write');
      }
    },
    async count(table) {
      const result = await connection().execute(`SELECT COUNT(*) AS n FROM ${quote(table)}`);
      return Number(result.rows[0]?.n ?? 0);
    },
    async describe() {
      const result = await connection().execute('SELECT sqlite_version() AS version');
      return `SQLite ${String(result.rows[0]?.version)} (libSQL), a file in a temp folder`;
    },
    async close() {
      client?.close();
      client = undefined;
    },
  };
}
