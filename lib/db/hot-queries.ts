import 'server-only';
import crypto from 'node:crypto';
import type { InValue } from '@libsql/client';
import pg from 'pg';
import { env } from '@/lib/env';
import { databaseProvider } from './database-url';
import { counted } from './query-observer';
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

type Value = string | number | Date | null;
type Row = Record<string, unknown>;

interface Driver {
  /** Rows of one statement. */
  query(sql: string, args: Value[]): Promise<Row[]>;
  /** Atomic multi-statement work is written per provider (rotateRefreshTokenOnce). */
  readonly provider: 'sqlite' | 'postgresql';
}

// Prisma's libSQL adapter stores DateTime as ISO 8601 text with an explicit offset; text
// comparisons in its queries rely on every row having that one format.
const toSqlite = (value: Value): InValue => (value instanceof Date ? value.toISOString().replace('Z', '+00:00') : value);
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

function driver(): Driver {
  const url = env().databaseUrl;
  if (holder.authModesHotDriver?.url !== url) {
    holder.authModesHotDriver = { url, driver: databaseProvider(url) === 'sqlite' ? sqliteDriver(url) : postgresDriver(url) };
  }
  return holder.authModesHotDriver.driver;
}

const date = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));
const optionalDate = (value: unknown): Date | null => (value === null || value === undefined ? null : date(value));
// SQLite stores a Boolean as the integer 0 or 1; pg parses it to true or false.
const bool = (value: unknown): boolean => value === true || value === 1 || value === 1n || value === '1';
const optionalString = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** Ids of rows inserted here: unique, URL-safe and of the shape Prisma's cuid() rows have (a letter, then 24 characters). */
export const newRowId = () => `c${crypto.randomBytes(12).toString('hex')}`;

export type PublicUserRow = { id: string; email: string; name: string; role: string; companyName: string | null; createdAt: Date };

const USER_COLUMNS = (alias: string, prefix = '') =>
  ['id', 'email', 'name', 'role', 'companyName', 'createdAt'].map((column) => `${alias}."${column}"${prefix ? ` AS "${prefix}${column}"` : ''}`).join(', ');

function userFrom(row: Row, prefix = ''): PublicUserRow {
  return {
    id: String(row[`${prefix}id`]),
    email: String(row[`${prefix}email`]),
    name: String(row[`${prefix}name`]),
    role: String(row[`${prefix}role`]),
    companyName: optionalString(row[`${prefix}companyName`]),
    createdAt: date(row[`${prefix}createdAt`]),
  };
}

/** The fields of a user that pages and GET /api/me see (lib/auth/user-dto.ts), by primary key. */
export async function publicUserById(id: string): Promise<PublicUserRow | null> {
  const rows = await counted(() => driver().query(`SELECT ${USER_COLUMNS('u')} FROM "User" u WHERE u."id" = ?`, [id]));
  return rows[0] ? userFrom(rows[0]) : null;
}

export type SessionLookupRow = {
  id: string;
  userId: string;
  tokenHash: string;
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  revokedAt: Date | null;
  /** Step-up's last password check (Session.authTime); null for a row from before the column. */
  authTime: Date | null;
  user: PublicUserRow;
};

// Each joined lookup's columns, with how each is read back: the one list the SELECT and the
// mapping are both made from, so a column added here is read and returned in one edit.
const convert = { string: (value: unknown) => String(value), optionalString, date, optionalDate, bool };
type Columns = Record<string, keyof typeof convert>;
type Mapped<C extends Columns> = { -readonly [K in keyof C]: ReturnType<(typeof convert)[C[K]]> };

/** One row of `table` by a unique column, joined to its user: one statement (Prisma's include sent two on SQLite). */
async function oneJoinedToUser<C extends Columns>(table: string, columns: C, by: string, value: string): Promise<(Mapped<C> & { user: PublicUserRow }) | null> {
  const names = Object.keys(columns);
  const rows = await counted(() =>
    driver().query(
      `SELECT ${names.map((name) => `t."${name}"`).join(', ')}, ${USER_COLUMNS('u', 'user_')}
       FROM "${table}" t JOIN "User" u ON u."id" = t."userId" WHERE t."${by}" = ?`,
      [value],
    ),
  );
  const row = rows[0];
  if (!row) return null;
  const mapped = Object.fromEntries(names.map((name) => [name, convert[columns[name]!](row[name])])) as Mapped<C>;
  return { ...mapped, user: userFrom(row, 'user_') };
}

const SESSION_COLUMNS = {
  id: 'string',
  userId: 'string',
  tokenHash: 'string',
  createdAt: 'date',
  lastSeenAt: 'date',
  idleExpiresAt: 'date',
  absoluteExpiresAt: 'date',
  revokedAt: 'optionalDate',
  authTime: 'optionalDate',
} as const;

/** A session by its token hash, joined to its user: one indexed statement per session request. */
export function sessionByTokenHash(tokenHash: string): Promise<SessionLookupRow | null> {
  return oneJoinedToUser('Session', SESSION_COLUMNS, 'tokenHash', tokenHash);
}

export type RefreshTokenRow = {
  id: string;
  jti: string;
  tokenHash: string;
  familyId: string;
  parentId: string | null;
  userId: string;
  issuedAt: Date;
  expiresAt: Date;
  familyExpiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  revokedReason: string | null;
  dpopJkt: string | null;
  authTime: Date | null;
  remember: boolean;
  user: PublicUserRow;
};

const REFRESH_TOKEN_COLUMNS = {
  id: 'string',
  jti: 'string',
  tokenHash: 'string',
  familyId: 'string',
  parentId: 'optionalString',
  userId: 'string',
  issuedAt: 'date',
  expiresAt: 'date',
  familyExpiresAt: 'date',
  usedAt: 'optionalDate',
  revokedAt: 'optionalDate',
  revokedReason: 'optionalString',
  dpopJkt: 'optionalString',
  authTime: 'optionalDate',
  remember: 'bool',
} as const;

/** A refresh token by its jti, joined to its user. */
export function refreshTokenByJti(jti: string): Promise<RefreshTokenRow | null> {
  return oneJoinedToUser('RefreshToken', REFRESH_TOKEN_COLUMNS, 'jti', jti);
}

export type ThrottleCounter = { key: string; points: number; expire: Date | null };

/**
 * Adds points to throttle counters (lib/auth/login-throttle.ts), all in one statement, one round
 * trip: a counter whose window is over starts again from these points with a new window, a live
 * one is incremented, a missing one is created. This is rate-limiter-flexible's Prisma store
 * (delete the expired row, then an atomic upsert-increment) folded into one atomic upsert, which
 * is what keeps the count exact under concurrency; through Prisma it took two operations per
 * counter, and its deleteMany is a transaction of its own.
 */
export async function addThrottlePointsAt(counters: Array<{ key: string; points: number }>, now: Date, windowSeconds: number): Promise<ThrottleCounter[]> {
  const expire = new Date(now.getTime() + windowSeconds * 1000);
  const rows = await counted(() =>
    driver().query(
      `INSERT INTO "RateLimiterFlexible" AS r ("key", "points", "expire") VALUES ${counters.map(() => '(?, ?, ?)').join(', ')}
       ON CONFLICT ("key") DO UPDATE SET
         "points" = CASE WHEN r."expire" <= ? THEN excluded."points" ELSE r."points" + excluded."points" END,
         "expire" = CASE WHEN r."expire" <= ? THEN excluded."expire" ELSE r."expire" END
       RETURNING "key", "points", "expire"`,
      [...counters.flatMap((counter) => [counter.key, counter.points, expire]), now, now],
    ),
  );
  const byKey = new Map(rows.map((row) => [String(row.key), { key: String(row.key), points: Number(row.points), expire: optionalDate(row.expire) }]));
  return counters.map((counter) => byKey.get(counter.key)!);
}

/** Removes one throttle counter (a successful login clears its account's failures). */
export async function clearThrottleCounter(key: string): Promise<void> {
  await counted(() => driver().query('DELETE FROM "RateLimiterFlexible" WHERE "key" = ?', [key]));
}

// The successor's own values come first, in this order; the rest are the family's, copied from the
// parent row ("id" of the parent becomes the successor's "parentId").
const SUCCESSOR_COLUMNS = ['id', 'jti', 'tokenHash', 'issuedAt', 'expiresAt', 'userAgent', 'ip', 'familyId', 'parentId', 'userId', 'familyExpiresAt', 'dpopJkt', 'authTime', 'remember']
  .map((column) => `"${column}"`)
  .join(', ');
const COPIED_COLUMNS = (alias: string) =>
  ['familyId', 'id', 'userId', 'familyExpiresAt', 'dpopJkt', 'authTime', 'remember'].map((column) => (alias ? `${alias}."${column}"` : `"${column}"`)).join(', ');

const stepUpColumns = (row: Row) => ({ authTime: optionalDate(row.authTime), remember: bool(row.remember) });

export type SuccessorInput = {
  parentId: string;
  usedAt: Date;
  /**
   * The successor's own fields; family, user, family expiry, DPoP key, auth_time and remember
   * are copied from the parent row as the write finds it (a reauthenticate that committed first
   * is carried on).
   */
  successor: { jti: string; tokenHash: string; issuedAt: Date; expiresAt: Date; userAgent: string | null; ip: string | null };
};

/**
 * One rotation, all or nothing, in one round trip: the parent is marked used if it is still
 * unused and unrevoked, and only then its successor is inserted (copying the family's columns
 * from the parent) and the refresh recorded in the audit trail. Returns what the successor
 * copied of step-up's columns, or null when the parent was no longer rotatable (a concurrent
 * rotation or a revocation got there first): nothing was written then.
 * Because marking and inserting commit together, no reader ever sees a used token without its
 * successor, or a successor whose parent is unused.
 */
export async function rotateRefreshTokenOnce(input: SuccessorInput): Promise<{ authTime: Date | null; remember: boolean } | null> {
  const { parentId, usedAt, successor } = input;
  const successorId = newRowId();
  const eventId = newRowId();
  const successorValues = [successorId, successor.jti, successor.tokenHash, successor.issuedAt, successor.expiresAt, successor.userAgent, successor.ip];
  const current = driver();
  if (current.provider === 'sqlite') {
    const url = env().databaseUrl;
    // changes() is the row count of the statement before: each step runs only if the one before
    // it changed its row. A batch is one transaction, run synchronously on the shared connection;
    // its last statement reads back the successor, if there is one.
    const results = await counted(() =>
      sharedSqliteClient(url).batch(
        [
          { sql: 'UPDATE "RefreshToken" SET "usedAt" = ? WHERE "id" = ? AND "usedAt" IS NULL AND "revokedAt" IS NULL', args: [toSqlite(usedAt), parentId] },
          {
            sql: `INSERT INTO "RefreshToken" (${SUCCESSOR_COLUMNS})
                  SELECT ?, ?, ?, ?, ?, ?, ?, ${COPIED_COLUMNS('p')} FROM "RefreshToken" p WHERE p."id" = ? AND changes() = 1`,
            args: [...successorValues.map(toSqlite), parentId],
          },
          {
            sql: `INSERT INTO "AuthEvent" ("id", "type", "mode", "userId", "ip", "userAgent", "createdAt")
                  SELECT ?, 'refresh', 'jwt', p."userId", ?, ?, ? FROM "RefreshToken" p WHERE p."id" = ? AND changes() = 1`,
            args: [eventId, successor.ip, successor.userAgent, toSqlite(usedAt), parentId],
          },
          { sql: 'SELECT "authTime", "remember" FROM "RefreshToken" WHERE "id" = ?', args: [successorId] },
        ],
        'write',
      ),
    );
    const copied = results[3]?.rows[0] as Row | undefined;
    return copied ? stepUpColumns(copied) : null;
  }
  // One statement is one transaction: the CTEs see one snapshot, and a concurrent rotation of the
  // same parent waits for this one's row lock, then finds "usedAt" set and changes nothing.
  const rows = await counted(() =>
    current.query(
      `WITH marked AS (
         UPDATE "RefreshToken" SET "usedAt" = ? WHERE "id" = ? AND "usedAt" IS NULL AND "revokedAt" IS NULL
         RETURNING ${COPIED_COLUMNS('')}
       ), successor AS (
         INSERT INTO "RefreshToken" (${SUCCESSOR_COLUMNS})
         SELECT ?, ?, ?, ?::timestamp, ?::timestamp, ?, ?, ${COPIED_COLUMNS('m')} FROM marked m
         RETURNING "userId", "authTime", "remember"
       ), event AS (
         INSERT INTO "AuthEvent" ("id", "type", "mode", "userId", "ip", "userAgent", "createdAt")
         SELECT ?, 'refresh', 'jwt', s."userId", ?, ?, ?::timestamp FROM successor s
       )
       SELECT "authTime", "remember" FROM successor`,
      [usedAt, parentId, ...successorValues, eventId, successor.ip, successor.userAgent, usedAt],
    ),
  );
  return rows[0] ? stepUpColumns(rows[0]) : null;
}
