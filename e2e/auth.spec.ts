import { randomUUID } from 'node:crypto';
import { uniqueEmail } from '../tests/support/api';
import { expect, expectLoggedIn, logOutButton, MODES, setMode, test } from './fixtures';

const modeName = { session: 'Session cookie', jwt: 'JWT' } as const;

for (const mode of MODES) {
  test.describe(`${mode} mode`, () => {
    test.beforeEach(async ({ context, baseURL }) => {
      await setMode(context, baseURL, mode);
    });

    test('sign up, log in, see my page, edit the name, log out', async ({ page, snapshot }) => {
      const email = uniqueEmail('signup');
      const password = `pw-${randomUUID()}`;

      await page.goto('/signup');
      await page.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await snapshot(page, 'signup');
      await page.getByRole('button', { name: 'Create account' }).click();

      // A new account is logged in at once, in this browser's mode.
      await expect(page).toHaveURL(/\/me$/);
      await expectLoggedIn(page, { name: 'Ada Lovelace' });
      await logOutButton(page).click();
      await expect(page).toHaveURL(/\/login\?loggedOut=1/);

      await expect(page.getByTestId('login-mode')).toHaveText(modeName[mode]);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await snapshot(page, 'login');
      await page.getByRole('button', { name: /^Log in \(/ }).click();

      await expect(page).toHaveURL(/\/me$/);
      await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
      await expectLoggedIn(page, { name: 'Ada Lovelace' });
      await expect(page.getByTestId('active-mode')).toHaveText(`Mode: ${modeName[mode]}`);
      await expect(page.getByRole('listitem', { name: /this device/ })).toContainText(mode === 'session' ? 'Session' : 'JWT');
      await snapshot(page, 'me');

      await page.getByLabel('Display name').fill('Ada King');
      await page.getByRole('button', { name: 'Save name' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Your name was saved.' })).toBeVisible();
      await expectLoggedIn(page, { name: 'Ada King' });
      await page.reload();
      await expect(page.getByLabel('Display name')).toHaveValue('Ada King');

      await logOutButton(page).click();
      await expect(page).toHaveURL(/\/login\?loggedOut=1/);
      await expect(page.getByRole('status').filter({ hasText: 'You are logged out.' })).toBeVisible();
      await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
      // The login is gone on the server too: a logged-out browser that asks for a page goes to login.
      await page.goto('/me');
      await expect(page).toHaveURL(/\/login\?next=%2Fme/);
    });

    test('a failed login shows one generic message, whatever was wrong', async ({ page, newUser }) => {
      const user = await newUser();
      await page.goto('/login');
      for (const [email, password] of [
        [user.email, 'wrong-password'],
        [uniqueEmail('nobody'), 'wrong-password'],
      ] as const) {
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password').fill(password);
        await page.getByRole('button', { name: /^Log in \(/ }).click();
        await expect(page.getByRole('alert').filter({ hasText: 'Email or password is incorrect.' })).toBeVisible();
        await expect(page).toHaveURL(/\/login$/);
      }
    });

    test('a logged-out visitor is sent to login and comes back to the page afterwards', async ({ page, newUser }) => {
      const user = await newUser();
      await page.goto('/jobs?tab=all');
      await expect(page).toHaveURL(/\/login\?next=%2Fjobs%3Ftab%3Dall/);
      await expect(page.getByRole('status').filter({ hasText: 'Log in to continue.' })).toBeVisible();
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: /^Log in \(/ }).click();
      await expect(page).toHaveURL(/\/jobs\?tab=all$/);
      await expect(page.getByRole('heading', { name: 'Job postings' })).toBeVisible();
    });
  });
}

test('the login page never redirects to another site', async ({ page, newUser }) => {
  const user = await newUser();
  await page.goto('/login?next=' + encodeURIComponent('//evil.example/steal'));
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: /^Log in \(/ }).click();
  await expect(page).toHaveURL(/\/me$/);
  expect(new URL(page.url()).hostname).toBe('localhost');
});

test.describe('before the page scripts run', () => {
  test.use({ javaScriptEnabled: false });

  test('the login and signup forms cannot be submitted natively, which would put the password in a URL', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('button', { name: /^Log in \(/ })).toBeDisabled();
    await page.goto('/signup');
    await expect(page.getByRole('button', { name: 'Create account' })).toBeDisabled();
  });
});

test('the login form works with the keyboard alone', async ({ page, newUser }) => {
  const user = await newUser();
  await page.goto('/login');
  await expect(page.getByRole('button', { name: /^Log in \(/ })).toBeEnabled();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.getByLabel('Email').focus();
  await page.keyboard.type(user.email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(user.password);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/me$/);
  await expectLoggedIn(page, user);
});
