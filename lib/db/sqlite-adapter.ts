import fs from 'node:fs';
import path from 'node:path';
import { PrismaLibSQL } from '@prisma/adapter-libsql';
import type { Client, Config } from '@libsql/client';
import { sqliteFilePath } from './database-url';

/**
 * libSQL's adapter, with the pragmas a web server needs: WAL lets readers run while one request
 * writes, and the busy timeout makes a writer wait for the lock instead of failing at once.
 */
class TunedLibSQL extends PrismaLibSQL {
  createClient(config: Config): Client {
    const client = super.createClient(config);
    // The local client runs statements in order, so these apply before the first query.
    void client.execute('PRAGMA journal_mode = WAL');
    void client.execute('PRAGMA busy_timeout = 5000');
    void client.execute('PRAGMA foreign_keys = ON');
    void client.execute('PRAGMA synchronous = NORMAL');
    return client;
  }
}

export function createSqliteAdapter(url: string): PrismaLibSQL {
  const filePath = sqliteFilePath(url);
  // libSQL does not create the folder of a new database file.
  if (filePath) fs.mkdirSync(path.dirname(filePath), { recursive: true });
  return new TunedLibSQL({ url });
}
