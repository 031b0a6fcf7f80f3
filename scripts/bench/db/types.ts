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
  /**
   * Adds `count` live sessions of random existing users whose tokens nobody holds (the hash is 32
   * random bytes, which is what a SHA-256 looks like), with the lifetimes given in milliseconds:
   * created within 90% of `absoluteMs` ago, seen within 90% of `idleMs` ago. Generated inside the
   * database, because a million rows through the driver take minutes.
   */
  fillSessions(count: number, lifetimes: { idleMs: number; absoluteMs: number }, userAgents: readonly string[]): Promise<void>;
  count(table: string): Promise<number>;
  /** Which database and version, for the report. */
  describe(): Promise<string>;
  /** Closes the connection; a database the benchmark created for itself (PostgreSQL) is dropped. */
  close(): Promise<void>;
}
