import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { z } from 'zod';
import { endpoints, errorBody, type Endpoint } from '@/lib/contracts/endpoints';
import { bearer, cookieOf, jwtLogin, sessionLogin, signUp, test, expect, withCookie, type TestUser } from '../support/api';

// The response contracts (lib/contracts) against docs/api.md and the real server: every endpoint
// the docs name has a schema, every schema names a documented endpoint, and what the server
// answers, success and error, is exactly what its schema describes (decoding it and encoding it
// back gives the same JSON, so a field the schema does not know fails as well as a missing one).

const documented = [...fs.readFileSync('docs/api.md', 'utf8').matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^\s`]*)`/g)].map(([, method, path]) => `${method} ${path}`);

// Answers every GET the same; another method gets Next's plain 405, not the API's error body.
const NO_ERROR_ANSWER = new Set<string>(['GET /.well-known/jwks.json']);

const E = endpoints;
const checked = new Map<string, Set<'success' | 'error'>>();
const note = (endpoint: string, kind: 'success' | 'error') => checked.set(endpoint, (checked.get(endpoint) ?? new Set()).add(kind));

async function bodyOf(response: APIResponse): Promise<unknown> {
  const text = await response.text();
  return text === '' ? undefined : JSON.parse(text);
}

/**
 * Parses a success with the schema the endpoint table names for its status, and returns what the
 * client would get. `schema` is that entry (`E[endpoint][status]`), passed in so its type carries over.
 */
async function expectContract<Schema extends z.ZodType>(endpoint: Endpoint, response: APIResponse, status: number, schema: Schema): Promise<z.output<Schema>> {
  const row: Record<number, z.ZodType> = endpoints[endpoint];
  expect(row[status], `${endpoint} ${status} is the table's entry`).toBe(schema);
  const body = await bodyOf(response);
  expect(response.status(), `${endpoint}: ${JSON.stringify(body)}`).toBe(status);
  const parsed = schema.safeParse(body);
  expect(parsed.error?.message, `${endpoint} ${status} against its schema`).toBeUndefined();
  if (!parsed.success) throw parsed.error;
  const encoded: unknown = z.encode(schema, parsed.data);
  expect(encoded, `${endpoint} ${status} has no field its schema lacks`).toEqual(body);
  note(endpoint, 'success');
  return parsed.data;
}

/** An error answer of the endpoint, in the one error shape. */
async function expectErrorContract(endpoint: Endpoint, response: APIResponse, status: number, code: string) {
  const body = await bodyOf(response);
  expect(response.status(), `${endpoint}: ${JSON.stringify(body)}`).toBe(status);
  const parsed = errorBody.safeParse(body);
  expect(parsed.error?.message, `${endpoint} ${status} against the error schema`).toBeUndefined();
  if (!parsed.success) throw parsed.error;
  expect(z.encode(errorBody, parsed.data)).toEqual(body);
  expect(parsed.data.error.code).toBe(code);
  note(endpoint, 'error');
}

const newPassword = () => `pw-${randomUUID()}`;

test.describe.configure({ mode: 'serial' });

test('every endpoint docs/api.md documents has a contract, and every contract a documented endpoint', () => {
  expect(documented.length).toBeGreaterThan(20);
  expect([...new Set(documented)].sort()).toEqual(Object.keys(endpoints).sort());
});

test('accounts and session mode', async ({ request, anonymous }) => {
  const user = await signUpChecked(request);
  await expectErrorContract('POST /api/auth/signup', await request.post('/api/auth/signup', { data: { email: user.email, password: user.password, name: user.name, role: 'seeker' } }), 409, 'email_taken');

  await expectErrorContract('POST /api/auth/session/login', await request.post('/api/auth/session/login', { data: { email: user.email, password: 'wrong-password' } }), 401, 'invalid_credentials');
  const login = await expectContract('POST /api/auth/session/login', await request.post('/api/auth/session/login', { data: { email: user.email, password: user.password } }), 200, E['POST /api/auth/session/login'][200]);
  expect(login.session.idleExpiresAt).toBeInstanceOf(Date);
  const other = await sessionLogin(request, user);
  const cookie = withCookie((await sessionLogin(request, user)).cookie);

  const me = await expectContract('GET /api/me', await request.get('/api/me', { headers: cookie }), 200, E['GET /api/me'][200]);
  expect(me.auth.mode).toBe('session');
  await expectErrorContract('GET /api/me', await anonymous.get('/api/me'), 401, 'unauthenticated');
  await expectContract('PATCH /api/me', await request.patch('/api/me', { headers: cookie, data: { name: 'Renamed' } }), 200, E['PATCH /api/me'][200]);
  await expectErrorContract('PATCH /api/me', await request.patch('/api/me', { headers: cookie, data: {} }), 422, 'validation_failed');

  const sessions = await expectContract('GET /api/me/sessions', await request.get('/api/me/sessions', { headers: cookie }), 200, E['GET /api/me/sessions'][200]);
  expect(sessions.sessions.length).toBeGreaterThanOrEqual(3);
  await expectErrorContract('GET /api/me/sessions', await anonymous.get('/api/me/sessions'), 401, 'unauthenticated');

  await expectContract('POST /api/auth/reauthenticate', await request.post('/api/auth/reauthenticate', { headers: cookie, data: { password: user.password } }), 200, E['POST /api/auth/reauthenticate'][200]);
  await expectErrorContract('POST /api/auth/reauthenticate', await request.post('/api/auth/reauthenticate', { headers: cookie, data: { password: 'wrong-password' } }), 403, 'invalid_password');

  const otherId: string = other.body.session.id;
  await expectContract('DELETE /api/me/sessions/{id}', await request.delete(`/api/me/sessions/${otherId}`, { headers: cookie }), 204, E['DELETE /api/me/sessions/{id}'][204]);
  await expectErrorContract('DELETE /api/me/sessions/{id}', await request.delete(`/api/me/sessions/${randomUUID()}`, { headers: cookie }), 404, 'not_found');
  await expectContract('DELETE /api/me/sessions', await request.delete('/api/me/sessions', { headers: cookie }), 200, E['DELETE /api/me/sessions'][200]);
  await expectErrorContract('DELETE /api/me/sessions', await anonymous.delete('/api/me/sessions'), 401, 'unauthenticated');

  const changed = { currentPassword: user.password, newPassword: newPassword() };
  await expectErrorContract('POST /api/me/password', await request.post('/api/me/password', { headers: cookie, data: { ...changed, currentPassword: 'wrong-password' } }), 403, 'invalid_current_password');
  await expectContract('POST /api/me/password', await request.post('/api/me/password', { headers: cookie, data: changed }), 204, E['POST /api/me/password'][204]);

  await expectContract('POST /api/auth/session/logout', await request.post('/api/auth/session/logout', { headers: cookie }), 204, E['POST /api/auth/session/logout'][204]);
  await expectErrorContract('POST /api/auth/session/logout', await request.get('/api/auth/session/logout'), 405, 'method_not_allowed');
});

async function signUpChecked(request: APIRequestContext): Promise<TestUser> {
  await expectErrorContract('POST /api/auth/signup', await request.post('/api/auth/signup', { data: {} }), 422, 'validation_failed');
  const user = { email: `contract-${randomUUID()}@test.example`, password: newPassword(), name: 'Contract seeker', role: 'seeker' as const };
  const { user: created } = await expectContract('POST /api/auth/signup', await request.post('/api/auth/signup', { data: user }), 201, E['POST /api/auth/signup'][201]);
  expect(created.createdAt).toBeInstanceOf(Date);
  return { ...user, id: created.id };
}

test('JWT mode', async ({ request }) => {
  const user = await signUp(request);
  await expectErrorContract('POST /api/auth/jwt/login', await request.post('/api/auth/jwt/login', { data: { email: user.email, password: 'wrong-password' } }), 401, 'invalid_credentials');
  const tokens = await expectContract('POST /api/auth/jwt/login', await request.post('/api/auth/jwt/login', { data: { email: user.email, password: user.password } }), 200, E['POST /api/auth/jwt/login'][200]);
  expect(tokens.token_type).toBe('Bearer');

  const me = await expectContract('GET /api/me', await request.get('/api/me', { headers: bearer(tokens.access_token) }), 200, E['GET /api/me'][200]);
  expect(me.auth.mode).toBe('jwt');
  const reauth = await expectContract('POST /api/auth/reauthenticate', await request.post('/api/auth/reauthenticate', { headers: bearer(tokens.access_token), data: { password: user.password } }), 200, E['POST /api/auth/reauthenticate'][200]);
  expect(reauth).toHaveProperty('access_token');

  const rotated = await expectContract('POST /api/auth/jwt/refresh', await request.post('/api/auth/jwt/refresh', { headers: bearer(tokens.refresh_token) }), 200, E['POST /api/auth/jwt/refresh'][200]);
  await expectErrorContract('POST /api/auth/jwt/refresh', await request.post('/api/auth/jwt/refresh', { headers: bearer('not-a-refresh-token') }), 401, 'invalid_token');

  await expectContract('POST /api/auth/jwt/logout', await request.post('/api/auth/jwt/logout', { headers: bearer(rotated.refresh_token) }), 204, E['POST /api/auth/jwt/logout'][204]);
  await expectErrorContract('POST /api/auth/jwt/logout', await request.get('/api/auth/jwt/logout'), 405, 'method_not_allowed');

  const jwks = await expectContract('GET /.well-known/jwks.json', await request.get('/.well-known/jwks.json'), 200, E['GET /.well-known/jwks.json'][200]);
  expect(jwks.keys[0]?.alg).toBe('EdDSA');
});

test('job postings and applications', async ({ request, anonymous }) => {
  const company = await jwtLogin(request, await signUp(request, 'company'));
  const seeker = await jwtLogin(request, await signUp(request, 'seeker'));
  const asCompany = bearer(company.access_token);
  const asSeeker = bearer(seeker.access_token);

  await expectErrorContract('POST /api/jobs', await request.post('/api/jobs', { headers: asCompany, data: {} }), 422, 'validation_failed');
  const { posting } = await expectContract('POST /api/jobs', await request.post('/api/jobs', { headers: asCompany, data: { title: 'Contract tester', description: 'Checks shapes.', location: 'Remote' } }), 201, E['POST /api/jobs'][201]);

  const list = await expectContract('GET /api/jobs', await request.get('/api/jobs', { headers: asSeeker }), 200, E['GET /api/jobs'][200]);
  expect(list.postings.some((listed) => listed.id === posting.id)).toBe(true);
  await expectErrorContract('GET /api/jobs', await anonymous.get('/api/jobs'), 401, 'unauthenticated');

  await expectContract('POST /api/jobs/{id}/applications', await request.post(`/api/jobs/${posting.id}/applications`, { headers: asSeeker }), 201, E['POST /api/jobs/{id}/applications'][201]);
  await expectErrorContract('POST /api/jobs/{id}/applications', await request.post(`/api/jobs/${posting.id}/applications`, { headers: asSeeker }), 409, 'already_applied');

  const counts = await expectContract('GET /api/company/applicant-counts', await request.get('/api/company/applicant-counts', { headers: asCompany }), 200, E['GET /api/company/applicant-counts'][200]);
  expect(counts.postings.find((counted) => counted.id === posting.id)?.applicantCount).toBe(1);
  await expectErrorContract('GET /api/company/applicant-counts', await request.get('/api/company/applicant-counts', { headers: asSeeker }), 403, 'forbidden');
});

test('health and the test clock', async ({ request }) => {
  await expectContract('GET /api/health', await request.get('/api/health'), 200, E['GET /api/health'][200]);
  await expectErrorContract('GET /api/health', await request.post('/api/health'), 405, 'method_not_allowed');
  await expectContract('GET /api/health/ready', await request.get('/api/health/ready'), 200, E['GET /api/health/ready'][200]);
  await expectErrorContract('GET /api/health/ready', await request.post('/api/health/ready'), 405, 'method_not_allowed');
  await expectContract('GET /api/test/clock', await request.get('/api/test/clock'), 200, E['GET /api/test/clock'][200]);
  await expectErrorContract('GET /api/test/clock', await request.get('/api/test/clock', { headers: { 'x-test-clock-offset': 'soon' } }), 400, 'bad_test_clock');
});

test('the lab, with a login of each mode', async ({ request, anonymous }) => {
  await expectErrorContract('POST /api/lab/logins', await request.post('/api/lab/logins', { data: { modes: [] } }), 422, 'validation_failed');
  const response = await request.post('/api/lab/logins', { data: { modes: ['session', 'jwt'] } });
  const started = await expectContract('POST /api/lab/logins', response, 201, E['POST /api/lab/logins'][201]);
  const labCookie = withCookie(cookieOf(response, /lab_session=/));
  const jwt = started.logins.find((login) => login.mode === 'jwt');
  if (jwt?.mode !== 'jwt') throw new Error('the lab gave no JWT login');
  const asLabJwt = bearer(jwt.access_token);

  for (const headers of [labCookie, asLabJwt]) {
    await expectContract('GET /api/lab/me', await request.get('/api/lab/me', { headers }), 200, E['GET /api/lab/me'][200]);
    await expectContract('GET /api/lab/credential', await request.get('/api/lab/credential', { headers }), 200, E['GET /api/lab/credential'][200]);
  }
  await expectErrorContract('GET /api/lab/me', await anonymous.get('/api/lab/me'), 401, 'unauthenticated');
  const realUser = await jwtLogin(request, await signUp(request));
  await expectErrorContract('GET /api/lab/credential', await request.get('/api/lab/credential', { headers: bearer(realUser.access_token) }), 403, 'forbidden');

  const { events } = await expectContract('GET /api/lab/events', await request.get('/api/lab/events', { headers: asLabJwt }), 200, E['GET /api/lab/events'][200]);
  expect(events.length).toBeGreaterThan(0);
  await expectErrorContract('GET /api/lab/events', await request.get('/api/lab/events', { headers: bearer(realUser.access_token) }), 403, 'forbidden');

  await expectContract('GET /api/lab/clock', await request.get('/api/lab/clock'), 200, E['GET /api/lab/clock'][200]);
  await expectErrorContract('GET /api/lab/clock', await request.post('/api/lab/clock'), 405, 'method_not_allowed');

  await expectErrorContract('DELETE /api/lab/account', await request.delete('/api/lab/account', { headers: bearer(realUser.access_token) }), 403, 'forbidden');
  await expectContract('DELETE /api/lab/account', await request.delete('/api/lab/account', { headers: asLabJwt }), 204, E['DELETE /api/lab/account'][204]);
});

test('every endpoint was checked with a success and an error answer', () => {
  for (const endpoint of Object.keys(endpoints)) {
    const kinds = checked.get(endpoint) ?? new Set();
    expect(kinds.has('success'), `${endpoint}: no success checked`).toBe(true);
    if (!NO_ERROR_ANSWER.has(endpoint)) expect(kinds.has('error'), `${endpoint}: no error checked`).toBe(true);
  }
});
