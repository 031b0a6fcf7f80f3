import { createClient, type Client } from '@libsql/client';

/**
 * Reads a test server's SQLite file directly, to see what the API does not show: that a request
 * refused with a 4xx wrote nothing, and how many rows a burst of requests left behind.
 */
export function openDatabase(file: string): Client {
  return createClient({ url: `file:${file}` });
}

/** Every application table (not Prisma's migration log), as the migrations created them. */
export async function tableNames(database: Client): Promise<string[]> {
  const result = await database.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%' ORDER BY name",
  );
  return result.rows.map((row) => String(row.name));
}

export async function rowCounts(database: Client): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await tableNames(database)) {
    const result = await database.execute(`SELECT COUNT(*) AS n FROM "${table}"`);
    counts[table] = Number(result.rows[0]?.n);
  }
  return counts;
}

export async function countWhere(database: Client, table: string, where: string, args: (string | number)[] = []): Promise<number> {
  const result = await database.execute({ sql: `SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`, args });
  return Number(result.rows[0]?.n);
}
