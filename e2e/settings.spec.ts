import type { Page, Request } from '@playwright/test';
import { expect, expectLoggedIn, setMode, test } from './fixtures';

/** The credential headers the browser actually sent with its next GET /api/me/sessions. */
async function credentialsSentBy(page: Page, action: () => Promise<unknown>) {
  const sent = page.waitForRequest((request: Request) => request.method() === 'GET' && new URL(request.url()).pathname === '/api/me/sessions');
  await action();
  const headers = await (await sent).allHeaders();
  return { authorization: headers.authorization ?? null, cookie: headers.cookie ?? '' };
}

async function logInWithForm(page: Page, user: { email: string; password: string }) {
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: /^Log in \(/ }).click();
}

test('switching the mode logs out, and the next login uses the other mode', async ({ page, context, newUser, loginAs, snapshot }) => {
  const user = await newUser();
  await loginAs(page, 'session', user);
  await page.goto('/settings');
  await expect(page.getByTestId('settings-mode')).toHaveText('Session cookie');
  const held = page.getByRole('region', { name: 'What this browser holds: a session cookie' });
  await expect(held.getByText('Cookie name')).toBeVisible();
  // Secure cookies (a production build) carry the __Host- prefix.
  await expect(held.getByRole('code')).toHaveText(/^(__Host-)?session$/);
  await expect(held.getByText(/^\d+ bytes \(HttpOnly/)).toBeVisible();
  await expect(held.getByText('Session created')).toBeVisible();
  const ledger = page.getByRole('region', { name: 'Cost of the last API call (Server-Timing)' });
  await expect(ledger.getByRole('row', { name: /^auth / })).toContainText('session');
  await expect(ledger.getByRole('row', { name: /^db / })).toContainText(/\d+ quer/);
  await snapshot(page, 'settings-session');

  await page.getByRole('button', { name: 'Switch to JWT mode' }).click();
  await expect(page).toHaveURL(/\/login\?switched=jwt$/);
  await expect(page.getByTestId('login-mode')).toHaveText('JWT');
  await expect(page.getByTestId('active-mode')).toHaveText('Mode: JWT');
  expect((await context.cookies()).map((cookie) => cookie.name).filter((name) => name.endsWith('session'))).toEqual([]);

  const jwtSent = await credentialsSentBy(page, () => logInWithForm(page, user));
  await expectLoggedIn(page, user);
  // DPoP-bound by default where the browser can keep a non-exportable key (Chromium can).
  expect(jwtSent.authorization).toMatch(/^DPoP ey/);
  expect(jwtSent.cookie).not.toContain('session=');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const tokens = page.getByRole('region', { name: 'What this browser holds: JSON Web Tokens' });
  await expect(tokens.getByText('"alg": "EdDSA"')).toBeVisible();
  await expect(tokens.getByText(`"sub": "${user.id}"`)).toBeVisible();
  await expect(tokens.getByTestId('access-countdown')).toHaveText(/\d s|expired/);
  // Time claims read as dates, not as seconds since 1970.
  await expect(tokens.getByTestId('claim-exp')).toContainText(/expires at: .*\d{4}/);
  await expect(tokens.getByTestId('claim-iat')).toContainText(/issued at: .*\d{4}/);
  await expect(tokens.getByTestId('refresh-countdown')).toHaveText(/^1[34] d \d+ h$/);
  await page.getByRole('button', { name: 'Call GET /api/me now' }).click();
  await expect(ledger.getByRole('code')).toHaveText('GET /api/me');
  await expect(ledger.getByRole('row', { name: /^auth / })).toContainText('jwt');
  await snapshot(page, 'settings-jwt');

  await page.getByRole('button', { name: 'Switch to Session cookie mode' }).click();
  await expect(page).toHaveURL(/\/login\?switched=session$/);
  await expect(page.getByTestId('login-mode')).toHaveText('Session cookie');
  const sessionSent = await credentialsSentBy(page, () => logInWithForm(page, user));
  await expectLoggedIn(page, user);
  expect(sessionSent.authorization).toBeNull();
  expect(sessionSent.cookie).toMatch(/(^|; )(__Host-)?session=/);
});

test('the mode switch reaches other tabs', async ({ page, context, newUser, loginAs }) => {
  const user = await newUser();
  await loginAs(page, 'jwt', user);
  const other = await context.newPage();
  await page.goto('/settings');
  await other.goto('/jobs');
  await expectLoggedIn(other, user);
  await page.getByRole('button', { name: 'Switch to Session cookie mode' }).click();
  await expect(other).toHaveURL(/\/login\?switched=session$/);
  await expect(other.getByTestId('login-mode')).toHaveText('Session cookie');
});

test('logged out, the settings page still switches the mode', async ({ page, context, baseURL }) => {
  await setMode(context, baseURL, 'session');
  await page.goto('/settings');
  await expect(page.getByText('Nothing: you are not logged in.')).toBeVisible();
  await page.getByRole('button', { name: 'Switch to JWT mode' }).click();
  await expect(page.getByTestId('login-mode')).toHaveText('JWT');
  expect((await context.cookies()).find((cookie) => cookie.name === 'auth-mode')?.value).toBe('jwt');
});

test('the access-token countdown runs on the page clock and reaches "expired"', async ({ page, newUser, loginAs }) => {
  await page.clock.install();
  const user = await newUser();
  await loginAs(page, 'jwt', user);
  await page.goto('/settings');
  const tokens = page.getByRole('region', { name: 'What this browser holds: JSON Web Tokens' });
  const countdown = tokens.getByTestId('access-countdown');
  await expect(countdown).toHaveText(/^(10 min 0 s|9 min \d+ s)$/);
  // The page's timers, not the server: five minutes later the countdown says so without a request.
  await page.clock.fastForward('05:00');
  await expect(countdown).toHaveText(/^(5 min 0 s|4 min \d+ s)$/);
  await page.clock.fastForward('05:01');
  await expect(countdown).toHaveText('expired');
  await expect(tokens.getByRole('progressbar')).toHaveAttribute('value', '0');
});
