import { ACCESS_TOKEN_TTL, countRequests, expect, expectLoggedIn, logOutButton, MODES, moveServerClock, noErrorShown, REFRESH_TOKEN_TTL, test } from './fixtures';

const REFRESH = '/api/auth/jwt/refresh';

test.describe('JWT mode', () => {
  test('an expired access token is refreshed once and the request retried, invisibly', async ({ page, context, newUser, loginAs }) => {
    const user = await newUser();
    await loginAs(page, 'jwt', user);
    await page.goto('/me');
    await expectLoggedIn(page, user);
    await expect(page.getByRole('list', { name: 'Active logins' })).toBeVisible();

    await moveServerClock(context, ACCESS_TOKEN_TTL + 1);
    const refreshes = countRequests(page, REFRESH);
    const saves = countRequests(page, '/api/me', 'PATCH');
    await page.getByLabel('Display name').fill('Still here');
    await page.getByRole('button', { name: 'Save name' }).click();

    await expect(page.getByRole('status').filter({ hasText: 'Your name was saved.' })).toBeVisible();
    await expectLoggedIn(page, { name: 'Still here' });
    await expect(page).toHaveURL(/\/me$/);
    await noErrorShown(page);
    expect(refreshes.count()).toBe(1);
    // The original request, refused for its expired token, and exactly one retry.
    expect(saves.count()).toBe(2);
    expect((await saves.requests[0]!.response())?.status()).toBe(401);
    expect((await saves.requests[1]!.response())?.status()).toBe(200);
  });

  test('several requests failing at once share one refresh', async ({ page, context, newUser, loginAs }) => {
    const user = await newUser();
    await loginAs(page, 'jwt', user);
    await page.goto('/jobs');
    await expect(page.getByRole('list', { name: 'Postings' })).toBeVisible();

    await moveServerClock(context, ACCESS_TOKEN_TTL + 1);
    const refreshes = countRequests(page, REFRESH);
    const profileReads = countRequests(page, '/api/me', 'GET');
    const loginReads = countRequests(page, '/api/me/sessions', 'GET');
    // The account page asks for the profile and the login list at the same time.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My account' }).click();

    await expect(page.getByRole('listitem', { name: /this device/ })).toBeVisible();
    await expectLoggedIn(page, user);
    await noErrorShown(page);
    expect(refreshes.count()).toBe(1);
    expect(profileReads.count()).toBe(2);
    expect(loginReads.count()).toBe(2);
  });

  test('when the refresh token has expired too, the user lands on login with the expiry message', async ({ page, context, newUser, loginAs, snapshot }) => {
    const user = await newUser();
    await loginAs(page, 'jwt', user);
    await page.goto('/jobs');
    await expect(page.getByRole('list', { name: 'Postings' })).toBeVisible();

    await moveServerClock(context, REFRESH_TOKEN_TTL + 60);
    await page.getByRole('button', { name: 'Apply to Field support technician' }).click();

    await expect(page).toHaveURL(/\/login\?next=%2Fjobs&expired=1$/);
    await expect(page.getByRole('status').filter({ hasText: 'Your session expired. Please log in again.' })).toBeVisible();
    await snapshot(page, 'login-expired');

    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: /^Log in \(/ }).click();
    await expect(page).toHaveURL(/\/jobs$/);
    await expect(page.getByRole('button', { name: 'Apply to Field support technician' })).toBeEnabled();
  });

  test('two tabs both stay logged in across an access-token expiry, sharing one refresh', async ({ context, page, newUser, loginAs }) => {
    const user = await newUser();
    await loginAs(page, 'jwt', user);
    const other = await context.newPage();
    await page.goto('/me');
    await other.goto('/jobs');
    await expect(page.getByRole('list', { name: 'Active logins' })).toBeVisible();
    await expect(other.getByRole('list', { name: 'Postings' })).toBeVisible();

    await moveServerClock(context, ACCESS_TOKEN_TTL + 1);
    const refreshes: string[] = [];
    context.on('request', (request) => {
      if (new URL(request.url()).pathname === REFRESH) refreshes.push(request.url());
    });
    await Promise.all([
      page.getByRole('button', { name: 'Save name' }).click(),
      other.getByRole('button', { name: 'Apply to Field support technician' }).click(),
    ]);

    await expect(page.getByRole('status').filter({ hasText: 'Your name was saved.' })).toBeVisible();
    await expect(other.getByRole('button', { name: 'Applied to Field support technician' })).toBeVisible();
    for (const tab of [page, other]) {
      await expect(tab).not.toHaveURL(/\/login/);
      await noErrorShown(tab);
    }
    // One tab refreshed and broadcast the token; the other took it instead of refreshing again.
    expect(refreshes).toHaveLength(1);
    // And again, now that the first expiry's refreshes have rotated the shared cookie.
    await moveServerClock(context, 2 * (ACCESS_TOKEN_TTL + 1));
    await other.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My account' }).click();
    await expect(other.getByRole('listitem', { name: /this device/ })).toBeVisible();
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your name was saved.' })).toBeVisible();
    await expectLoggedIn(page, user);
  });
});

for (const mode of MODES) {
  test(`${mode} mode: logging out in one tab logs out the other`, async ({ context, page, newUser, loginAs }) => {
    const user = await newUser();
    await loginAs(page, mode, user);
    const other = await context.newPage();
    await page.goto('/jobs');
    await other.goto('/me');
    await expectLoggedIn(page, user);
    await expectLoggedIn(other, user);

    await logOutButton(page).click();

    await expect(page).toHaveURL(/\/login\?loggedOut=1$/);
    await expect(other).toHaveURL(/\/login\?loggedOut=1$/);
    await expect(other.getByRole('link', { name: 'Log in' })).toBeVisible();
    await other.goto('/me');
    await expect(other).toHaveURL(/\/login\?next=%2Fme/);
  });
}
