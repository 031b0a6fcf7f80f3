import type { BrowserContext, Page } from '@playwright/test';
import {
  ACCESS_TOKEN_TTL,
  expect,
  expectLoggedIn,
  IDLE_WARNING_SECONDS,
  MODES,
  moveServerClock,
  REFRESH_TOKEN_TTL,
  SESSION_IDLE_TTL,
  setMode,
  STEP_UP_MAX_AGE,
  test,
  type Mode,
} from './fixtures';
import { clockAhead } from '../tests/support/api';

/**
 * Issue 14's login controls as the pages show them: the login form's "Keep me logged in"
 * checkbox, the password dialog (step-up) in front of the sensitive actions on my page, and the
 * warning before a login ends for lack of use.
 */

// The cookie that holds the login in each mode, under its plain or Secure-prefixed name.
const loginCookie = { session: /^(__Host-)?session$/, jwt: /^(__Secure-)?refresh_token$/ } as const;

async function loginCookiesOf(context: BrowserContext, mode: Mode) {
  const cookies = await context.cookies();
  const login = cookies.find((cookie) => loginCookie[mode].test(cookie.name));
  expect(login, `the ${mode} login cookie`).toBeDefined();
  // JWT mode: the Path=/ hint that a refresh cookie exists shares its lifetime.
  const hint = mode === 'jwt' ? cookies.find((cookie) => /^(__Host-)?jwt_login$/.test(cookie.name)) : undefined;
  if (mode === 'jwt') expect(hint, 'the jwt_login hint cookie').toBeDefined();
  return [login!, ...(hint ? [hint] : [])];
}

for (const mode of MODES) {
  for (const remember of [true, false]) {
    test(`${mode} mode: "Keep me logged in" ${remember ? 'ticked gives a cookie with an expiry' : 'unticked gives a browser-session cookie'}`, async ({ page, context, baseURL, newUser }) => {
      const user = await newUser();
      await setMode(context, baseURL, mode);
      await page.goto('/login');
      const keep = page.getByRole('checkbox', { name: 'Keep me logged in' });
      await expect(keep).toBeChecked();
      if (!remember) await keep.uncheck();
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: /^Log in \(/ }).click();
      await expect(page).toHaveURL(/\/me$/);
      await expectLoggedIn(page, user);

      const expectLifetime = async () => {
        for (const cookie of await loginCookiesOf(context, mode)) {
          if (remember) expect(cookie.expires, cookie.name).toBeGreaterThan(Date.now() / 1000 + 24 * 3600);
          else expect(cookie.expires, cookie.name).toBe(-1);
        }
      };
      await expectLifetime();
      // A new page load refreshes (JWT mode) or slides the session: the cookies keep their kind.
      await page.reload();
      await expectLoggedIn(page, user);
      await expectLifetime();
    });
  }
}

const confirmDialog = (page: Page) => page.getByRole('dialog', { name: 'Confirm your password' });

for (const mode of MODES) {
  test(`${mode} mode: a login older than ${STEP_UP_MAX_AGE} s confirms the password before logging out the other devices`, async ({ browser, page, context, newUser, loginAs, snapshot }) => {
    const user = await newUser();
    const elsewhere = await browser.newContext();
    try {
      const otherPage = await elsewhere.newPage();
      await loginAs(otherPage, mode, user);
      await loginAs(page, mode, user);
      // Only this browser's view of the server clock moves: its login's password check is now stale.
      await moveServerClock(context, STEP_UP_MAX_AGE + 100);
      await page.goto('/me');
      const logins = page.getByRole('list', { name: 'Active logins' });
      await expect(logins.getByRole('listitem')).toHaveCount(2);
      await page.getByRole('button', { name: 'Log out all other devices' }).click();

      const dialog = confirmDialog(page);
      await expect(dialog).toBeVisible();
      await expect(dialog).toContainText('To log out all other devices, enter your password again');
      await expect(dialog.getByLabel('Password')).toBeFocused();
      await dialog.getByLabel('Password').fill('not-my-password');
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await expect(dialog.getByRole('alert')).toHaveText('The password is incorrect.');
      await expect(dialog).toBeVisible();
      await snapshot(page, `step-up-dialog-${mode}`);

      await dialog.getByLabel('Password').fill(user.password);
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByRole('status').filter({ hasText: 'Logged out 1 other login.' })).toBeVisible();
      await expect(logins.getByRole('listitem')).toHaveCount(1);
      await expect(logins.getByRole('listitem', { name: /this device/ })).toHaveCount(1);

      // The other browser's login is gone (JWT mode: a new page load has no access token and its refresh is refused).
      await otherPage.goto('/jobs');
      await expect(otherPage).toHaveURL(/\/login/);
      // This one is still logged in.
      await page.reload();
      await expectLoggedIn(page, user);
    } finally {
      await elsewhere.close();
    }
  });
}

test('jwt mode: revoking one login with a stale password check can be cancelled, then confirmed', async ({ browser, page, context, newUser, loginAs }) => {
  const user = await newUser();
  const elsewhere = await browser.newContext();
  try {
    await loginAs(await elsewhere.newPage(), 'session', user);
    await loginAs(page, 'jwt', user);
    await moveServerClock(context, STEP_UP_MAX_AGE + 100);
    await page.goto('/me');
    const logins = page.getByRole('list', { name: 'Active logins' });
    await expect(logins.getByRole('listitem')).toHaveCount(2);
    const revoke = logins.getByRole('button', { name: /^Log out / });

    // Cancel, and Escape, drop the action: nothing was logged out and no error is shown.
    await revoke.click();
    await confirmDialog(page).getByRole('button', { name: 'Cancel' }).click();
    await expect(confirmDialog(page)).toBeHidden();
    await revoke.click();
    await expect(confirmDialog(page)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(confirmDialog(page)).toBeHidden();
    await expect(revoke).toBeFocused();
    await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
    await expect(logins.getByRole('listitem')).toHaveCount(2);

    await revoke.click();
    await confirmDialog(page).getByLabel('Password').fill(user.password);
    await confirmDialog(page).getByRole('button', { name: 'Confirm' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Logged out / })).toBeVisible();
    await expect(logins.getByRole('listitem')).toHaveCount(1);
  } finally {
    await elsewhere.close();
  }
});

test('jwt mode: a stale password check met after a silent refresh asks for the password instead of logging out', async ({ browser, page, context, newUser, loginAs }) => {
  const user = await newUser();
  const elsewhere = await browser.newContext();
  try {
    await loginAs(await elsewhere.newPage(), 'session', user);
    await loginAs(page, 'jwt', user);
    await page.goto('/me');
    const logins = page.getByRole('list', { name: 'Active logins' });
    await expect(logins.getByRole('listitem')).toHaveCount(2);
    // The page holds an access token that has now expired, and the login's password check is stale:
    // the action's first answer is invalid_token, the retry after the refresh insufficient_user_authentication.
    await moveServerClock(context, Math.max(ACCESS_TOKEN_TTL, STEP_UP_MAX_AGE) + 100);
    await page.getByRole('button', { name: 'Log out all other devices' }).click();
    await expect(confirmDialog(page)).toBeVisible();
    await expect(page).toHaveURL(/\/me$/);
    await confirmDialog(page).getByLabel('Password').fill(user.password);
    await confirmDialog(page).getByRole('button', { name: 'Confirm' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Logged out 1 other login.' })).toBeVisible();
  } finally {
    await elsewhere.close();
  }
});

const idleWarning = (page: Page) => page.getByRole('dialog', { name: 'You are about to be logged out' });

// The end the warning counts down to: the session's idle expiry, or the refresh token's.
const IDLE_END = { session: SESSION_IDLE_TTL, jwt: REFRESH_TOKEN_TTL } as const;

for (const mode of MODES) {
  test(`${mode} mode: the idle warning comes ${IDLE_WARNING_SECONDS} s before the end, "Stay logged in" puts it off in every tab, and left alone the login ends`, async ({ page, context, request, newUser, loginAs, snapshot }) => {
    // Both clocks move together: the page's (timers, Date) and the server's view for this browser.
    await page.clock.install();
    const user = await newUser();
    await loginAs(page, mode, user);
    await page.goto('/me');
    await expectLoggedIn(page, user);
    const otherTab = await context.newPage();
    await otherTab.goto('/jobs');
    await expectLoggedIn(otherTab, user);
    // Its own request done: moving the page clock days ahead fires every pending request's timeout.
    await expect(otherTab.getByText('Loading postings…')).toBeHidden();
    await expect(idleWarning(page)).toBeHidden();

    // The page's clock runs on from wherever it is moved, like the server's: both stay `ahead` of
    // the wall clock by the same amount, so a busy machine only makes the time left shorter.
    let ahead = 0;
    const moveBothTo = async (seconds: number) => {
      await moveServerClock(context, seconds);
      await page.clock.fastForward((seconds - ahead) * 1000);
      ahead = seconds;
    };
    const warningStarts = IDLE_END[mode] - IDLE_WARNING_SECONDS;
    // Five minutes before the warning: nothing yet.
    await moveBothTo(warningStarts - 300);
    await expect(idleWarning(page)).toBeHidden();
    // Inside it: both tabs warn, with the time left (under two minutes, more than one).
    await moveBothTo(warningStarts + 5);
    for (const tab of [page, otherTab]) await expect(idleWarning(tab)).toBeVisible();
    await expect(idleWarning(page).getByTestId('idle-countdown')).toHaveText(/^Time left: 1 min \d+ s\.$/);
    await snapshot(page, `idle-warning-${mode}`);

    await idleWarning(page).getByRole('button', { name: 'Stay logged in' }).click();
    for (const tab of [page, otherTab]) await expect(idleWarning(tab)).toBeHidden();
    await expectLoggedIn(page, user);
    const [held] = await loginCookiesOf(context, mode);

    // The end moved a whole lifetime on from the click; left alone now, the login ends in every tab.
    const stayedAt = ahead;
    await moveBothTo(stayedAt + warningStarts + 5);
    for (const tab of [page, otherTab]) await expect(idleWarning(tab)).toBeVisible();
    await moveBothTo(stayedAt + IDLE_END[mode] + 10);
    for (const tab of [page, otherTab]) {
      await expect(tab).toHaveURL(/\/login\?.*expired=1/);
      await expect(tab.getByRole('main')).toContainText('expired');
    }
    // The page logged out as it left: the browser holds no login cookie any more.
    const cookieNames = (await context.cookies()).map((cookie) => cookie.name);
    expect(cookieNames.filter((name) => loginCookie[mode].test(name))).toEqual([]);
    if (mode === 'session') {
      // Ended on the server, not merely expired: ten minutes before its end the cookie would
      // still be good, and the server refuses it all the same. (A refresh token at its end has
      // expired by itself: there is nothing left to revoke.)
      const beforeTheEnd = clockAhead(stayedAt + IDLE_END[mode] - 600);
      const replay = await request.get('/api/me', { headers: { ...beforeTheEnd, cookie: `${held!.name}=${held!.value}` } });
      expect(replay.status(), 'the session was ended on the server').toBe(401);
    }
  });
}
