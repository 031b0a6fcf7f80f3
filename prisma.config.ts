import { defineConfig } from 'prisma/config';
import { createPostgresCliAdapter } from './lib/db/postgres-cli-adapter';
import { createSqliteAdapter } from './lib/db/sqlite-adapter';
import { databaseProvider, databaseUrl } from './lib/db/database-url';

// Prisma 6's JavaScript schema engine migrates through the same driver adapter the app uses,
// so no native engine has to be downloaded (docs/decisions/0001-prisma-6-offline.md).
// DATABASE_URL's scheme picks the provider's schema, migrations and adapter
// (docs/decisions/0004-postgresql.md).
const url = databaseUrl();
const provider = databaseProvider(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: `prisma/${provider}/schema.prisma`,
  migrations: { path: `prisma/${provider}/migrations` },
  adapter: async () => (provider === 'postgresql' ? createPostgresCliAdapter(url) : createSqliteAdapter(url)),
});
