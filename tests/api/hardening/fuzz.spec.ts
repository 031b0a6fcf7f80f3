import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import type { z } from 'zod';
import { changePasswordSchema, loginSchema, signupSchema, updateProfileSchema } from '@/lib/validation/auth';
import { createPostingSchema } from '@/lib/validation/jobs';
import { labLoginsRequestSchema } from '@/lib/validation/lab';
import { basic, DEMO_PASSWORD, demoAccounts, type TokenResponse } from '../../support/api';
import { openDatabase, rowCounts } from '../../support/attack-db';
import { apiEndpoints, withId } from '../../support/attack-endpoints';
import { rawRequest, type RawRequest } from '../../support/attack-http';
import { baseUrlOf, databaseFileOf } from '../../support/servers';

// Property: whatever junk arrives (method, path id, content type, body, Authorization, cookies,
// Origin), no endpoint answers 5xx or hangs, every refusal has the JSON error shape, and the
// database is exactly as it was. The fuzz profile's server is used by this test alone, so any
// change in a row count was made by the junk.

const base = baseUrlOf('fuzz');
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** The schemas that would accept a body: junk that happens to be valid input is left out. */
const bodySchemas: Record<string, z.ZodType> = {
  '/api/auth/signup': signupSchema,
  '/api/auth/session/login': loginSchema,
  '/api/auth/jwt/login': loginSchema,
  '/api/me': updateProfileSchema,
  '/api/me/password': changePasswordSchema,
  '/api/jobs': createPostingSchema,
  '/api/lab/logins': labLoginsRequestSchema,
};

const LOGOUTS = ['POST /api/auth/session/logout', 'POST /api/auth/jwt/logout'];

type Junk = { method: string; path: string; endpoint: string; headers: Record<string, string>; body?: string | Buffer };

/** Real credentials, flipped in the middle so they stay well-formed but fail every check. */
const tamper = (value: string, at: number) => {
  const i = Math.floor(value.length / 4) + (at % Math.floor(value.length / 2));
  return `${value.slice(0, i)}${value[i] === 'A' ? 'B' : 'A'}${value.slice(i + 1)}`;
};

function junkArbitrary(real: { cookie: string; accessToken: string; refreshToken: string; refreshCookieName: string }): fc.Arbitrary<Junk> {
  const sessionName = real.cookie.slice(0, real.cookie.indexOf('='));
  const printable = fc.string({ maxLength: 80 });
  const id = fc.oneof(fc.constant('seed-acme-support'), fc.stringMatching(/^[a-z0-9-]{1,64}$/), fc.string({ unit: 'grapheme', maxLength: 80 }));
  const method = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE') },
    { weight: 1, arbitrary: fc.constantFrom('HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'FOO') },
  );
  const contentType = fc.option(
    fc.oneof(
      fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/problem+json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx'),
      printable,
    ),
    { nil: undefined },
  );
  const body = fc.option(
    fc.oneof(
      fc.json(),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.record(
        { email: fc.oneof(fc.string(), fc.jsonValue()), password: fc.oneof(fc.string({ unit: 'grapheme' }), fc.jsonValue()), name: fc.jsonValue(), title: fc.jsonValue(), role: fc.string() },
        { requiredKeys: [] },
      ).map((value) => JSON.stringify(value)),
      fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
      fc.integer({ min: 16 * 1024, max: 40 * 1024 }).map((size) => JSON.stringify({ name: 'x'.repeat(size) })),
    ),
    { nil: undefined },
  );
  const authorization = fc.option(
    fc.oneof(
      printable,
      printable.map((value) => `Bearer ${value}`),
      fc.nat().map((at) => `Bearer ${tamper(real.accessToken, at)}`),
      fc.nat().map((at) => `Bearer ${tamper(real.refreshToken, at)}`),
      fc.string({ unit: 'grapheme', maxLength: 40 }).map((value) => `Basic ${Buffer.from(value).toString('base64')}`),
      printable.map((value) => `Basic ${value}`),
    ),
    { nil: undefined },
  );
  const cookie = fc.option(
    fc.oneof(
      printable,
      printable.map((value) => `${sessionName}=${value}`),
      fc.nat().map((at) => tamper(real.cookie, at)),
      printable.map((value) => `${real.refreshCookieName}=${value}`),
      fc.nat().map((at) => `${real.refreshCookieName}=${tamper(real.refreshToken, at)}`),
    ),
    { nil: undefined },
  );
  const origin = fc.option(fc.constantFrom('null', 'https://evil.example', base, `${base}.evil.example`), { nil: undefined });
  const extraPath = fc.option(printable.map((value) => `/${encodeURIComponent(value)}`), { nil: undefined, freq: 8 });

  return fc
    .record({ endpoint: fc.constantFrom(...apiEndpoints.map((e) => e.path)), method, id, contentType, body, authorization, cookie, origin, extraPath })
    .map(({ endpoint, id: pathId, extraPath: extra, contentType: type, authorization: auth, cookie: cookieHeader, origin: originHeader, ...rest }) => ({
      endpoint,
      method: rest.method,
      path: withId(endpoint, encodeURIComponent(pathId)) + (extra ?? ''),
      body: rest.body,
      headers: Object.fromEntries(
        Object.entries({ 'content-type': type, authorization: auth, cookie: cookieHeader, origin: originHeader }).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      ),
    }))
    .filter((junk) => !isValidInput(junk));
}

/** True for the rare generated request that is real input an endpoint would act on. */
function isValidInput(junk: Junk): boolean {
  const schema = bodySchemas[junk.endpoint];
  if (!schema) return false;
  const candidates: unknown[] = [];
  try {
    if (junk.body !== undefined) candidates.push(JSON.parse(junk.body.toString()));
  } catch {
    // not JSON: refused before any schema
  }
  const basicMatch = /^Basic\s+(\S+)$/i.exec(junk.headers.authorization?.trim() ?? '');
  if (basicMatch) {
    const text = Buffer.from(basicMatch[1]!, 'base64').toString('utf8');
    candidates.push({ email: text.slice(0, text.indexOf(':')), password: text.slice(text.indexOf(':') + 1) });
  }
  return candidates.some((candidate) => schema.safeParse(candidate).success);
}

test.describe('fuzz', () => {
  test('junk at every endpoint: no 5xx, no hang, the JSON error shape, no change to the database', async () => {
    test.setTimeout(120_000);
    // Real credentials to tamper with; logging in writes rows, so this happens before the baseline.
    const sessionLogin = await rawRequest(base, { method: 'POST', path: '/api/auth/session/login', headers: basic(demoAccounts.alice, DEMO_PASSWORD) });
    const jwtLogin = await rawRequest(base, { method: 'POST', path: '/api/auth/jwt/login', headers: basic(demoAccounts.acme, DEMO_PASSWORD) });
    expect([sessionLogin.status(), jwtLogin.status()]).toEqual([200, 200]);
    const tokens = (await jwtLogin.json()) as TokenResponse;
    const real = {
      cookie: (sessionLogin.headers()['set-cookie'] ?? '').split(';')[0]!,
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      refreshCookieName: (jwtLogin.headers()['set-cookie'] ?? '').split('=')[0]!,
    };

    const database = openDatabase(databaseFileOf('fuzz'));
    const statuses = new Map<number, number>();
    try {
      const baseline = await rowCounts(database);
      expect(Object.keys(baseline)).toEqual(expect.arrayContaining(['User', 'Session', 'RefreshToken', 'JobPosting', 'Application', 'AuthEvent', 'RateLimiterFlexible']));
      await fc.assert(
        fc.asyncProperty(junkArbitrary(real), async (junk) => {
          const request: RawRequest = { method: junk.method, path: junk.path, headers: junk.headers, body: junk.body, timeoutMs: 15_000 };
          const response = await rawRequest(base, request);
          const status = response.status();
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          const label = `${junk.method} ${junk.path} ${JSON.stringify(junk.headers)} -> ${status} ${(await response.text()).slice(0, 200)}`;
          expect(status, label).toBeGreaterThanOrEqual(200);
          expect(status, label).toBeLessThan(500);
          if (status >= 400 && junk.method !== 'HEAD') {
            expect(response.headers()['content-type'], label).toContain('application/json');
            const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
            expect(typeof body.error?.code, label).toBe('string');
            expect(typeof body.error?.message, label).toBe('string');
          }
          // Only reads may succeed (health, OPTIONS), and logout, which clears the cookie whatever
          // it was given; junk never gets a write through.
          if (status < 300 && !LOGOUTS.includes(`${junk.method} ${junk.path}`)) expect(['GET', 'HEAD', 'OPTIONS'], label).toContain(junk.method);
          expect(await rowCounts(database), label).toEqual(baseline);
        }),
        { numRuns: NUM_RUNS },
      );
    } finally {
      database.close();
      test.info().annotations.push({ type: 'statuses', description: JSON.stringify(Object.fromEntries([...statuses].sort())) });
    }
  });
});
