import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA, SQLITE_MIGRATIONS, SQLITE_SCHEMA, toPostgresSchema } from '../../scripts/sync-postgres-schema';
import { openInspector, type Column } from '../support/database-inspector';
import { createPostgresDatabase } from '../support/temp-database';

// The SQLite schema is the one people edit; these checks fail when the PostgreSQL side was not
// brought along (npm run db:sync-postgres -- <migration folder>).
const migrationNames = (folder: string) => fs.readdirSync(folder).filter((entry) => /^\d+_/.test(entry)).sort();

describe('PostgreSQL schema in step with SQLite', () => {
  it('the committed PostgreSQL schema is the one generated from the SQLite schema', () => {
    assert.equal(fs.readFileSync(POSTGRES_SCHEMA, 'utf8'), toPostgresSchema(fs.readFileSync(SQLITE_SCHEMA, 'utf8')), 'run npm run db:sync-postgres');
  });

  it('every SQLite migration has a PostgreSQL twin of the same name, and no other', () => {
    assert.deepEqual(migrationNames(POSTGRES_MIGRATIONS), migrationNames(SQLITE_MIGRATIONS));
  });
});

type Shape = { tables: Record<string, Column[]>; indexes: string[] };

async function migratedShape(url: string, secretsDir: string): Promise<Shape> {
  execFileSync('npm', ['run', '--silent', 'db:migrate'], {
    env: { ...process.env, DATABASE_URL: url, SECRETS_FILE: path.join(secretsDir, 'secrets.json') },
    stdio: 'pipe',
  });
  const db = openInspector(url);
  try {
    // Prisma's bookkeeping table is Prisma's business and differs by provider on purpose.
    const tables = (await db.tables()).filter((table) => table !== '_prisma_migrations');
    const shape: Shape = { tables: {}, indexes: await db.indexes() };
    for (const table of tables) shape.tables[table] = await db.columns(table);
    return shape;
  } finally {
    await db.close();
  }
}

describe('both migrated databases expose the same tables, columns and indexes', { skip: !process.env.TEST_POSTGRES_URL && 'TEST_POSTGRES_URL is not set' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-test-'));
  let postgres: ReturnType<typeof createPostgresDatabase> | undefined;
  let sqlite: Shape;
  let postgresql: Shape;

  before(async () => {
    postgres = createPostgresDatabase();
    sqlite = await migratedShape(`file:${path.join(dir, 'app.db')}`, dir);
    postgresql = await migratedShape(postgres.url, dir);
  });
  after(() => {
    postgres?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('tables', () => {
    assert.deepEqual(Object.keys(postgresql.tables), Object.keys(sqlite.tables));
    assert.ok(Object.keys(sqlite.tables).length >= 7, 'the comparison saw the real tables');
  });

  it('columns, their kind and whether they take NULL', () => {
    for (const [table, columns] of Object.entries(sqlite.tables)) {
      assert.ok(columns.every((column) => column.type !== 'other'), `${table}: every column has a known kind`);
      assert.deepEqual(postgresql.tables[table], columns, `table ${table}`);
    }
  });

  it('indexes', () => {
    assert.deepEqual(postgresql.indexes, sqlite.indexes);
  });
});
