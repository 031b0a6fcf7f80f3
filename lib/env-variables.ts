import 'server-only';
import { z } from 'zod';
import { databaseProvider, SUPPORTED_DATABASE_URLS } from './db/database-url';

// Every variable the app reads, what it may hold and its default. lib/env.ts derives the
// configuration the code uses from the parsed values.

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const secret = z.string().min(32, 'must be at least 32 characters');
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Its scheme picks the provider: file: (SQLite, the default) or postgres(ql):// (PostgreSQL). */
  DATABASE_URL: z
    .string()
    .trim()
    .refine(isSupportedDatabaseUrl, `unsupported scheme; use ${SUPPORTED_DATABASE_URLS}`)
    .optional(),
  /** Seals the session cookie (iron-session). */
  SESSION_SECRET: secret.optional(),
  /** Ed25519 private key as a JWK (JSON) that signs access tokens. */
  JWT_PRIVATE_KEY: z.string().optional(),
  /** JSON array of public JWKs still published in the JWKS after a key rotation. */
  JWT_PREVIOUS_PUBLIC_KEYS: z.string().optional(),
  /** HMAC key for refresh tokens, which only this server ever verifies. */
  REFRESH_TOKEN_SECRET: secret.optional(),
  /** Lets a production build generate and keep its own secrets (the test suite, a local demo). */
  ALLOW_GENERATED_SECRETS: flag.default(false),
  SECRETS_FILE: z.string().optional(),
  JWT_ISSUER: z.string().min(1).default('auth-modes'),
  JWT_AUDIENCE: z.string().min(1).default('auth-modes-api'),
  ACCESS_TOKEN_TTL: seconds(10 * MINUTE),
  REFRESH_TOKEN_TTL: seconds(14 * DAY),
  REFRESH_ABSOLUTE_TTL: seconds(30 * DAY),
  REFRESH_GRACE_SECONDS: z.coerce.number().int().min(0).default(10),
  SESSION_IDLE_TTL: seconds(7 * DAY),
  SESSION_ABSOLUTE_TTL: seconds(30 * DAY),
  /** The whole lifetime of a login made with "keep me logged in" unticked (remember: false), both modes. */
  SESSION_TRANSIENT_TTL: seconds(12 * 60 * MINUTE),
  /** Step-up: how old (seconds) a login's last password check may be for a sensitive action (RFC 9470 max_age). */
  STEP_UP_MAX_AGE: seconds(10 * MINUTE),
  /** Logins (sessions and JWT families together) one user may hold; a login past it ends the oldest. Unset: unlimited. */
  MAX_LOGINS_PER_USER: z.coerce.number().int().positive().optional(),
  /** How long before a login's idle expiry the pages warn that it is about to end (seconds). */
  IDLE_WARNING_SECONDS: seconds(2 * MINUTE),
  /**
   * off: an access token is valid until exp, whatever happens to its login (JWT mode's bargain).
   * check: every verification also asks whether its login (sid) was revoked, through a per-process
   * cache that is at most 1 s old (lib/auth/revocation-check.ts).
   */
  ACCESS_TOKEN_REVOCATION: z.enum(['off', 'check']).default('off'),
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  DEFAULT_AUTH_MODE: z.enum(['session', 'jwt']).default('session'),
  /** Failed logins allowed per account, and per client address, within the throttle window. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(100),
  LOGIN_THROTTLE_WINDOW: seconds(15 * MINUTE),
  /**
   * The origin(s) browsers use to reach the app, comma-separated (e.g. https://jobs.example.com).
   * Unset: the request's own Host, which is right unless a proxy rewrites Host or the scheme.
   */
  APP_ORIGIN: z
    .string()
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(z.url().transform((origin) => new URL(origin).origin)))
    .optional(),
  /**
   * Every JWT login and refresh must carry a DPoP proof (RFC 9449), so every token this server
   * issues is bound to a client key. Off: clients without DPoP get Bearer tokens as before.
   */
  DPOP_REQUIRED: flag.default(false),
  /** Secure cookies; defaults to on in production. */
  COOKIE_SECURE: flag.optional(),
  /** Serves the benchmark's routes under /api/bench (npm run bench); 404 when off. */
  BENCH_ROUTES: flag.default(false),
  /**
   * Lets a request see the clock ahead by X-Test-Clock-Offset seconds (lib/clock.ts, server.mjs),
   * and serves GET /api/test/clock; 404 and ignored when off. The test profiles only: anyone could
   * then make their own tokens expire late or early on this server.
   */
  TEST_CLOCK: flag.default(false),
});

function isSupportedDatabaseUrl(url: string): boolean {
  try {
    databaseProvider(url);
    return true;
  } catch {
    return false;
  }
}

export type EnvVariables = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((line) => `  - ${line}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** The variables parsed, or an EnvError that names every bad one and says why. */
export function parseVariables(source: Record<string, string | undefined>): EnvVariables {
  // An empty variable means "not set", as it does in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return parsed.data;
}
