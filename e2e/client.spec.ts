import type { Page, Response } from '@playwright/test';
import { ACCESS_TOKEN_TTL, countRequests, expect, expectLoggedIn, MODES, moveServerClock, REFRESH_TOKEN_TTL, setMode, test } from './fixtures';

// Defects of the fetch wrapper and the auth provider that flaky runs and a browser probe found;
// each test failed before its fix.

const REFRESH = '/api/auth/jwt/refresh';
const myAccount = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My account' });

test('JWT mode: when the refresh token expired, the account page still says the session expired', async ({ page, context, newUser, loginAs }) => {
  const user = await newUser();
  await loginAs(page, 'jwt', user);
  await page.goto('/jobs');
  await expectLoggedIn(page, user);
  await moveServerClock(context, REFRESH_TOKEN_TTL + 60);
  // /me asks for the profile and the login list at once; both find the login gone.
  await myAccount(page).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fme&expired=1$/);
  await expect(page.getByRole('status').filter({ hasText: 'Your session expired. Please log in again.' })).toBeVisible();
});

test('a 401 the wrapper does not read is cancelled, not left pending until the timeout', async ({ page, context, newUser, loginAs }) => {
  const user = await newUser();
  await loginAs(page, 'jwt', user);
  await page.goto('/me');
  await expect(page.getByRole('list', { name: 'Active logins' })).toBeVisible();
  const refused: Response[] = [];
  const settled = new Set<Response>();
  page.on('response', (response) => {
    if (response.status() === 401) refused.push(response);
  });
  const settle = (request: { response: () => Promise<Response | null> }) => void request.response().then((response) => response && settled.add(response));
  page.on('requestfinished', settle);
  page.on('requestfailed', settle);

  await moveServerClock(context, ACCESS_TOKEN_TTL + 1);
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your name was saved.' })).toBeVisible();
  expect(refused.length).toBeGreaterThan(0);
  // Without the cancel, Chromium keeps these open for the wrapper's 20 s timeout.
  await expect.poll(() => refused.filter((response) => !settled.has(response)).length, { timeout: 10_000 }).toBe(0);
});

for (const mode of MODES) {
  test(`${mode} mode: an anonymous page load asks the API nothing and logs no error`, async ({ page, context, baseURL }) => {
    await setMode(context, baseURL, mode);
    const apiCalls: string[] = [];
    const consoleErrors: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) apiCalls.push(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    for (const path of ['/', '/settings', '/login', '/signup']) {
      await page.goto(path);
      await expect(page.getByRole('banner').getByRole('link', { name: 'Log in' })).toBeVisible();
    }
    await page.goto('/jobs');
    await expect(page).toHaveURL(/\/login\?next=%2Fjobs/);
    expect(apiCalls).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  test(`${mode} mode: a logged-out tab notices that another tab logged in`, async ({ page, context, baseURL, newUser }) => {
    const user = await newUser();
    await setMode(context, baseURL, mode);
    const other = await context.newPage();
    await other.goto('/');
    await expect(other.getByRole('banner').getByRole('link', { name: 'Log in' })).toBeVisible();
    await page.goto('/login');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: /^Log in \(/ }).click();
    await expectLoggedIn(page, user);
    await expectLoggedIn(other, user);
  });
}

test('a tab that dies while it holds the refresh lock does not stall the others, and one refresh reaches the server', async ({ context, page, newUser, loginAs }) => {
  const user = await newUser();
  await loginAs(page, 'jwt', user);
  const doomed = await context.newPage();
  await page.goto('/me');
  await doomed.goto('/me');
  await expectLoggedIn(page, user);
  await expectLoggedIn(doomed, user);
  const answered: string[] = [];
  context.on('response', (response) => {
    if (new URL(response.url()).pathname === REFRESH) answered.push(response.url());
  });
  // The doomed tab's refresh never gets an answer: it takes the lock and hangs there.
  let doomedRefreshSent!: () => void;
  const sent = new Promise<void>((resolve) => (doomedRefreshSent = resolve));
  await doomed.route(`**${REFRESH}`, () => doomedRefreshSent());
  await moveServerClock(context, ACCESS_TOKEN_TTL + 1);
  await doomed.getByRole('button', { name: 'Save name' }).click();
  await sent;
  await doomed.close();

  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your name was saved.' })).toBeVisible();
  expect(answered).toHaveLength(1);
});

test('three tabs: one refresh each at most when they load, none for focus and visibility changes while the token is fresh', async ({ context, page, newUser, loginAs }) => {
  const user = await newUser();
  await loginAs(page, 'jwt', user);
  const tabs = [page, await context.newPage(), await context.newPage()];
  const refreshes = tabs.map((tab) => countRequests(tab, REFRESH));
  for (const tab of tabs) {
    await tab.goto('/jobs');
    await expectLoggedIn(tab, user);
  }
  const afterLoad = refreshes.map((counter) => counter.count());
  for (const count of afterLoad) expect(count).toBeLessThanOrEqual(1);
  for (const tab of tabs) {
    await tab.bringToFront();
    await tab.evaluate(() => {
      window.dispatchEvent(new Event('focus'));
      document.dispatchEvent(new Event('visibilitychange'));
      window.dispatchEvent(new Event('online'));
    });
  }
  // Something to wait for that makes a request: if focus had triggered a refresh, it would be sent by now.
  await myAccount(tabs[2]!).click();
  await expect(tabs[2]!.getByRole('list', { name: 'Active logins' })).toBeVisible();
  expect(refreshes.map((counter) => counter.count())).toEqual(afterLoad);
});

test('a success whose body cannot be read shows the network error, not a crashed page', async ({ page, newUser, loginAs }) => {
  const user = await newUser();
  await loginAs(page, 'session', user);
  // What a request cut off mid-body looks like to the page: a 200 that is not JSON.
  await page.route('**/api/jobs', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"postings": [' }));
  await page.goto('/jobs');
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(/Could not reach the server/);
});
