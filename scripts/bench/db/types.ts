/**
 * What the benchmark needs from a database: create the schema, bulk-insert rows, count them.
 * Everything provider-specific (SQL dialect, how dates are stored, how a batch is made atomic)
 * lives behind this interface, one module per provider, so `--database postgres` is one new file.
 */
export type Value = string | number | Date | null;
export type Row = Record<string, Value>;

export interface BenchDatabase {
  /** The DATABASE_URL the server is started with. */
  readonly url: string;
  /** Applies the committed migrations, as a deployment would. */
  migrate(): void;
  /** Inserts rows (all with the same columns) in large transactions of multi-row INSERTs. */
  insert(table: string, rows: Row[]): Promise<void>;
  count(table: string): Promise<number>;
  close(): Promise<void>;
}
