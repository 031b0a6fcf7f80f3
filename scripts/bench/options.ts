import { parseArgs } from 'node:util';
import { databaseProvider } from '@/lib/db/database-url';

export type BenchOptions = {
  build: boolean;
  database: 'sqlite' | 'postgres';
  /** The PostgreSQL server the benchmark creates its own database on (--database postgres). */
  postgresUrl: string;
  /** With more than one: session vs JWT through 1 and through N instances behind the front door. */
  instances: number;
  port: number;
  users: number;
  sessions: number;
  refreshTokens: number;
  smallSessions: number;
  largeSessions: number;
  sample: number;
  seconds: number;
  rounds: number;
  connections: number;
  bcryptCost: number;
  loginSamples: number;
  burstSeconds: number;
  burstConnections: number;
  refreshClients: number;
  /** Times each bare operation of the floor (scripts/bench/floor.ts) is timed. */
  floorSamples: number;
  /** Pin the server and this process (the load generator) to different cores, when taskset is there. */
  pin: boolean;
  out: string;
};

const FULL: Omit<BenchOptions, 'build' | 'database' | 'postgresUrl' | 'instances' | 'port' | 'out' | 'pin'> = {
  users: 10_000,
  sessions: 100_000,
  refreshTokens: 100_000,
  smallSessions: 1_000,
  largeSessions: 1_000_000,
  sample: 1_000,
  seconds: 3,
  rounds: 5,
  connections: 20,
  bcryptCost: 12,
  loginSamples: 12,
  burstSeconds: 6,
  burstConnections: 8,
  refreshClients: 10,
  floorSamples: 2_000,
};

/** --quick: a tiny population and short runs, for the smoke test; the numbers mean nothing. */
const QUICK: typeof FULL = {
  users: 200,
  sessions: 400,
  refreshTokens: 300,
  smallSessions: 100,
  largeSessions: 1_000,
  sample: 50,
  seconds: 1,
  rounds: 1,
  connections: 4,
  bcryptCost: 4,
  loginSamples: 3,
  burstSeconds: 1,
  burstConnections: 2,
  refreshClients: 2,
  floorSamples: 100,
};

const DEFAULT_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

const USAGE = `npm run bench -- [--quick] [--no-build] [--port 3900] [--seconds 3] [--rounds 5] [--connections 20]
  [--users N] [--sessions N] [--refresh-tokens N] [--small-sessions N] [--large-sessions N]
  [--bcrypt-cost 12] [--floor-samples 2000] [--no-pin] [--out bench-results/latest.json]
  [--database sqlite | --database postgres [--postgres-url ${DEFAULT_POSTGRES_URL}] [--instances 2]]
--database postgres creates a database with a random name on that server and drops it at the end.
--instances N (PostgreSQL only) also compares 1 and N instances, each behind its own nginx
  (round robin, as npm run cluster), on ports --port .. --port + N + 2.
With taskset (util-linux) and 2+ cores, the server runs on the last core and this process (the load
generator) on the others; --no-pin leaves both to the scheduler.`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      'no-pin': { type: 'boolean', default: false },
      database: { type: 'string', default: 'sqlite' },
      'postgres-url': { type: 'string', default: process.env.BENCH_POSTGRES_URL ?? DEFAULT_POSTGRES_URL },
      instances: { type: 'string', default: '1' },
      port: { type: 'string', default: '3900' },
      out: { type: 'string', default: 'bench-results/latest.json' },
      help: { type: 'boolean', default: false },
      ...Object.fromEntries(Object.keys(FULL).map((key) => [kebab(key), { type: 'string' as const }])),
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const database = values.database;
  if (database !== 'sqlite' && database !== 'postgres') throw new Error(`--database ${database}: use sqlite or postgres`);
  if (database === 'postgres' && !isPostgresUrl(values['postgres-url'])) throw new Error('--postgres-url must be a postgres:// or postgresql:// URL');
  const instances = Number(values.instances);
  if (!Number.isInteger(instances) || instances < 1 || instances > 8) throw new Error('--instances must be a whole number from 1 to 8');
  // SQLite is one file on one machine: instances sharing it say nothing about scaling out.
  if (instances > 1 && database !== 'postgres') throw new Error('--instances needs --database postgres');
  const port = Number(values.port);
  // With --instances N: two front doors and 1 + N instances on the ports above --port.
  const portsAbove = instances > 1 ? instances + 2 : 0;
  if (!Number.isInteger(port) || port < 3900 || port + portsAbove > 3999) throw new Error('--port (and the ports above it for --instances) must be within 3900-3999');
  const preset = values.quick ? QUICK : FULL;
  const numbers = Object.fromEntries(
    Object.entries(preset).map(([key, fallback]) => {
      const given = (values as Record<string, unknown>)[kebab(key)];
      const value = given === undefined ? fallback : Number(given);
      if (!Number.isFinite(value) || value <= 0) throw new Error(`--${kebab(key)} must be a positive number`);
      return [key, value];
    }),
  ) as typeof FULL;
  if (numbers.largeSessions < numbers.sessions || numbers.sessions < numbers.smallSessions) {
    throw new Error('expected --small-sessions <= --sessions <= --large-sessions');
  }
  return { ...numbers, build: !values['no-build'], pin: !values['no-pin'], database, postgresUrl: values['postgres-url'], instances, port, out: String(values.out) };
}

function isPostgresUrl(url: string): boolean {
  try {
    return databaseProvider(url) === 'postgresql';
  } catch {
    return false;
  }
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
