import 'server-only';
import crypto from 'node:crypto';
import type { InValue } from '@libsql/client';
import pg from 'pg';
import { env } from '@/lib/env';
import { databaseProvider } from './database-url';
import { sharedPostgresPool } from './postgres-adapter';
import { sharedSqliteClient } from './sqlite-adapter';

/**
 * The few statements on the per-request and per-refresh path, sent through the driver Prisma's
 * adapter itself uses (libSQL, pg), on the very same client or pool, without the ORM: Prisma's
 * per-operation cost (~0.2-0.4 ms) was most of an authenticated request's server time
 * (docs/decisions/0012-hot-queries.md). Everything else, the schema and the migrations stay
 * Prisma's. Each statement is written once for both providers (quoted identifiers, `?`
 * placeholders that become `$n` for PostgreSQL) and reported to the query observer (the request's Server-Timing
 * ledger) like a Prisma operation: one call here is one round trip to the database.
 */

export type Value = string | number | Date | null;
export type Row = Record<string, unknown>;

export interface Driver {
  /** Rows of one statement. */
  query(sql: string, args: Value[]): Promise<Row[]>;
  /** Atomic multi-statement work is written per provider (rotateRefreshTokenOnce). */
  readonly provider: 'sqlite' | 'postgresql';
}

// Prisma's libSQL adapter stores DateTime as ISO 8601 text with an explicit offset; text
// comparisons in its queries rely on every row having that one format.
export const toSqlite = (value: Value): InValue => (value instanceof Date ? value.toISOString().replace('Z', '+00:00') : value);
// The PostgreSQL schema's TIMESTAMP(3) has no time zone and holds UTC: send UTC text, as adapter-pg does.
const toPostgres = (value: Value): string | number | null => (value instanceof Date ? value.toISOString().replace('Z', '') : value);

// pg would read a TIMESTAMP without time zone in the process's local zone.
const TIMESTAMP_OID = 1114;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP_OID && format !== 'binary' ? (text: string) => new Date(`${text.replace(' ', 'T')}Z`) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function sqliteDriver(url: string): Driver {
  return {
    provider: 'sqlite',
    async query(sql, args) {
      const result = await sharedSqliteClient(url).execute({ sql, args: args.map(toSqlite) });
      return result.rows as unknown as Row[];
    },
  };
}

function postgresDriver(url: string): Driver {
  return {
    provider: 'postgresql',
    async query(sql, args) {
      let index = 0;
      const text = sql.replace(/\?/g, () => `$${(index += 1)}`);
      const result = await sharedPostgresPool(url).query({ text, values: args.map(toPostgres), types: pgTypes });
      return result.rows as Row[];
    },
  };
}

const holder = globalThis as { authModesHotDriver?: { url: string; driver: Driver } };

export function driver(): Driver {
  const url = env().databaseUrl;
  if (holder.authModesHotDriver?.url !== url) {
    holder.authModesHotDriver = { url, driver: databaseProvider(url) === 'sqlite' ? sqliteDriver(url) : postgresDriver(url) };
  }
  return holder.authModesHotDriver.driver;
}

export const date = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));
export const optionalDate = (value: unknown): Date | null => (value === null || value === undefined ? null : date(value));
// SQLite stores a Boolean as the integer 0 or 1; pg parses it to true or false.
export const bool = (value: unknown): boolean => value === true || value === 1 || value === 1n || value === '1';
export const optionalString = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** Ids of rows inserted here: unique, URL-safe and of the shape Prisma's cuid() rows have (a letter, then 24 characters). */
export const newRowId = () => `c${crypto.randomBytes(12).toString('hex')}`;
