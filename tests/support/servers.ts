import path from 'node:path';

/**
 * The servers the test suite runs against: the same production build, each on its own database,
 * with the default (realistic) lifetimes. Expiry is tested by moving the clock, not by waiting:
 * every profile but `realtime` runs with TEST_CLOCK=true, so a request with
 * `X-Test-Clock-Offset: <seconds>` (see `clockAhead` in ./api.ts) sees the server's clock that far
 * ahead. Only `realtime` lets tokens expire on the wall clock, for the one test per mode that
 * proves real expiry works without the test clock.
 */
// TEST_PORT_BASE lets two checkouts run their suites on one machine at once.
const portBase = Number(process.env.TEST_PORT_BASE ?? 3100);

/** scripts/test-servers.ts answers here once every profile's server answers. */
export const readinessPort = portBase + 50;

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

const TEST_CLOCK = { TEST_CLOCK: 'true' };

export const testServerProfiles = {
  standard: {
    port: portBase,
    databaseUrl: `file:${path.resolve('data', 'test', 'standard', 'app.db')}`,
    // As if behind one proxy: tests choose their client address with X-Forwarded-For, so their
    // failed logins do not add up in one address's throttle.
    env: { ...TEST_CLOCK, TRUSTED_PROXY_HOPS: '1' } as Record<string, string>,
  },
  /**
   * Just after a signing-key rotation: the server signs with its own (generated) key and still
   * accepts tokens from the key it replaced, whose public half is listed here.
   */
  rotation: {
    port: portBase + 2,
    databaseUrl: `file:${path.resolve('data', 'test', 'rotation', 'app.db')}`,
    env: { ...TEST_CLOCK, JWT_PREVIOUS_PUBLIC_KEYS: JSON.stringify([publicJwk(ROTATED_OUT_KEY)]) } as Record<string, string>,
  },
  /**
   * Lifetimes of a few seconds and no test clock: for the one test per mode that lets a credential
   * expire on the wall clock. Those tests leave wide margins either side of every expiry.
   */
  realtime: {
    port: portBase + 1,
    databaseUrl: `file:${path.resolve('data', 'test', 'realtime', 'app.db')}`,
    env: { ACCESS_TOKEN_TTL: '20', SESSION_IDLE_TTL: '20' } as Record<string, string>,
  },
  /** Only the fuzz test writes here, so it can compare every table's row count before and after. */
  fuzz: {
    port: portBase + 3,
    databaseUrl: `file:${path.resolve('data', 'test', 'fuzz', 'app.db')}`,
    env: { ...TEST_CLOCK } as Record<string, string>,
  },
  /**
   * Deployed as in production behind a TLS proxy: browsers reach it as APP_ORIGIN (so the CSRF
   * check accepts that origin and no other, whatever Host says), Secure cookies set explicitly.
   */
  secure: {
    port: portBase + 4,
    databaseUrl: `file:${path.resolve('data', 'test', 'secure', 'app.db')}`,
    env: { ...TEST_CLOCK, COOKIE_SECURE: 'true', APP_ORIGIN: 'https://jobs.example.test', TRUSTED_PROXY_HOPS: '1' } as Record<string, string>,
  },
  /** Low login limits, and clients connecting directly (X-Forwarded-For is not trusted). */
  throttle: {
    port: portBase + 5,
    databaseUrl: `file:${path.resolve('data', 'test', 'throttle', 'app.db')}`,
    env: {
      ...TEST_CLOCK,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_MAX_FAILURES_PER_IP: '8',
      LOGIN_THROTTLE_WINDOW: '60',
    } as Record<string, string>,
  },
  /** Every JWT login and refresh must be DPoP-proved (tests/api/dpop.spec.ts). */
  dpopRequired: {
    port: portBase + 10,
    databaseUrl: `file:${path.resolve('data', 'test', 'dpopRequired', 'app.db')}`,
    env: { ...TEST_CLOCK, DPOP_REQUIRED: 'true' } as Record<string, string>,
  },
  /**
   * The login controls that are off by default (tests/api/login-controls.spec.ts): at most two
   * logins per user, and access tokens checked against their login's revocation.
   */
  controls: {
    port: portBase + 11,
    databaseUrl: `file:${path.resolve('data', 'test', 'controls', 'app.db')}`,
    env: { ...TEST_CLOCK, TRUSTED_PROXY_HOPS: '1', MAX_LOGINS_PER_USER: '2', ACCESS_TOKEN_REVOCATION: 'check' } as Record<string, string>,
  },
  /** The browser tests (e2e/): default lifetimes; tests move the clock of their browser context. */
  browser: {
    port: portBase + 6,
    databaseUrl: `file:${path.resolve('data', 'test', 'browser', 'app.db')}`,
    env: { ...TEST_CLOCK } as Record<string, string>,
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
  pg: { port: portBase + 7, instances: 1, env: testServerProfiles.standard.env },
  /** Two instances behind the front door, for the browser tests (project e2e-cluster), with the browser profile's settings. */
  frontDoor: {
    port: portBase + 8,
    instances: 2,
    env: testServerProfiles.browser.env,
  },
  /** Two instances with low login limits (tests/cluster). */
  cluster: {
    port: portBase + 9,
    instances: 2,
    env: {
      ...TEST_CLOCK,
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
