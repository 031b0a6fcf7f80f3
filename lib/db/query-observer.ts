import 'server-only';

/**
 * Told the duration of every database round trip (a Prisma operation or a hot statement). Storage
 * does not know who listens: lib/http registers the per-request Server-Timing ledger here.
 * Returns the callback for this round trip, or undefined when nobody counts it (scripts, tests,
 * work outside a request), so an uncounted query does not even read the clock.
 */
export type QueryObserver = () => ((milliseconds: number) => void) | undefined;

let observer: QueryObserver = () => undefined;

export function observeQueries(next: QueryObserver): void {
  observer = next;
}

/** Runs one round trip and reports its time to the observer, if it wants it. */
export async function counted<T>(work: () => Promise<T>): Promise<T> {
  const report = observer();
  if (!report) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    report(performance.now() - started);
  }
}
