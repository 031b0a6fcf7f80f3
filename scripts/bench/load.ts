/**
 * Load generation: autocannon for request rates (every response's latency and Server-Timing
 * recorded), and a small closed loop of multi-request flows for the silent refresh, which
 * autocannon cannot time as a whole.
 */
import autocannon from 'autocannon';

export type RequestSpec = { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string };

export type Percentiles = { mean: number; p50: number; p95: number; p99: number; max: number };

export type LoadResult = {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: Percentiles;
  /** Per request, from the server's Server-Timing header (lib/http/request-context.ts). */
  dbQueriesPerRequest: number;
  dbMs: Percentiles;
  authMs: Percentiles;
  /** The DPoP proof check (Server-Timing dpop, part of auth); zeros when no request had a proof. */
  dpopMs: Percentiles;
  /** The handler's whole time as the server measured it (Server-Timing total). */
  serverMs: Percentiles;
  /** The server process's CPU time (user + system) over the run, per request; null where it cannot be read. */
  cpuMsPerRequest: number | null;
  statuses: Record<string, number>;
};

/** The server process's CPU time so far in ms (scripts/bench/cpu.ts), or null. */
export type CpuClock = () => number | null;

/** CPU milliseconds per unit of work between two readings of `cpu`, or null. */
function cpuPer(before: number | null, after: number | null, units: number): number | null {
  if (before === null || after === null || units === 0) return null;
  return Math.round(((after - before) / units) * 1000) / 1000;
}

export function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { mean: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  const round = (value: number) => Math.round(value * 1000) / 1000;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return { mean: round(mean), p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]!) };
}

export type ServerTiming = { authMs: number; dbMs: number; dbQueries: number; dpopMs: number | null; totalMs: number | null };

/** `auth;dur=0.12;desc="jwt", db;dur=0.40;desc="1 query"` → numbers; null if the header is missing. */
export function parseServerTiming(header: string | string[] | null | undefined): ServerTiming | null {
  const text = Array.isArray(header) ? header.join(', ') : header;
  if (!text) return null;
  const auth = /(?:^|,\s*)auth;dur=([\d.]+)/.exec(text);
  const db = /(?:^|,\s*)db;dur=([\d.]+);desc="(\d+) quer/.exec(text);
  if (!auth || !db) return null;
  const dpop = /(?:^|,\s*)dpop;dur=([\d.]+)/.exec(text);
  const total = /(?:^|,\s*)total;dur=([\d.]+)/.exec(text);
  return { authMs: Number(auth[1]), dbMs: Number(db[1]), dbQueries: Number(db[2]), dpopMs: dpop ? Number(dpop[1]) : null, totalMs: total ? Number(total[1]) : null };
}

type LoadOptions = {
  /** Sent in turn, one after another across all connections (e.g. one per credential). */
  requests: RequestSpec[];
  expectStatus: number;
  connections: number;
  /** Either a duration in seconds or a number of requests. */
  seconds?: number;
  amount?: number;
  cpu?: CpuClock;
};

export async function runLoad(baseUrl: string, options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const dbMs: number[] = [];
  const authMs: number[] = [];
  const dpopMs: number[] = [];
  const serverMs: number[] = [];
  let dbQueries = 0;
  let timed = 0;
  const cpuBefore = options.cpu?.() ?? null;
  const statuses: Record<string, number> = {};
  let next = 0;

  const result = await autocannon({
    url: baseUrl,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? 5 }),
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => {
          const spec = options.requests[next++ % options.requests.length]!;
          return { ...request, method: spec.method, path: spec.path, headers: { ...spec.headers }, body: spec.body ?? '' };
        },
        onResponse: (status, _body, _context, headers) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
          const timing = parseServerTiming(headerValue(headers, 'server-timing'));
          if (!timing) return;
          timed += 1;
          dbQueries += timing.dbQueries;
          dbMs.push(timing.dbMs);
          authMs.push(timing.authMs);
          if (timing.dpopMs !== null) dpopMs.push(timing.dpopMs);
          if (timing.totalMs !== null) serverMs.push(timing.totalMs);
        },
      },
    ],
    setupClient: (client) => {
      client.on('response', (_status: number, _bytes: number, milliseconds: number) => latencies.push(milliseconds));
    },
  });

  const cpuAfter = options.cpu?.() ?? null;
  const total = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  const unexpected = total - (statuses[options.expectStatus] ?? 0);
  if (result.errors > 0 || unexpected > 0 || total === 0) {
    throw new Error(
      `${options.requests[0]?.method} ${options.requests[0]?.path}: expected only ${options.expectStatus}, got ${JSON.stringify(statuses)} and ${result.errors} connection errors`,
    );
  }
  if (timed !== total) throw new Error(`${options.requests[0]?.path}: ${total - timed} responses lacked Server-Timing`);
  return {
    requests: total,
    seconds: result.duration,
    requestsPerSecond: Math.round((total / result.duration) * 10) / 10,
    latencyMs: percentiles(latencies),
    dbQueriesPerRequest: Math.round((dbQueries / total) * 100) / 100,
    dbMs: percentiles(dbMs),
    authMs: percentiles(authMs),
    dpopMs: percentiles(dpopMs),
    serverMs: percentiles(serverMs),
    cpuMsPerRequest: cpuPer(cpuBefore, cpuAfter, total),
    statuses,
  };
}

function headerValue(headers: Record<string, string | string[] | undefined> | undefined, name: string): string | string[] | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) if (key.toLowerCase() === name) return value;
  return undefined;
}

export type FlowOutcome = { roundTrips: number; dbQueries: number };
export type FlowResult = {
  flows: number;
  seconds: number;
  flowsPerSecond: number;
  latencyMs: Percentiles;
  roundTripsPerFlow: number;
  dbQueriesPerFlow: number;
  /** The server process's CPU time per flow; null where it cannot be read. */
  cpuMsPerFlow: number | null;
};

/**
 * `workers` clients in a closed loop for `seconds`, each running `flow` again and again with its
 * own state; the latency is that of the whole flow. `prepare` runs before the clock starts (work
 * that a real client would have done long before, such as its token having expired).
 */
export async function runFlows<State>(
  states: State[],
  seconds: number,
  flow: (state: State) => Promise<FlowOutcome>,
  prepare: (state: State) => Promise<void> = async () => {},
  cpu?: CpuClock,
): Promise<FlowResult> {
  const latencies: number[] = [];
  const cpuBefore = cpu?.() ?? null;
  let roundTrips = 0;
  let dbQueries = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    states.map(async (state) => {
      while (performance.now() < deadline) {
        await prepare(state);
        const begin = performance.now();
        const outcome = await flow(state);
        latencies.push(performance.now() - begin);
        roundTrips += outcome.roundTrips;
        dbQueries += outcome.dbQueries;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const flows = latencies.length;
  const cpuAfter = cpu?.() ?? null;
  return {
    flows,
    seconds: Math.round(elapsed * 100) / 100,
    flowsPerSecond: Math.round((flows / elapsed) * 10) / 10,
    latencyMs: percentiles(latencies),
    roundTripsPerFlow: flows ? Math.round((roundTrips / flows) * 100) / 100 : 0,
    dbQueriesPerFlow: flows ? Math.round((dbQueries / flows) * 100) / 100 : 0,
    cpuMsPerFlow: cpuPer(cpuBefore, cpuAfter, flows),
  };
}
