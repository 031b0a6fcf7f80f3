import { randomUUID } from 'node:crypto';
import { expect, type APIRequestContext, type APIResponse } from '@playwright/test';

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

export async function refresh(request: APIRequestContext, refreshToken: string): Promise<APIResponse> {
  return request.post('/api/auth/jwt/refresh', { headers: { authorization: `Bearer ${refreshToken}` } });
}

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
