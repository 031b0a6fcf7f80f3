import type { BrowserContext, Page } from '@playwright/test';
import { expect, expectLoggedIn, MODES, moveServerClock, setMode, STEP_UP_MAX_AGE, test, type Mode } from './fixtures';

/**
 * Issue 14's login controls as the pages show them: the login form's "Keep me logged in"
 * checkbox, and the password dialog (step-up) in front of the sensitive actions on my page.
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
