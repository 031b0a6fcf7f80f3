import type { BrowserContext, Page } from '@playwright/test';
import { expect, expectLoggedIn, MODES, test } from './fixtures';

// The lab (/lab) runs every experiment on throwaway accounts. Each test checks the numbers' shape
// and sanity, that the page's request count is what it really sent, and that the tab's own login
// came through untouched. Expiry is reached by moving the server's clock (X-Test-Clock-Offset),
// never by waiting; timeouts are generous for a busy 2-core machine.

test.describe.configure({ timeout: 120_000 });
const RESULT_TIMEOUT = 60_000;

/** Counts the requests the lab sends (its endpoints, and the real ones it drives with lab credentials). */
function countLabRequests(page: Page): () => number {
  let count = 0;
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/api/lab/') || pathname === '/api/me/sessions' || pathname === '/.well-known/jwks.json') count += 1;
    else if (pathname === '/api/auth/jwt/refresh' && request.headers().authorization) count += 1;
  });
  return () => count;
}

/** The tab's own credentials, to compare before and after an experiment. */
async function ownCookies(context: BrowserContext) {
  const cookies = await context.cookies();
  return cookies.filter((cookie) => /(^|-)session$|refresh_token$/.test(cookie.name)).map((cookie) => `${cookie.name}=${cookie.value}`).sort();
}

const sentBy = async (card: ReturnType<Page['getByRole']>) => Number(/sent (\d+) requests/.exec((await card.getByTestId('requests-sent').textContent()) ?? '')?.[1]);
const card = (page: Page, title: RegExp) => page.getByRole('region', { name: title });

for (const mode of MODES) {
  test(`cost per request (tab in ${mode} mode): both modes and no credential, counted, and the tab's login untouched`, async ({ page, context, newUser, loginAs }) => {
    const user = await newUser();
    await loginAs(page, mode, user);
    await page.goto('/lab');
    await expectLoggedIn(page, user);
    const before = await ownCookies(context);
    const counted = countLabRequests(page);

    const cost = card(page, /Cost per request/);
    await cost.getByLabel('Requests per mode (N)').fill('20');
    await cost.getByRole('button', { name: 'Run cost experiment' }).click();
    const result = cost.getByTestId('cost-result');
    await expect(result).toBeVisible({ timeout: RESULT_TIMEOUT });

    await expect(cost.getByTestId('cost-session-Answers')).toHaveText('20× 200');
    await expect(cost.getByTestId('cost-jwt-Answers')).toHaveText('20× 200');
    await expect(cost.getByTestId('cost-none-Answers')).toHaveText('20× 401');
    const number = async (id: string) => Number.parseFloat((await cost.getByTestId(id).textContent()) ?? 'NaN');
    expect(await number('cost-session-DB queries per request')).toBeGreaterThanOrEqual(1);
    expect(await number('cost-jwt-DB queries per request')).toBe(0);
    expect(await number('cost-none-DB queries per request')).toBe(0);
    expect(await number('cost-session-Credential bytes sent')).toBeGreaterThan(100);
    expect(await number('cost-jwt-Credential bytes sent')).toBeGreaterThan(300);
    expect(await number('cost-none-Credential bytes sent')).toBe(0);
    for (const kind of ['session', 'jwt', 'none']) {
      const [p50, p95] = ((await cost.getByTestId(`cost-${kind}-Round trip p50 / p95`).textContent()) ?? '').split('/').map((part) => Number.parseFloat(part));
      expect(p50).toBeGreaterThan(0);
      expect(p95).toBeGreaterThanOrEqual(p50!);
      expect(await number(`cost-${kind}-Auth p50 / p95`)).toBeGreaterThanOrEqual(0);
    }

    // 60 measured requests, the lab login and the account's deletion, and a refresh (plus its
    // repeated request) wherever the short-lived lab token expired: the page says how many.
    const sent = await sentBy(cost);
    expect(sent).toBeGreaterThanOrEqual(62);
    expect(counted()).toBe(sent);
    expect(await ownCookies(context)).toEqual(before);
    if (mode === 'session') {
      // The browser profile's refresh tokens outlive only a few seconds, so only a session can be reloaded into.
      await page.reload();
      await expectLoggedIn(page, user);
    }
  });
}

test('revocation stopwatch: the session is refused at once, the access token until its exp, its refresh at once', async ({ page, context, newUser, loginAs }) => {
  const user = await newUser();
  await loginAs(page, 'session', user);
  await page.goto('/lab');
  await expectLoggedIn(page, user);
  const before = await ownCookies(context);

  const stopwatch = card(page, /Revocation stopwatch/);
  await stopwatch.getByRole('button', { name: 'Run revocation stopwatch' }).click();
  // Once the page is polling, move the server's clock past every lab token's exp instead of waiting.
  await expect(stopwatch.getByTestId('revocation-live')).toHaveText(/^[1-9]\d* access-token requests accepted/, { timeout: RESULT_TIMEOUT });
  await context.setExtraHTTPHeaders({ 'x-test-clock-offset': '120' });
  const result = stopwatch.getByTestId('revocation-result');
  await expect(result).toBeVisible({ timeout: RESULT_TIMEOUT });
  await context.setExtraHTTPHeaders({});

  await expect(stopwatch.getByTestId('revocation-session')).toContainText('refused on request 1 after the revocation');
  await expect(stopwatch.getByTestId('revocation-refresh')).toHaveText('refused (401)');
  const jwt = (await stopwatch.getByTestId('revocation-jwt').textContent()) ?? '';
  const match = /accepted (\d+) times; first refused at ([\d.]+) s \(its exp: ([\d.]+) s\)/.exec(jwt);
  expect(match, jwt).not.toBeNull();
  const [refusedAt, exp] = [Number(match![2]), Number(match![3])];
  // exp counts whole seconds, so the refusal may come up to a second before exp as the page reads it.
  expect(refusedAt).toBeGreaterThanOrEqual(exp - 1);
  expect(Number(match![1])).toBeGreaterThanOrEqual(1);
  await expect(stopwatch.getByRole('img', { name: /Requests after the revocation/ })).toBeVisible();
  expect(await ownCookies(context)).toEqual(before);
});

for (const first of ['victim', 'attacker'] as const) {
  test(`stolen refresh token, ${first} refreshes first: reuse detected, whole family revoked, audit events shown`, async ({ page, newUser, loginAs }) => {
    const user = await newUser();
    await loginAs(page, first === 'victim' ? 'jwt' : 'session', user);
    await page.goto('/lab');
    await expectLoggedIn(page, user);
    const counted = countLabRequests(page);
    const stolen = card(page, /Stolen refresh token/);
    await stolen.getByRole('button', { name: `Run: ${first} refreshes first` }).click();
    await expect(stolen.getByTestId('stolen-result')).toBeVisible({ timeout: RESULT_TIMEOUT });

    await expect(stolen.getByTestId('stolen-step-status')).toHaveText(['200', '200', '401 invalid_token', '401 invalid_token']);
    await expect(stolen.getByTestId('stolen-verdict')).toContainText('Reuse detected: the whole login was revoked');
    const events = stolen.getByTestId('stolen-event');
    await expect(events).toHaveCount(5);
    await expect(events.locator('td:nth-child(2)')).toHaveText(['signup', 'login', 'refresh', 'refresh', 'refresh_reuse_detected']);
    // The login, four refreshes, the audit trail and the deletion (twice if the short-lived token expired).
    expect(await sentBy(stolen)).toBeGreaterThanOrEqual(7);
    expect(counted()).toBe(await sentBy(stolen));
  });
}

for (const mode of MODES) {
  test(`token X-ray (tab in ${mode} mode): verified in the browser, an edited claim refused by the browser and the server`, async ({ page, newUser, loginAs }) => {
    const user = await newUser();
    await loginAs(page, mode, user);
    await page.goto('/lab');
    await expectLoggedIn(page, user);
    const xray = card(page, /Token X-ray/);
    await xray.getByRole('button', { name: 'X-ray a lab login' }).click();
    const token = xray.getByTestId('xray-token');
    await expect(token).toBeVisible({ timeout: RESULT_TIMEOUT });
    // Lab tokens may live only seconds on the test profile: valid, or valid but already expired.
    await expect(xray.getByTestId('xray-original-verdict')).toContainText(/signature valid|signature is valid, but the token has expired/, { timeout: 30_000 });

    const payload = xray.getByLabel(/Edit the payload/);
    await payload.fill(((await payload.inputValue()) ?? '').replace('"seeker"', '"company"'));
    await expect(xray.getByTestId('xray-edited-verdict')).toContainText('invalid: the signature does not match', { timeout: 30_000 });
    await xray.getByRole('button', { name: 'Send the edited token to the server' }).click();
    await expect(xray.getByTestId('xray-server-verdict')).toHaveText('Server: 401 invalid_token (the signature does not verify)');

    const cookie = xray.getByTestId('xray-cookie');
    await expect(cookie).toContainText(/lab_session, \d+ bytes sealed/);
    await expect(cookie).toContainText('Page scripts cannot read it');
    await expect(cookie).toContainText('HttpOnly yes');
    await expect(xray.getByTestId('xray-token-hash')).toHaveText(/^[0-9a-f]{64}$/);
    expect(await page.evaluate(() => document.cookie)).not.toContain('lab_session');

    if (mode === 'jwt') {
      await xray.getByRole('button', { name: 'X-ray this tab’s access token' }).click();
      await expect(xray.getByRole('heading', { name: 'The access token of this tab' })).toBeVisible();
    }
  });
}

test('instances: every response names its instance, tallied with the queries each mode needed', async ({ page }) => {
  await page.goto('/lab');
  const instances = card(page, /Several instances/);
  await instances.getByRole('button', { name: 'Run instance tally' }).click();
  await expect(instances.getByTestId('instances-result')).toBeVisible({ timeout: RESULT_TIMEOUT });
  await expect(instances.getByTestId('instances-count')).toHaveText(/^\d+ instances? answered 60 requests\.$/);
  const rows = instances.getByTestId('instance-row');
  expect(await rows.count()).toBeGreaterThanOrEqual(1);
  const total = async (column: string, pattern: RegExp) => {
    const cells = await instances.getByTestId(`instance-${column}`).allTextContents();
    return cells.reduce((sum, text) => {
      const match = pattern.exec(text);
      expect(match, `${column}: ${text}`).not.toBeNull();
      return sum + Number(match![1]);
    }, 0);
  };
  expect(await total('session', /^(\d+) ok, 0 refused · (?:[1-9][\d.]*|–) q\/req$/)).toBe(20); // looked up in the shared database
  expect(await total('jwt', /^(\d+) ok, 0 refused · (?:0\.0|–) q\/req$/)).toBe(20); // the public key alone
  expect(await total('none', /^0 ok, (\d+) refused/)).toBe(20);
});

test('the home page fills its "measured here" columns from the last run; the lab reads at 390 px without sideways scrolling', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByText('Nothing measured in this browser yet.')).toBeVisible();
  await page.getByRole('banner').getByRole('link', { name: 'Lab' }).click();
  await expect(page).toHaveURL(/\/lab$/);

  await page.setViewportSize({ width: 390, height: 844 });
  const cost = card(page, /Cost per request/);
  await cost.getByLabel('Requests per mode (N)').fill('5');
  await cost.getByRole('button', { name: 'Run cost experiment' }).click();
  await expect(cost.getByTestId('cost-result')).toBeVisible({ timeout: RESULT_TIMEOUT });
  const xray = card(page, /Token X-ray/);
  await xray.getByRole('button', { name: 'X-ray a lab login' }).click();
  await expect(xray.getByTestId('xray-cookie')).toBeVisible({ timeout: RESULT_TIMEOUT });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await page.goto('/');
  const row = page.getByRole('row', { name: /Database work per request/ });
  await expect(row.getByRole('cell').nth(1)).toHaveText(/^\d\.\d\d queries; auth p50 [\d.]+ ms; round trip p50 [\d.]+ ms$/);
  await expect(row.getByRole('cell').nth(3)).toHaveText(/^0\.00 queries/);
  await expect(page.getByRole('row', { name: /What the browser sends/ }).getByRole('cell').nth(1)).toHaveText(/^\d+ B per request$/);
  await expect(page.getByRole('link', { name: 'Rerun in the lab' })).toHaveAttribute('href', '/lab');
  expect(await page.evaluate(() => JSON.stringify(window.localStorage))).not.toMatch(/eyJ|Fe26/);
});
