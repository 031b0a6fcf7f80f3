import path from 'node:path';

/**
 * The servers the test suite runs against: the same production build, each on its own database,
 * with lifetimes set by configuration. "short" makes tokens and sessions expire within seconds so
 * expiry, refresh and grace-window behaviour can be watched without waiting minutes.
 */
// TEST_PORT_BASE lets two checkouts run their suites on one machine at once.
const portBase = Number(process.env.TEST_PORT_BASE ?? 3100);

/**
 * The key the "rotation" server rotated away from. Test-only and public on purpose: the tests
 * need its private half to sign tokens the way the server did before the rotation.
 */
export const ROTATED_OUT_KEY = {
  kty: 'OKP',
  crv: 'Ed25519',
  x: 'z0rlY4at8jNONShLuj08sQ-YZbacK0OzLd9cUZRwGs4',
  d: 'JmTDRHYZggD5Pq3GaWqsEDqpbQKhfA28ivAGDJFDiE4',
} as const;

const publicJwk = ({ kty, crv, x }: { kty: string; crv: string; x: string }) => ({ kty, crv, x });

export const testServerProfiles = {
  standard: {
    port: portBase,
    databaseUrl: `file:${path.resolve('data', 'test', 'standard', 'app.db')}`,
    // As if behind one proxy: tests choose their client address with X-Forwarded-For, so their
    // failed logins do not add up in one address's throttle.
    env: { TRUSTED_PROXY_HOPS: '1' } as Record<string, string>,
  },
  /**
   * Just after a signing-key rotation: the server signs with its own (generated) key and still
   * accepts tokens from the key it replaced, whose public half is listed here.
   */
  rotation: {
    port: portBase + 2,
    databaseUrl: `file:${path.resolve('data', 'test', 'rotation', 'app.db')}`,
    env: { JWT_PREVIOUS_PUBLIC_KEYS: JSON.stringify([publicJwk(ROTATED_OUT_KEY)]) } as Record<string, string>,
  },
  short: {
    port: portBase + 1,
    databaseUrl: `file:${path.resolve('data', 'test', 'short', 'app.db')}`,
    env: {
      ACCESS_TOKEN_TTL: '3',
      REFRESH_TOKEN_TTL: '8',
      REFRESH_GRACE_SECONDS: '2',
      SESSION_IDLE_TTL: '4',
      SESSION_ABSOLUTE_TTL: '12',
    } as Record<string, string>,
  },
  /** Only the fuzz test writes here, so it can compare every table's row count before and after. */
  fuzz: {
    port: portBase + 3,
    databaseUrl: `file:${path.resolve('data', 'test', 'fuzz', 'app.db')}`,
    env: {} as Record<string, string>,
  },
  /**
   * Deployed as in production behind a TLS proxy: browsers reach it as APP_ORIGIN (so the CSRF
   * check accepts that origin and no other, whatever Host says), Secure cookies set explicitly.
   */
  secure: {
    port: portBase + 4,
    databaseUrl: `file:${path.resolve('data', 'test', 'secure', 'app.db')}`,
    env: { COOKIE_SECURE: 'true', APP_ORIGIN: 'https://jobs.example.test', TRUSTED_PROXY_HOPS: '1' } as Record<string, string>,
  },
  /** Low login limits, and clients connecting directly (X-Forwarded-For is not trusted). */
  throttle: {
    port: portBase + 5,
    databaseUrl: `file:${path.resolve('data', 'test', 'throttle', 'app.db')}`,
    env: {
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_MAX_FAILURES_PER_IP: '8',
      LOGIN_THROTTLE_WINDOW: '60',
    } as Record<string, string>,
  },
  /**
   * The browser tests (e2e/): access tokens that expire within a test, refresh tokens that outlive
   * a few of them but not a short idle wait, and sessions that last.
   */
  browser: {
    port: portBase + 6,
    databaseUrl: `file:${path.resolve('data', 'test', 'browser', 'app.db')}`,
    env: {
      ACCESS_TOKEN_TTL: '4',
      REFRESH_TOKEN_TTL: '10',
      REFRESH_GRACE_SECONDS: '5',
      TEST_CLOCK: 'true',
    } as Record<string, string>,
  },
};

export type TestServerProfileName = keyof typeof testServerProfiles;

/** The SQLite file a profile's server writes, for tests that count rows behind the API. */
export const databaseFileOf = (name: TestServerProfileName) => testServerProfiles[name].databaseUrl.slice('file:'.length);

/**
 * Servers on PostgreSQL, started only when TEST_POSTGRES_URL points at a server. Each run creates
 * its own database (random name) and drops it when Playwright stops the server. With more than
 * one instance, the port is a round-robin front door (scripts/cluster.ts). Once serving, the
 * server writes its database URL (and the instances' own addresses) to serverStateFile(name).
 */
export const postgresTestServerProfiles = {
  /** The standard server's settings on PostgreSQL: tests/api runs against it as project api-pg. */
  pg: { port: portBase + 7, instances: 1, env: { TRUSTED_PROXY_HOPS: '1' } as Record<string, string> },
  /**
   * Two instances behind the front door, for the browser tests (project e2e-cluster), with the
   * lifetimes the browser tests are written for (short access and refresh tokens).
   */
  frontDoor: {
    port: portBase + 8,
    instances: 2,
    env: testServerProfiles.browser.env,
  },
  /** Two instances with a short grace window and low login limits (tests/cluster). */
  cluster: {
    port: portBase + 9,
    instances: 2,
    env: {
      REFRESH_GRACE_SECONDS: '2',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '4',
      LOGIN_MAX_FAILURES_PER_IP: '8',
      LOGIN_THROTTLE_WINDOW: '60',
    } as Record<string, string>,
  },
};

export type PostgresTestServerProfileName = keyof typeof postgresTestServerProfiles;

const allProfiles: Record<TestServerProfileName | PostgresTestServerProfileName, { port: number }> = { ...testServerProfiles, ...postgresTestServerProfiles };

export const baseUrlOf = (name: TestServerProfileName | PostgresTestServerProfileName) => `http://localhost:${allProfiles[name].port}`;

/** Where a PostgreSQL profile's server writes `{ databaseUrl, frontDoor?, instances? }` once it serves. */
export const serverStateFile = (name: PostgresTestServerProfileName) => path.resolve('data', 'test', name, 'server.json');
