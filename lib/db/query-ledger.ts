import 'server-only';
import { counted } from './query-observer';

/**
 * Reports every Prisma operation and its time to the query observer, so the Server-Timing header
 * reports real numbers without a counter at each call site.
 */
export const queryLedgerExtension = {
  name: 'query-ledger',
  query: {
    async $allOperations({ args, query }: { args: unknown; query: (args: unknown) => Promise<unknown> }) {
      return counted(() => query(args));
    },
  },
};
