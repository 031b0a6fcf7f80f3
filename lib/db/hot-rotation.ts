import 'server-only';
import { env } from '@/lib/env';
import { bool, driver, newRowId, optionalDate, toSqlite, type Row } from './hot-driver';
import { counted } from './query-observer';
import { sharedSqliteClient } from './sqlite-adapter';

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
    // the successor's insert returns what it copied, if it happened.
    const results = await counted(() =>
      sharedSqliteClient(url).batch(
        [
          { sql: 'UPDATE "RefreshToken" SET "usedAt" = ? WHERE "id" = ? AND "usedAt" IS NULL AND "revokedAt" IS NULL', args: [toSqlite(usedAt), parentId] },
          {
            sql: `INSERT INTO "RefreshToken" (${SUCCESSOR_COLUMNS})
                  SELECT ?, ?, ?, ?, ?, ?, ?, ${COPIED_COLUMNS('p')} FROM "RefreshToken" p WHERE p."id" = ? AND changes() = 1
                  RETURNING "authTime", "remember"`,
            args: [...successorValues.map(toSqlite), parentId],
          },
          {
            sql: `INSERT INTO "AuthEvent" ("id", "type", "mode", "userId", "ip", "userAgent", "createdAt")
                  SELECT ?, 'refresh', 'jwt', p."userId", ?, ?, ? FROM "RefreshToken" p WHERE p."id" = ? AND changes() = 1`,
            args: [eventId, successor.ip, successor.userAgent, toSqlite(usedAt), parentId],
          },
        ],
        'write',
      ),
    );
    const copied = results[1]?.rows[0] as Row | undefined;
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
