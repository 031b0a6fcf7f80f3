/**
 * Usage: tsx scripts/pg-database.ts create <server url>            prints the URL of a new, empty database
 *        tsx scripts/pg-database.ts create-migrated <server url>   the same, with every migration applied
 *        tsx scripts/pg-database.ts drop <database url>
 * For callers that must stay synchronous (tests/support/temp-database.ts).
 */
import { createRandomDatabase, dropDatabase } from '../lib/db/postgres-admin';
import { createMigratedDatabase } from '../tests/support/postgres-template';

const commands: Record<string, (url: string) => Promise<void>> = {
  create: async (url) => console.log(await createRandomDatabase(url)),
  'create-migrated': async (url) => console.log(await createMigratedDatabase(url)),
  drop: dropDatabase,
};

const [command = '', url] = process.argv.slice(2);
const run = commands[command];
if (!url || !run) {
  console.error('usage: tsx scripts/pg-database.ts create <server url> | create-migrated <server url> | drop <database url>');
  process.exit(2);
}
run(url).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
