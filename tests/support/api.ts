import { randomInt, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test as base, expect, type APIRequestContext, type APIResponse } from '@playwright/test';
import { calculateJwkThumbprint, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import { openInspector } from './database-inspector';
import { postgresTestServerProfiles, serverStateFile, testServerProfiles, type PostgresTestServerProfileName, type TestServerProfileName } from './servers';

/**
 * Shared building blocks for HTTP-level tests: fresh accounts, logins in both modes, and the
 * credentials they return. Every test makes its own users so tests never share login state.
 */

export const DEMO_PASSWORD = 'demo-password';
export const demoAccounts = {
  acme: 'acme@example.com',
  globex: 'globex@example.com',
  alice: 'alice@example.com',
  bob: 'bob@example.com',
} as const;

export type Role = 'seeker' | 'company';
export type TestUser = { id: string; email: string; password: string; name: string; role: Role };

export const uniqueEmail = (label = 'user') => `${label}-${randomUUID()}@test.example`;

export async function signUp(request: APIRequestContext, role: Role = 'seeker', overrides: Partial<TestUser> = {}): Promise<TestUser> {
  const user = { email: uniqueEmail(role), password: `pw-${randomUUID()}`, name: `Test ${role}`, role, ...overrides };
  const response = await request.post('/api/auth/signup', {
    data: { ...user, ...(role === 'company' ? { companyName: `${user.name} Ltd` } : {}) },
  });
  expect(response.status(), await response.text()).toBe(201);
  const body = await response.json();
  return { ...user, id: body.user.id };
}

/** The `name=value` pair of the cookie whose Set-Cookie matches, for a Cookie header. */
export function cookieOf(response: APIResponse, pattern: RegExp): string {
  const header = response.headersArray().find((h) => h.name.toLowerCase() === 'set-cookie' && pattern.test(h.value));
  if (!header) throw new Error(`no cookie matching ${pattern} in response ${response.status()}`);
  return header.value.split(';')[0] ?? header.value;
}

/** The session cookie's `name=value` pair as the server set it, for a Cookie header. */
export const sessionCookieOf = (response: APIResponse) => cookieOf(response, /session=/);

/** The refresh cookie's `name=value` pair (`__Secure-refresh_token` or `refresh_token`). */
export const refreshCookieOf = (response: APIResponse) => cookieOf(response, /refresh_token=/);

export async function sessionLogin(request: APIRequestContext, user: Pick<TestUser, 'email' | 'password'>, headers: Record<string, string> = {}) {
  const response = await request.post('/api/auth/session/login', { data: { email: user.email, password: user.password }, headers });
  expect(response.status(), await response.text()).toBe(200);
  return { response, cookie: sessionCookieOf(response), body: await response.json() };
}

export type TokenResponse = {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  refresh_expires_in: number;
  user: { id: string; email: string; role: Role };
};

export async function jwtLogin(request: APIRequestContext, user: Pick<TestUser, 'email' | 'password'>, headers: Record<string, string> = {}): Promise<TokenResponse> {
  const response = await request.post('/api/auth/jwt/login', { data: { email: user.email, password: user.password }, headers });
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

export async function refresh(request: APIRequestContext, refreshToken: string, headers: Record<string, string> = {}): Promise<APIResponse> {
  return request.post('/api/auth/jwt/refresh', { headers: { ...headers, authorization: `Bearer ${refreshToken}` } });
}

export const TEST_CLOCK_HEADER = 'x-test-clock-offset';

/**
 * Headers that make one request see the server's clock `seconds` ahead (TEST_CLOCK servers only,
 * see lib/clock.ts). Expiry tests ask for a later time instead of sleeping until it comes.
 */
export const clockAhead = (seconds: number) => ({ [TEST_CLOCK_HEADER]: String(Math.ceil(seconds)) });

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
export const basic = (email: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`,
});

/** What expectError reads: a Playwright response, or a raw one from tests/support/attack-http.ts. */
export type ResponseLike = Pick<APIResponse, 'status' | 'headers' | 'text' | 'json'>;

/** Asserts the one error shape every endpoint uses, and returns its code. */
export async function expectError(response: ResponseLike, status: number, code?: string): Promise<string> {
  expect(response.status(), await response.text()).toBe(status);
  expect(response.headers()['content-type']).toContain('application/json');
  const body = await response.json();
  expect(typeof body.error?.code).toBe('string');
  expect(typeof body.error?.message).toBe('string');
  if (code) expect(body.error.code).toBe(code);
  return body.error.code;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An address of its own for one test, from 10/8 (private, so it never names a real client). */
const testClientAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/**
 * The suite's `test`:
 * - every request of a test comes from an address of that test's own (the standard server trusts
 *   one proxy hop, so X-Forwarded-For picks it), so failed logins in one test never add up to the
 *   login throttle in another, nor across runs against a reused server;
 * - `anonymous`: a request context of its own whose cookie jar no login ever fills. The `request`
 *   fixture keeps every cookie the server sets and sends it on later calls, so a check that must
 *   be made without credentials goes through this one.
 */
// The fixtures' second parameter is not named `use`, which the React hooks lint rule would take for a hook.
export const test = base.extend<{ anonymous: APIRequestContext }>({
  extraHTTPHeaders: async ({ extraHTTPHeaders }, provide) => {
    await provide({ ...extraHTTPHeaders, 'x-forwarded-for': testClientAddress() });
  },
  anonymous: async ({ playwright, baseURL, extraHTTPHeaders }, provide) => {
    const context = await playwright.request.newContext({ baseURL, extraHTTPHeaders });
    await provide(context);
    await context.dispose();
  },
});
export { expect };

/** The whole Set-Cookie line (attributes included) of the cookie whose name ends in `name`. */
export function setCookieLine(response: APIResponse, name: string): string {
  const pattern = new RegExp(`^(__Host-|__Secure-)?${name}=`);
  const header = response.headersArray().find((h) => h.name.toLowerCase() === 'set-cookie' && pattern.test(h.value));
  if (!header) throw new Error(`no ${name} cookie in response ${response.status()}`);
  return header.value;
}

/** Session-mode headers for one login, whatever the request context's own jar holds. */
export const withCookie = (cookie: string) => ({ cookie });

/** Asserts a 401 for an access token with the RFC 6750 challenge, and returns its description. */
export async function expectInvalidAccessToken(response: APIResponse): Promise<string> {
  await expectError(response, 401, 'invalid_token');
  const challenge = response.headers()['www-authenticate'] ?? '';
  expect(challenge).toMatch(/^Bearer error="invalid_token", error_description="[^"]+"$/);
  return /error_description="([^"]+)"/.exec(challenge)?.[1] ?? '';
}

/** Every API response: never cached, and the cost ledger for the mode that authenticated it. */
export function expectApiHeaders(response: APIResponse, authMode?: 'session' | 'jwt' | 'none') {
  const headers = response.headers();
  expect(headers['cache-control'], response.url()).toBe('private, no-store');
  expect(headers['server-timing'], response.url()).toMatch(/auth;dur=[\d.]+;desc="(session|jwt|none)", db;dur=[\d.]+;desc="\d+ quer(y|ies)"/);
  if (authMode) expect(headers['server-timing'], response.url()).toMatch(new RegExp(`^auth;dur=[\\d.]+;desc="${authMode}"`));
}

const decodeSegment = (segment: string | undefined): Record<string, unknown> => JSON.parse(Buffer.from(segment ?? '', 'base64url').toString('utf8'));

/** A JWT's header and claims, read without verifying anything. */
export function decodeJwt(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [header, claims] = token.split('.');
  return { header: decodeSegment(header), claims: decodeSegment(claims) };
}

/**
 * The Ed25519 key a test server signs access tokens with: the server made it at start-up and
 * keeps it in its data folder (lib/dev-secrets.ts). The kid is the key's RFC 7638 thumbprint,
 * as lib/auth/keys.ts computes it.
 */
export async function serverSigningKey(baseURL: string | undefined): Promise<{ privateKey: CryptoKey; kid: string }> {
  return signingKeyFrom(JSON.parse(serverSecrets(baseURL).jwtPrivateKey));
}

/** The secrets the test server at baseURL generated for itself at start-up (lib/dev-secrets.ts). */
export function serverSecrets(baseURL: string | undefined): { sessionSecret: string; refreshTokenSecret: string; jwtPrivateKey: string } {
  return JSON.parse(fs.readFileSync(path.resolve('data', 'test', profileAt(baseURL), 'secrets.json'), 'utf8'));
}

/**
 * The profile of the test server listening at baseURL. Tests name servers by the baseURL they run
 * against, so the same spec can run against another profile's server (SQLite or PostgreSQL).
 */
function profileAt(baseURL: string | undefined): TestServerProfileName | PostgresTestServerProfileName {
  const port = Number(new URL(baseURL ?? 'http://unset').port);
  const profiles: Record<string, { port: number }> = { ...testServerProfiles, ...postgresTestServerProfiles };
  const name = Object.keys(profiles).find((candidate) => profiles[candidate]?.port === port);
  if (!name) throw new Error(`no test server profile listens at ${baseURL}`);
  return name as TestServerProfileName | PostgresTestServerProfileName;
}

/** The database of the test server at baseURL: a SQLite profile's file, or the one a PostgreSQL server created. */
function databaseUrlAt(baseURL: string | undefined): string {
  const name = profileAt(baseURL);
  if (name in testServerProfiles) return testServerProfiles[name as TestServerProfileName].databaseUrl;
  return JSON.parse(fs.readFileSync(serverStateFile(name as PostgresTestServerProfileName), 'utf8')).databaseUrl;
}

export async function signingKeyFrom(jwk: JWK): Promise<{ privateKey: CryptoKey; kid: string }> {
  const kid = await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x });
  const privateKey = (await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA')) as CryptoKey;
  return { privateKey, kid };
}

/**
 * Signs an access token the way lib/auth/access-token.ts does, then applies the overrides; a
 * claim or header set to undefined is left out. For forging tokens the server must refuse.
 */
export async function signTestAccessToken(
  key: { privateKey: CryptoKey; kid: string },
  subject: { userId: string; role?: Role; loginId?: string },
  overrides: { header?: Record<string, unknown>; claims?: Record<string, unknown> } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims = dropUndefined({
    sub: subject.userId,
    role: subject.role ?? 'seeker',
    sid: subject.loginId ?? randomUUID(),
    iss: 'auth-modes',
    aud: 'auth-modes-api',
    iat: now,
    exp: now + 300,
    jti: randomUUID(),
    ...overrides.claims,
  });
  const header = dropUndefined({ alg: 'EdDSA', typ: 'at+jwt', kid: key.kid, ...overrides.header });
  return new SignJWT(claims as JWTPayload).setProtectedHeader(header as { alg: string }).sign(key.privateKey);
}

function dropUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

/**
 * Reads the database of the test server at baseURL, for what no endpoint shows (the audit trail,
 * revocation reasons). SQL with quoted identifiers and $1 placeholders runs on both providers.
 */
export async function queryServerDb(baseURL: string | undefined, sql: string, args: unknown[] = []) {
  const inspector = openInspector(databaseUrlAt(baseURL));
  try {
    return await inspector.rows(sql, args);
  } finally {
    await inspector.close();
  }
}
