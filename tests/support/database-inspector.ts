import { createClient } from '@libsql/client';
import pg from 'pg';
import { databaseProvider } from '@/lib/db/database-url';

export type Column = { name: string; type: 'string' | 'int' | 'boolean' | 'datetime' | 'other'; nullable: boolean };

/**
 * Reads a migrated database's catalog and rows over a plain driver connection, the same questions
 * for both providers, so tests can compare what the migrations built instead of trusting them.
 */
export type DatabaseInspector = {
  provider: 'sqlite' | 'postgresql';
  /** Application tables (Prisma's own bookkeeping table included), sorted. */
  tables(): Promise<string[]>;
  columns(table: string): Promise<Column[]>;
  /** Secondary and unique index names, without the primary keys' implicit ones. */
  indexes(): Promise<string[]>;
  /** Runs a query written with $1, $2 placeholders and quoted identifiers, and returns its rows. */
  rows(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Like rows, but returns the first column of the first row. */
  scalar(sql: string, params?: unknown[]): Promise<unknown>;
  close(): Promise<void>;
};

function logicalType(declared: string): Column['type'] {
  const type = declared.toLowerCase();
  if (type === 'text') return 'string';
  if (type === 'integer') return 'int';
  if (type === 'boolean') return 'boolean';
  if (type === 'datetime' || type.startsWith('timestamp')) return 'datetime';
  return 'other';
}

export function openInspector(url: string): DatabaseInspector {
  return databaseProvider(url) === 'sqlite' ? sqliteInspector(url) : postgresInspector(url);
}

function sqliteInspector(url: string): DatabaseInspector {
  const client = createClient({ url });
  const rows = async (sql: string, args: unknown[] = []) => (await client.execute({ sql, args: args as never })).rows;
  return {
    provider: 'sqlite',
    async tables() {
      return (await rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")).map((row) => String(row.name));
    },
    async columns(table) {
      return (await rows(`SELECT name, type, "notnull" FROM pragma_table_info(?) ORDER BY name`, [table])).map((row) => ({
        name: String(row.name),
        type: logicalType(String(row.type)),
        nullable: Number(row.notnull) === 0,
      }));
    },
    async indexes() {
      return (await rows("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%' ORDER BY name")).map((row) => String(row.name));
    },
    async rows(sql, params = []) {
      // ?NNN, not ?: a query may name one parameter twice ($1 ... $1), which plain ? would shift.
      return (await rows(sql.replace(/\$(\d+)/g, '?$1'), params)).map((row) => ({ ...row }));
    },
    async scalar(sql, params = []) {
      const first = (await this.rows(sql, params))[0];
      return first ? Object.values(first)[0] : undefined;
    },
    async close() {
      client.close();
    },
  };
}

function postgresInspector(url: string): DatabaseInspector {
  const client = new pg.Client({ connectionString: url });
  const connected = client.connect();
  const rows = async (sql: string, params: unknown[] = []) => {
    await connected;
    return (await client.query(sql, params)).rows as Record<string, unknown>[];
  };
  return {
    provider: 'postgresql',
    async tables() {
      return (await rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name COLLATE \"C\"")).map((row) => String(row.table_name));
    },
    async columns(table) {
      return (
        await rows("SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY column_name COLLATE \"C\"", [table])
      ).map((row) => ({ name: String(row.column_name), type: logicalType(String(row.data_type)), nullable: row.is_nullable === 'YES' }));
    },
    async indexes() {
      return (await rows("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%\\_pkey' ORDER BY indexname COLLATE \"C\"")).map((row) => String(row.indexname));
    },
    rows,
    async scalar(sql, params = []) {
      const first = (await rows(sql, params))[0];
      return first ? Object.values(first)[0] : undefined;
    },
    async close() {
      await connected.catch(() => undefined);
      await client.end();
    },
  };
}
