import 'server-only';
import { driver, newRowId, optionalString, type Value } from './hot-driver';
import { USER_COLUMNS, userFrom, type PublicUserRow, type RefreshTokenRow } from './hot-queries';
import { counted } from './query-observer';

/**
 * A login's own statements, through the driver like the per-request ones (lib/db/hot-driver.ts):
 * Prisma's query compiler and result mapping were ~5 ms of a login's main-thread work
 * (docs/decisions/0012-hot-queries.md).
 * The inserts set every column, the id (cuid's shape) and the null ones included: the schema's
 * @default values are the ORM's to fill in, not the database's, so none may be left out here.
 */

/** Inserts one row and returns its new id; `row`'s keys are the column names (fixed by the types below, never input). */
async function insert(table: string, row: Record<string, Value>): Promise<string> {
  const values = { id: newRowId(), ...row };
  const columns = Object.keys(values);
  await counted(() =>
    driver().query(`INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, Object.values(values)),
  );
  return values.id;
}

export type CredentialRow = PublicUserRow & { passwordHash: string };

/** The user a login names, with the hash its password is checked against. */
export async function userWithPasswordByEmail(email: string): Promise<CredentialRow | null> {
  const rows = await counted(() => driver().query(`SELECT ${USER_COLUMNS('u')}, u."passwordHash" FROM "User" u WHERE u."email" = ?`, [email]));
  return rows[0] ? { ...userFrom(rows[0]), passwordHash: String(rows[0].passwordHash) } : null;
}

/** The user's password hash as it is now (null: no such user). */
export async function currentPasswordHash(userId: string): Promise<string | null> {
  const rows = await counted(() => driver().query('SELECT "passwordHash" FROM "User" WHERE "id" = ?', [userId]));
  return rows[0] ? optionalString(rows[0].passwordHash) : null;
}

export type AuthEventRow = {
  type: string;
  mode: string | null;
  userId: string | null;
  email: string | null;
  ip: string | null;
  userAgent: string | null;
  detail: string | null;
  createdAt: Date;
};

export const insertAuthEvent = (row: AuthEventRow): Promise<string> => insert('AuthEvent', row);

export type SessionInsertRow = {
  tokenHash: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  userAgent: string | null;
  ip: string | null;
  revokedAt: null;
  authTime: Date;
  revokedReason: null;
};

export const insertSession = (row: SessionInsertRow): Promise<string> => insert('Session', row);

/** The row as the lookup reads it (every column but the id and the joined user), plus what only an insert sets; a new token is unused and unrevoked. */
export type RefreshTokenInsertRow = Omit<RefreshTokenRow, 'id' | 'user' | 'usedAt' | 'revokedAt' | 'revokedReason'> & {
  usedAt: null;
  revokedAt: null;
  revokedReason: null;
  userAgent: string | null;
  ip: string | null;
};

// SQLite keeps a Boolean as 0 or 1 (as Prisma's adapter writes it); PostgreSQL reads '1'/'0' as a boolean too.
export const insertRefreshToken = (row: RefreshTokenInsertRow): Promise<string> => insert('RefreshToken', { ...row, remember: row.remember ? 1 : 0 });
