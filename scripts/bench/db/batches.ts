import { execFileSync } from 'node:child_process';
import type { Row } from './types';

/** What both providers' bench databases share: migration, identifier quoting, batch shapes. */

// Rows per transaction: large enough that commits do not dominate, small enough to bound memory.
export const ROWS_PER_TRANSACTION = 50_000;

export const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** Applies the committed migrations with `prisma migrate deploy`, as a deployment would. */
export function migrateDatabase(url: string): void {
  execFileSync('npm', ['run', '--silent', 'db:migrate'], { env: { ...process.env, DATABASE_URL: url }, stdio: 'pipe' });
}

export type InsertPlan = {
  columns: string[];
  /** `INSERT INTO "table" ("a", "b") VALUES `: the caller appends one placeholder tuple per row. */
  head: string;
  /** One entry per transaction, each a list of multi-row INSERTs' rows. */
  transactions: Row[][][];
};

/**
 * Cuts rows (all with the same columns) into transactions of multi-row INSERTs that stay under
 * the driver's limit of bound values per statement.
 */
export function planInserts(table: string, rows: Row[], maxValuesPerStatement: number): InsertPlan {
  const columns = Object.keys(rows[0] ?? {});
  const rowsPerStatement = Math.max(1, Math.floor(maxValuesPerStatement / Math.max(1, columns.length)));
  const transactions: Row[][][] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_TRANSACTION) {
    const slice = rows.slice(start, start + ROWS_PER_TRANSACTION);
    const statements: Row[][] = [];
    for (let offset = 0; offset < slice.length; offset += rowsPerStatement) statements.push(slice.slice(offset, offset + rowsPerStatement));
    transactions.push(statements);
  }
  return { columns, head: `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES `, transactions };
}
