import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { createClient, type Client, type InValue } from '@libsql/client';
import type { BenchDatabase, Value } from './types';

// SQLite allows 32 766 bound values per statement; stay well under it.
const MAX_VALUES_PER_STATEMENT = 30_000;
// Rows per transaction: large enough that commits do not dominate, small enough to bound memory.
const ROWS_PER_TRANSACTION = 50_000;

/** How Prisma's SQLite driver adapter stores DateTime: ISO 8601 text with an explicit offset. */
const toSqlite = (value: Value): InValue => (value instanceof Date ? value.toISOString().replace('Z', '+00:00') : value);

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** A fresh SQLite file in `dir`, migrated with `prisma migrate deploy` like any deployment. */
export function sqliteDatabase(dir: string): BenchDatabase {
  const url = `file:${path.join(dir, 'app.db')}`;
  let client: Client | undefined;
  const connection = async (): Promise<Client> => {
    if (!client) {
      client = createClient({ url });
      // The server has the file open too: wait for its lock instead of failing. A large page
      // cache keeps the random-key index inserts (token hashes, ids) off the disk.
      for (const pragma of ['PRAGMA busy_timeout = 10000', 'PRAGMA cache_size = -262144', 'PRAGMA temp_store = MEMORY']) {
        await client.execute(pragma);
      }
    }
    return client;
  };

  return {
    url,
    migrate() {
      execFileSync('npm', ['run', '--silent', 'db:migrate'], { env: { ...process.env, DATABASE_URL: url }, stdio: 'pipe' });
    },
    async insert(table, rows) {
      if (rows.length === 0) return;
      const columns = Object.keys(rows[0]!);
      const rowsPerStatement = Math.max(1, Math.floor(MAX_VALUES_PER_STATEMENT / columns.length));
      const head = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES `;
      const placeholders = `(${columns.map(() => '?').join(', ')})`;
      const db = await connection();
      for (let start = 0; start < rows.length; start += ROWS_PER_TRANSACTION) {
        const statements = [];
        const slice = rows.slice(start, start + ROWS_PER_TRANSACTION);
        for (let offset = 0; offset < slice.length; offset += rowsPerStatement) {
          const chunk = slice.slice(offset, offset + rowsPerStatement);
          statements.push({
            sql: head + chunk.map(() => placeholders).join(', '),
            args: chunk.flatMap((row) => columns.map((column) => toSqlite(row[column] ?? null))),
          });
        }
        // One batch is one transaction: a crash leaves either all of it or none.
        await db.batch(statements, 'write');
      }
    },
    async count(table) {
      const result = await (await connection()).execute(`SELECT COUNT(*) AS n FROM ${quote(table)}`);
      return Number(result.rows[0]?.n ?? 0);
    },
    async close() {
      client?.close();
      client = undefined;
    },
  };
}
