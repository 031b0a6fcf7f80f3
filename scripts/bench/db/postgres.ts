import pg from 'pg';
import { redactPassword } from '@/lib/db/database-url';
import { createRandomDatabase, databaseNameOf, dropDatabase } from '@/lib/db/postgres-admin';
import { migrateDatabase, planInserts, quote, ROWS_PER_TRANSACTION } from './batches';
import type { BenchDatabase, Value } from './types';

// PostgreSQL's wire protocol numbers bind parameters with 16 bits.
const MAX_VALUES_PER_STATEMENT = 60_000;

/**
 * The PostgreSQL schema stores DateTime as TIMESTAMP(3) without time zone, holding UTC. pg would
 * send a Date in the local zone with an offset, which a plain TIMESTAMP silently drops: send UTC
 * text instead, as Prisma's adapter does.
 */
const toPostgres = (value: Value): string | number | null => (value instanceof Date ? value.toISOString().replace('Z', '') : value);

/**
 * A new database with a random name on the server of `serverUrl`, migrated with
 * `prisma migrate deploy` like any deployment; close() drops it again.
 */
export async function postgresDatabase(serverUrl: string): Promise<BenchDatabase> {
  const url = await createRandomDatabase(serverUrl, 'auth_modes_bench');
  let client: pg.Client | undefined;
  const connection = async (): Promise<pg.Client> => {
    if (!client) {
      const fresh = new pg.Client({ connectionString: url });
      await fresh.connect();
      client = fresh;
    }
    return client;
  };
  const inTransaction = async (work: (db: pg.Client) => Promise<void>) => {
    const db = await connection();
    await db.query('BEGIN');
    try {
      await work(db);
      await db.query('COMMIT');
    } catch (error) {
      await db.query('ROLLBACK');
      throw error;
    }
  };

  return {
    url,
    migrate() {
      migrateDatabase(url);
    },
    async insert(table, rows) {
      if (rows.length === 0) return;
      const { columns, head, transactions } = planInserts(table, rows, MAX_VALUES_PER_STATEMENT);
      for (const chunks of transactions) {
        await inTransaction(async (db) => {
          for (const chunk of chunks) {
            const tuples = chunk.map((_, row) => `(${columns.map((__, column) => `$${row * columns.length + column + 1}`).join(', ')})`);
            await db.query(head + tuples.join(', '), chunk.flatMap((row) => columns.map((column) => toPostgres(row[column] ?? null))));
          }
        });
      }
    },
    async fillSessions(count, { idleMs, absoluteMs }, userAgents) {
      const hex = 'replace(gen_random_uuid()::text, \'-\', \'\')';
      const utc = (ms: string) => `(to_timestamp((${ms}) / 1000.0) AT TIME ZONE 'UTC')`;
      for (let done = 0; done < count; done += ROWS_PER_TRANSACTION) {
        const rows = Math.min(ROWS_PER_TRANSACTION, count - done);
        // Volatile random() keeps each CTE materialized, so a row's draws are made once and agree
        // wherever they are used. Users are picked from one array of all ids.
        const sql = `
          INSERT INTO "Session" ("id", "tokenHash", "userId", "createdAt", "lastSeenAt", "idleExpiresAt", "absoluteExpiresAt", "userAgent", "ip", "revokedAt")
          WITH users AS (SELECT array_agg("id") AS ids FROM "User"),
            created AS MATERIALIZED (
              SELECT i, $1::bigint - floor(random() * $2)::bigint AS c, 1 + floor(random() * cardinality(users.ids))::int AS u
              FROM generate_series(1, $3::int) AS i, users),
            seen AS MATERIALIZED (SELECT i, c, u, greatest(c, $1::bigint - floor(random() * $4)::bigint) AS l FROM created)
          SELECT 'c' || left(${hex}, 24), ${hex} || ${hex}, users.ids[seen.u],
            ${utc('c')}, ${utc('l')}, ${utc(`least(l + ${idleMs}, c + ${absoluteMs})`)}, ${utc(`c + ${absoluteMs}`)},
            ($5::text[])[1 + floor(random() * cardinality($5::text[]))::int],
            '10.' || (i % 256) || '.' || floor(random() * 256) || '.' || floor(random() * 256), NULL
          FROM seen, users`;
        await inTransaction(async (db) => {
          await db.query(sql, [Date.now(), Math.floor(absoluteMs * 0.9), rows, Math.floor(idleMs * 0.9), [...userAgents]]);
        });
      }
      // Fresh statistics, so the planner's view of the table is what a long-running one has.
      await (await connection()).query('ANALYZE "Session"');
    },
    async count(table) {
      const result = await (await connection()).query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${quote(table)}`);
      return Number(result.rows[0]?.n ?? 0);
    },
    async describe() {
      const result = await (await connection()).query<{ version: string }>("SELECT current_setting('server_version') AS version");
      return `PostgreSQL ${result.rows[0]?.version ?? '?'}, database ${databaseNameOf(url)} on ${redactPassword(serverUrl)}`;
    },
    async close() {
      await client?.end();
      client = undefined;
      await dropDatabase(url);
    },
  };
}
