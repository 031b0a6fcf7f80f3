import { defineConfig } from 'prisma/config';
import { createSqliteAdapter } from './lib/db/sqlite-adapter';
import { databaseUrl } from './lib/db/database-url';

// Prisma 6's JavaScript schema engine migrates through the same driver adapter the app uses,
// so no native engine has to be downloaded (docs/decisions/0001-prisma-6-offline.md).
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/sqlite/schema.prisma',
  migrations: { path: 'prisma/sqlite/migrations' },
  adapter: async () => createSqliteAdapter(databaseUrl()),
});
