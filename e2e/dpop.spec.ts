import type { Page, Request } from '@playwright/test';
import { decodeJwt, queryServerDb } from '../tests/support/api';
import { dpopHeaders, dpopProof, newDpopKey } from '../tests/support/dpop';
import { expect, expectLoggedIn, setMode, test } from './fixtures';

// DPoP in the browser: the page's tokens are bound to a key it cannot export, so copies of them
// taken out of the page (as injected script or a malicious extension could) are refused elsewhere.

async function logInWithForm(page: Page, user: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: /^Log in \(/ }).click();
}

const isMe = (request: Request) => request.method() === 'GET' && new URL(request.url()).pathname === '/api/me';

test('stolen access and refresh tokens are refused from another client, while the page keeps working', async ({ page, context, baseURL, newUser, playwright }) => {
  const user = await newUser();
  await setMode(context, baseURL, 'jwt');
  // The request the page sends once logged in: its Authorization header and proof, as an
  // eavesdropping script would copy them.
  const sent = page.waitForRequest(isMe);
  await logInWithForm(page, user);
  await expectLoggedIn(page, user);
  const headers = await (await sent).allHeaders();
  expect(headers.authorization).toMatch(/^DPoP ey/);
  const accessToken = headers.authorization!.slice('DPoP '.length);
  const jkt = String((decodeJwt(accessToken).claims.cnf as { jkt?: string } | undefined)?.jkt);
  expect(jkt).toMatch(/^[\w-]{43}$/);
  const refreshCookie = (await context.cookies()).find((cookie) => cookie.name.endsWith('refresh_token'));
  expect(refreshCookie, 'the refresh cookie is in the jar').toBeDefined();

  const thief = await playwright.request.newContext({ baseURL });
  try {
    const meUrl = new URL('/api/me', baseURL).href;
    expect((await thief.get('/api/me', { headers: { authorization: `Bearer ${accessToken}` } })).status()).toBe(401);
    const thiefKey = await newDpopKey();
    expect((await thief.get('/api/me', { headers: await dpopHeaders(thiefKey, 'GET', meUrl, accessToken) })).status()).toBe(401);
    // The page's own proof, replayed: used once already.
    expect((await thief.get('/api/me', { headers: { authorization: headers.authorization!, dpop: headers.dpop! } })).status()).toBe(401);

    // The page still works with its token.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const tokens = page.getByRole('region', { name: 'What this browser holds: JSON Web Tokens' });
    await expect(tokens.getByTestId('dpop-binding')).toContainText(`cnf.jkt = ${jkt}`);
    await expect(tokens.getByTestId('browser-key-jkt')).toHaveText(jkt);
    await expect(tokens.getByTestId('private-key-export')).toHaveText(/^refused \(/);

    const cookie = `${refreshCookie!.name}=${refreshCookie!.value}`;
    const refreshUrl = new URL('/api/auth/jwt/refresh', baseURL).href;
    const withThiefsKey = await thief.post('/api/auth/jwt/refresh', { headers: { cookie, dpop: await dpopProof(thiefKey, 'POST', refreshUrl) } });
    expect(withThiefsKey.status()).toBe(401);
    expect((await thief.post('/api/auth/jwt/refresh', { headers: { cookie } })).status()).toBe(401);
    const events = await queryServerDb(baseURL, `SELECT "detail" FROM "AuthEvent" WHERE "userId" = $1 AND "type" = 'dpop_key_mismatch'`, [user.id]);
    expect(events.length).toBeGreaterThanOrEqual(1);

    // The stolen refresh token ended the login (it is treated as stolen), but the page's access
    // token is still its own: its calls go on until that token expires.
    const ledger = page.getByRole('region', { name: 'Cost of the last API call (Server-Timing)' });
    const again = page.waitForResponse((response) => isMe(response.request()));
    await page.getByRole('button', { name: 'Call GET /api/me now' }).click();
    expect((await again).status()).toBe(200);
    await expect(ledger.getByRole('row', { name: /^dpop / })).toBeVisible();
    await expectLoggedIn(page, user);
  } finally {
    await thief.dispose();
  }
});

test('turning binding off logs out of JWT mode, and the next login gets Bearer tokens', async ({ page, context, baseURL, newUser }) => {
  const user = await newUser();
  await setMode(context, baseURL, 'jwt');
  await logInWithForm(page, user);
  await expectLoggedIn(page, user);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const binding = page.getByRole('checkbox', { name: 'Bind my tokens to this browser' });
  // Enabled once the page has hydrated and found its key; the server-rendered box is already checked.
  await expect(binding).toBeEnabled();
  await expect(binding).toBeChecked();
  // click, not uncheck: uncheck reads the box back after clicking, and this click logs out and
  // leaves the page, so on a slow machine the box is gone by then and uncheck waits for it until
  // it times out. Where the click leads is what the test checks.
  await binding.click();
  await expect(page).toHaveURL(/\/login/);

  const sent = page.waitForRequest(isMe);
  await logInWithForm(page, user);
  await expectLoggedIn(page, user);
  expect((await (await sent).allHeaders()).authorization).toMatch(/^Bearer ey/);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('dpop-binding')).toHaveText(/^Not bound/);
  await expect(page.getByRole('checkbox', { name: 'Bind my tokens to this browser' })).not.toBeChecked();
});
