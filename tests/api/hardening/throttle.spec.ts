import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { basic, expectError, signUp, uniqueEmail, type TestUser } from '../../support/api';
import { loopbackAddress, rawRequest, type RawResponse } from '../../support/attack-http';
import { baseUrlOf } from '../../support/servers';

// Password guessing: failed logins are counted per account and per client address; over either
// limit every login is 429 with Retry-After, even with the right password. Each test connects
// from loopback addresses of its own, so its address bucket is not shared with any other test.

type Way = { endpoint: string; form: 'json' | 'basic' };
const WAYS: Way[] = [
  { endpoint: '/api/auth/session/login', form: 'json' },
  { endpoint: '/api/auth/jwt/login', form: 'basic' },
  { endpoint: '/api/auth/session/login', form: 'basic' },
  { endpoint: '/api/auth/jwt/login', form: 'json' },
];

function login(base: string, way: Way, email: string, password: string, from: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const credentials =
    way.form === 'basic'
      ? { headers: { ...basic(email, password), ...headers } }
      : { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email, password }) };
  return rawRequest(base, { method: 'POST', path: way.endpoint, localAddress: from, ...credentials });
}

async function expectThrottled(response: RawResponse, windowSeconds: number) {
  await expectError(response, 429, 'rate_limited');
  const retryAfter = Number(response.headers()['retry-after']);
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= windowSeconds, `Retry-After ${retryAfter}`).toBe(true);
  expect(response.headers()['set-cookie']).toBeUndefined();
}

/** Headers a client might hope the server takes its address from. */
const spoofedAddress = () => {
  const address = `203.0.113.${1 + Math.floor(Math.random() * 250)}`;
  return { 'x-forwarded-for': address, 'x-real-ip': address, forwarded: `for=${address}`, 'x-auth-modes-client-ip': address };
};

test.describe('throttle profile: 3 failures per account, 8 per address, clients connect directly', () => {
  const base = baseUrlOf('throttle');
  const WINDOW = 60;
  test.use({ baseURL: base });

  test('per account: the fourth attempt is refused even with the right password, from any address, both endpoints, JSON and Basic', async ({ request }) => {
    const user = await signUp(request, 'seeker');
    for (const way of WAYS.slice(0, 3)) {
      await expectError(await login(base, way, user.email, 'wrong-password', loopbackAddress()), 401, 'invalid_credentials');
    }
    for (const way of WAYS) {
      await expectThrottled(await login(base, way, user.email, user.password, loopbackAddress()), WINDOW);
    }
    // Other accounts are not affected.
    const other = await signUp(request, 'seeker');
    expect((await login(base, WAYS[0]!, other.email, other.password, loopbackAddress())).status()).toBe(200);
  });

  test('unknown email and wrong password: same status and body, and both count', async ({ request }) => {
    const user = await signUp(request, 'seeker');
    const unknown = uniqueEmail('nobody');
    for (const way of WAYS) {
      const wrongPassword = await login(base, way, user.email, 'wrong-password', loopbackAddress());
      const noSuchUser = await login(base, way, unknown, 'wrong-password', loopbackAddress());
      if (wrongPassword.status() === 429) break; // the account limit is reached: compared enough
      await expectError(wrongPassword, 401, 'invalid_credentials');
      expect(noSuchUser.status()).toBe(wrongPassword.status());
      expect(await noSuchUser.text()).toBe(await wrongPassword.text());
      expect(noSuchUser.headers()['www-authenticate']).toBe(wrongPassword.headers()['www-authenticate']);
    }
    // An unknown email is throttled like a real one (no way to tell them apart by the 429 either).
    await expectThrottled(await login(base, WAYS[0]!, unknown, 'wrong-password', loopbackAddress()), WINDOW);
    await expectThrottled(await login(base, WAYS[0]!, user.email, user.password, loopbackAddress()), WINDOW);
  });

  test('per address: a spoofed X-Forwarded-For (or any other address header) does not dodge the limit', async ({ request }) => {
    const attacker = loopbackAddress();
    // Eight failures, each on another account and each claiming another address.
    for (let i = 0; i < 8; i += 1) {
      const way = WAYS[i % WAYS.length]!;
      await expectError(await login(base, way, uniqueEmail('spray'), `guess-${i}`, attacker, spoofedAddress()), 401, 'invalid_credentials');
    }
    const user: TestUser = await signUp(request, 'seeker');
    for (const way of WAYS) {
      await expectThrottled(await login(base, way, uniqueEmail('spray'), 'guess', attacker, spoofedAddress()), WINDOW);
      await expectThrottled(await login(base, way, user.email, user.password, attacker, spoofedAddress()), WINDOW);
    }
    // The same account from another address is fine: the block is the address's, not the account's.
    expect((await login(base, WAYS[1]!, user.email, user.password, loopbackAddress())).status()).toBe(200);
  });
  test('one account however its email is spelled: case and surrounding spaces count together', async ({ request }) => {
    const user = await signUp(request, 'seeker');
    const [local, domain] = user.email.split('@') as [string, string];
    for (const spelling of [user.email.toUpperCase(), `  ${user.email}  `, `${local}@${domain.toUpperCase()}`]) {
      await expectError(await login(base, WAYS[0]!, spelling, 'wrong-password', loopbackAddress()), 401, 'invalid_credentials');
    }
    await expectThrottled(await login(base, WAYS[1]!, user.email, user.password, loopbackAddress()), WINDOW);
  });

  test('parallel guesses cannot get past the limits: the throttle counts before it compares passwords', async ({ request }) => {
    const user = await signUp(request, 'seeker');
    const accountRace = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login(base, WAYS[i % WAYS.length]!, user.email, `parallel-guess-${i}`, loopbackAddress())),
    );
    const accountStatuses = accountRace.map((response) => response.status()).sort();
    expect(accountStatuses.filter((status) => status === 401).length, accountStatuses.join(' ')).toBe(3);
    expect(accountStatuses.filter((status) => status === 429)).toHaveLength(17);

    const attacker = loopbackAddress();
    const addressRace = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login(base, WAYS[i % WAYS.length]!, uniqueEmail('parallel'), `guess-${i}`, attacker)),
    );
    const addressStatuses = addressRace.map((response) => response.status()).sort();
    expect(addressStatuses.filter((status) => status === 401).length, addressStatuses.join(' ')).toBe(8);
    expect(addressStatuses.filter((status) => status === 429)).toHaveLength(12);
  });

  test('a successful login resets the account count and costs the address nothing', async ({ request }) => {
    const user = await signUp(request, 'seeker');
    const from = loopbackAddress();
    // Two failures and a success, three times over, then two more failures: 8 failures and 3
    // successes from one address. Had the successes counted, the last failures would be 429s.
    for (let round = 0; round < 3; round += 1) {
      for (let i = 0; i < 2; i += 1) await expectError(await login(base, WAYS[i]!, user.email, 'wrong-password', from), 401, 'invalid_credentials');
      expect((await login(base, WAYS[round]!, user.email, user.password, from)).status()).toBe(200);
    }
    for (let i = 0; i < 2; i += 1) await expectError(await login(base, WAYS[i + 2]!, user.email, 'wrong-password', from), 401, 'invalid_credentials');
    // The address has spent its 8 failures now.
    await expectThrottled(await login(base, WAYS[0]!, user.email, user.password, from), WINDOW);
  });
});

test.describe('standard profile: behind one trusted proxy (TRUSTED_PROXY_HOPS=1)', () => {
  const base = baseUrlOf('standard');

  test('the address the proxy appended is the client address; entries left of it are ignored', async ({ request }) => {
    const user = await signUp(request, 'seeker');
    const real = `198.51.100.${1 + Math.floor(Math.random() * 250)}`;
    const response = await login(base, WAYS[0]!, user.email, user.password, loopbackAddress(), { 'x-forwarded-for': `6.6.6.6, ${real}` });
    expect(response.status()).toBe(200);
    const cookie = (response.headers()['set-cookie'] ?? '').split(';')[0]!;
    const { sessions } = (await (await rawRequest(base, { path: '/api/me/sessions', headers: { cookie } })).json()) as { sessions: { ip: string }[] };
    expect(sessions.map((session) => session.ip)).toEqual([real]);
  });

  test('the throttle counts per forwarded address', async () => {
    test.setTimeout(120_000);
    // The standard profile keeps the default limit of 100 failures per address.
    const LIMIT = 100;
    const blocked = `10.${loopbackAddress().slice(4)}`;
    const run = randomUUID().slice(0, 8);
    for (let i = 0; i < LIMIT; i += 1) {
      const response = await login(base, WAYS[i % WAYS.length]!, `spray-${run}-${i}@test.example`, 'guess', loopbackAddress(), { 'x-forwarded-for': blocked });
      expect(response.status(), `attempt ${i + 1}`).toBe(401);
    }
    const over = await login(base, WAYS[0]!, `spray-${run}-over@test.example`, 'guess', loopbackAddress(), { 'x-forwarded-for': blocked });
    await expectThrottled(over, 15 * 60);
    const elsewhere = await login(base, WAYS[0]!, `spray-${run}-over@test.example`, 'guess', loopbackAddress(), { 'x-forwarded-for': `10.${loopbackAddress().slice(4)}` });
    await expectError(elsewhere, 401, 'invalid_credentials');
  });
});
