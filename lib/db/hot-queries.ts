import 'server-only';
import { bool, date, driver, optionalDate, optionalString, type Row } from './hot-driver';
import { counted } from './query-observer';

/**
 * The per-request lookups, one joined statement each, through the driver (lib/db/hot-driver.ts):
 * a session by its token hash, a refresh token by its jti, a user by id.
 */

export type PublicUserRow = { id: string; email: string; name: string; role: string; companyName: string | null; createdAt: Date };

export const USER_COLUMNS = (alias: string, prefix = '') =>
  ['id', 'email', 'name', 'role', 'companyName', 'createdAt'].map((column) => `${alias}."${column}"${prefix ? ` AS "${prefix}${column}"` : ''}`).join(', ');

export function userFrom(row: Row, prefix = ''): PublicUserRow {
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
