import fs from 'node:fs';
import path from 'node:path';
import { PrismaLibSQL } from '@prisma/adapter-libsql';
import { createClient, LibsqlError, type Client, type Config, type InStatement, type ResultSet, type Transaction, type TransactionMode } from '@libsql/client';
import { sqliteFilePath } from './database-url';

// WAL lets readers run while one request writes; the busy timeout makes a writer from another
// process wait for the lock instead of failing at once; foreign keys make cascades happen.
const CONNECTION_PRAGMAS = [
  'PRAGMA journal_mode = WAL',
  'PRAGMA busy_timeout = 5000',
  'PRAGMA foreign_keys = ON',
  'PRAGMA synchronous = NORMAL',
];

function tune(client: Client): Promise<unknown> {
  // The local client runs each statement synchronously, in order, before the returned promise.
  return Promise.all(CONNECTION_PRAGMAS.map((pragma) => client.execute(pragma)));
}

function tunedClient(config: Config): Client {
  const client = createClient(config);
  void tune(client);
  // libSQL's local client.transaction() hands its connection to the transaction and opens a new
  // one for the client, and commit never closes the old one: each Prisma transaction (every
  // updateMany and deleteMany is one) left a native connection with its page cache behind until
  // V8 collected its wrapper, which under load is what held the server's RSS far above its heap.
  // Instead, transactions run on one second connection, opened once; Prisma's adapter runs one
  // transaction at a time (its mutex), so that connection is never shared by two. An in-memory
  // database (the CLI's shadow database) is one per connection, so it keeps libSQL's own way.
  if (config.url !== ':memory:') {
    let connection: Client | undefined;
    client.transaction = async (mode: TransactionMode = 'write') => {
      if (!connection || connection.closed) {
        connection = createClient(config);
        await tune(connection);
      }
      await connection.execute(BEGIN[mode]);
      return new ConnectionTransaction(connection);
    };
    const close = client.close.bind(client);
    client.close = () => {
      connection?.close();
      close();
    };
  }
  return client;
}

const BEGIN: Record<TransactionMode, string> = { write: 'BEGIN IMMEDIATE', read: 'BEGIN DEFERRED', deferred: 'BEGIN DEFERRED' };

/** A transaction on a connection that outlives it: ending it ends the transaction, not the connection. */
class ConnectionTransaction implements Transaction {
  #open = true;
  constructor(private readonly connection: Client) {}

  get closed(): boolean {
    return !this.#open;
  }

  #check(): Client {
    if (!this.#open) throw new LibsqlError('The transaction is closed', 'TRANSACTION_CLOSED');
    return this.connection;
  }

  execute(stmt: InStatement): Promise<ResultSet> {
    return this.#check().execute(stmt);
  }

  async batch(stmts: InStatement[]): Promise<ResultSet[]> {
    const results: ResultSet[] = [];
    for (const stmt of stmts) results.push(await this.execute(stmt));
    return results;
  }

  executeMultiple(sql: string): Promise<void> {
    return this.#check().executeMultiple(sql);
  }

  async commit(): Promise<void> {
    await this.#check().execute('COMMIT');
    this.#open = false;
  }

  async rollback(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    await this.connection.execute('ROLLBACK');
  }

  close(): void {
    void this.rollback();
  }
}

// One libSQL client per database file and process, shared by Prisma's adapter and the hot
// queries that bypass Prisma (lib/db/hot-driver.ts): one connection, one page cache, and a
// batch on it can never wait for a lock held by another connection of this same process.
const holder = globalThis as { authModesSqlite?: Map<string, Client> };

/** The process's client for `url`, opened (and tuned) on first use and again after a close. */
export function sharedSqliteClient(url: string): Client {
  const clients = (holder.authModesSqlite ??= new Map());
  const known = clients.get(url);
  if (known && !known.closed) return known;
  const filePath = sqliteFilePath(url);
  // libSQL does not create the folder of a new database file.
  if (filePath) fs.mkdirSync(path.dirname(filePath), { recursive: true });
  const client = tunedClient({ url });
  clients.set(url, client);
  return client;
}

/** libSQL's adapter over the shared client; the shadow database (":memory:") gets a client of its own. */
class TunedLibSQL extends PrismaLibSQL {
  createClient(config: Config): Client {
    return config.url === ':memory:' ? tunedClient(config) : sharedSqliteClient(config.url);
  }
}

export function createSqliteAdapter(url: string): PrismaLibSQL {
  return new TunedLibSQL({ url });
}
