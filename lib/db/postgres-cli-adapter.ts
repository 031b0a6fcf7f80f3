import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';

// Catalog types the schema engine reads (pg_class.relname is `name`, pg_class.relkind is "char").
const NAME_OID = 19;
const CHAR_OID = 18;
const TEXT_OID = 25;

type Field = { dataTypeID: number };
type Result = { fields?: Field[] } | undefined;

function catalogTypesAsText<T extends Result>(result: T): T {
  for (const field of result?.fields ?? []) {
    if (field.dataTypeID === NAME_OID || field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
  }
  return result;
}

/**
 * adapter-pg 6.19 has no column type for `name` and `"char"`, so the CLI's migrate commands fail
 * with "Column type 'name' could not be deserialized" (prisma/prisma#27403). Both arrive as text
 * on the wire; reporting them as text lets the adapter pass them through. Only the CLI needs this:
 * the app never selects catalog columns.
 */
class CatalogTextClient extends pg.Client {
  // pg's query() has many overloads (promise, callback, submittable); this forwards them all.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(...args: any[]): any {
    const last = args.length - 1;
    const callback: unknown = args[last];
    if (typeof callback === 'function') {
      args[last] = (error: unknown, result: Result) => callback(error, error ? result : catalogTypesAsText(result));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (super.query as any)(...args);
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const returned = (super.query as any)(...args);
    return returned instanceof Promise ? returned.then(catalogTypesAsText) : returned;
  }
}

/** The adapter prisma.config.ts gives the CLI for a PostgreSQL DATABASE_URL. */
export function createPostgresCliAdapter(url: string): PrismaPg {
  return new PrismaPg(new pg.Pool({ connectionString: url, Client: CatalogTextClient }));
}
