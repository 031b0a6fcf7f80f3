/**
 * Usage: tsx scripts/pg-database.ts create <server url>   prints the URL of a new, empty database
 *        tsx scripts/pg-database.ts drop <database url>
 * For callers that must stay synchronous (tests/support/temp-database.ts).
 */
import { createRandomDatabase, dropDatabase } from '../lib/db/postgres-admin';

const [command, url] = process.argv.slice(2);
if (!url || (command !== 'create' && command !== 'drop')) {
  console.error('usage: tsx scripts/pg-database.ts create <server url> | drop <database url>');
  process.exit(2);
}
const done = command === 'create' ? createRandomDatabase(url).then((created) => console.log(created)) : dropDatabase(url);
done.catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
