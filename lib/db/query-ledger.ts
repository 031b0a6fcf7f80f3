import 'server-only';
import { currentLedger } from '@/lib/http/request-context';

/**
 * Counts every Prisma operation and its time into the current request's ledger, so the
 * Server-Timing header reports real numbers without a counter at each call site.
 */
export const queryLedgerExtension = {
  name: 'query-ledger',
  query: {
    async $allOperations({ args, query }: { args: unknown; query: (args: unknown) => Promise<unknown> }) {
      const ledger = currentLedger();
      if (!ledger) return query(args);
      const started = performance.now();
      try {
        return await query(args);
      } finally {
        ledger.dbQueries += 1;
        ledger.dbMs += performance.now() - started;
      }
    },
  },
};
