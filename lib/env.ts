import 'server-only';
import { databaseUrl } from './db/database-url';
import { resolveSecrets } from './env-secrets';
import { parseVariables } from './env-variables';

// The configuration as the code uses it. The variables themselves (names, ranges, defaults) are
// in lib/env-variables.ts, the signing and sealing keys in lib/env-secrets.ts.

export { EnvError } from './env-variables';

export type Env = ReturnType<typeof buildEnv>;

/** Parses configuration from a plain object; exported so tests can feed it bad values. */
export function buildEnv(source: Record<string, string | undefined>) {
  const raw = parseVariables(source);
  const secrets = resolveSecrets(raw);
  return {
    nodeEnv: raw.NODE_ENV,
    databaseUrl: raw.DATABASE_URL ?? databaseUrl(),
    sessionSecret: secrets.sessionSecret,
    refreshTokenSecret: secrets.refreshTokenSecret,
    jwtPrivateKey: secrets.jwtPrivateKey,
    jwtPreviousPublicKeys: secrets.jwtPreviousPublicKeys,
    jwtIssuer: raw.JWT_ISSUER,
    jwtAudience: raw.JWT_AUDIENCE,
    accessTokenTtl: raw.ACCESS_TOKEN_TTL,
    refreshTokenTtl: raw.REFRESH_TOKEN_TTL,
    refreshAbsoluteTtl: raw.REFRESH_ABSOLUTE_TTL,
    refreshGraceSeconds: raw.REFRESH_GRACE_SECONDS,
    sessionIdleTtl: raw.SESSION_IDLE_TTL,
    sessionAbsoluteTtl: raw.SESSION_ABSOLUTE_TTL,
    sessionTransientTtl: raw.SESSION_TRANSIENT_TTL,
    stepUpMaxAge: raw.STEP_UP_MAX_AGE,
    maxLoginsPerUser: raw.MAX_LOGINS_PER_USER ?? null,
    idleWarningSeconds: raw.IDLE_WARNING_SECONDS,
    accessTokenRevocation: raw.ACCESS_TOKEN_REVOCATION,
    bcryptCost: raw.BCRYPT_COST,
    defaultAuthMode: raw.DEFAULT_AUTH_MODE,
    cookieSecure: raw.COOKIE_SECURE ?? raw.NODE_ENV === 'production',
    appOrigins: raw.APP_ORIGIN ?? null,
    dpopRequired: raw.DPOP_REQUIRED,
    loginMaxFailuresPerAccount: raw.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    loginMaxFailuresPerIp: raw.LOGIN_MAX_FAILURES_PER_IP,
    loginThrottleWindow: raw.LOGIN_THROTTLE_WINDOW,
    benchRoutes: raw.BENCH_ROUTES,
    testClock: raw.TEST_CLOCK,
  };
}

let cached: Env | undefined;

/**
 * The validated configuration, parsed once per bundle on first use. instrumentation.ts calls it
 * as the server starts, so a bad configuration is refused then rather than on a request.
 */
export function env(): Env {
  cached ??= buildEnv(process.env);
  return cached;
}
