import { ACCESS_TOKEN_TTL, expect, expectLoggedIn, MODES, moveServerClock, test } from './fixtures';

for (const mode of MODES) {
  test(`${mode} mode: revoking a login on my page logs that browser out`, async ({ browser, page, newUser, loginAs }) => {
    const user = await newUser();
    const elsewhere = await browser.newContext();
    try {
      const otherPage = await elsewhere.newPage();
      await loginAs(otherPage, mode, user);
      await otherPage.goto('/jobs');
      await expectLoggedIn(otherPage, user);

      await loginAs(page, mode, user);
      await page.goto('/me');
      const logins = page.getByRole('list', { name: 'Active logins' });
      await expect(logins.getByRole('listitem')).toHaveCount(2);
      await expect(logins.getByRole('listitem', { name: /this device/ })).toHaveCount(1);
      await logins.getByRole('button', { name: /^Log out / }).click();
      await expect(page.getByRole('status').filter({ hasText: /^Logged out / })).toBeVisible();
      await expect(logins.getByRole('listitem')).toHaveCount(1);

      // Session mode: the very next request is refused. JWT mode: the access token the other
      // browser holds stays valid until it expires; then its refresh is refused.
      if (mode === 'jwt') {
        await otherPage.getByRole('button', { name: 'Apply to Field support technician' }).click();
        await expect(otherPage.getByRole('button', { name: 'Applied to Field support technician' })).toBeVisible();
        await moveServerClock(elsewhere, ACCESS_TOKEN_TTL + 1);
      }
      // The account page asks for the profile and the login list at once; both learn that the
      // login is gone, and the login page must still say why.
      await otherPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My account' }).click();
      await expect(otherPage).toHaveURL(/\/login\?next=%2Fme&expired=1$/);
      await expect(otherPage.getByRole('status').filter({ hasText: 'Your session expired' })).toBeVisible();

      // This browser is unaffected.
      await page.reload();
      await expectLoggedIn(page, user);
    } finally {
      await elsewhere.close();
    }
  });
}

test('log out all other devices', async ({ browser, page, newUser, loginAs, snapshot }) => {
  const user = await newUser();
  const contexts = await Promise.all([browser.newContext(), browser.newContext()]);
  try {
    const others = await Promise.all(contexts.map((context) => context.newPage()));
    await loginAs(others[0]!, 'session', user);
    await loginAs(others[1]!, 'jwt', user);

    await loginAs(page, 'session', user);
    await page.goto('/me');
    const logins = page.getByRole('list', { name: 'Active logins' });
    await expect(logins.getByRole('listitem')).toHaveCount(3);
    await expect(logins.getByText('JWT', { exact: true })).toHaveCount(1);
    await snapshot(page, 'me-devices');
    await page.getByRole('button', { name: 'Log out all other devices' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Logged out 2 other logins.' })).toBeVisible();
    await expect(logins.getByRole('listitem')).toHaveCount(1);

    await others[0]!.goto('/jobs');
    await expect(others[0]!).toHaveURL(/\/login/);
    await others[1]!.goto('/jobs');
    await expect(others[1]!).toHaveURL(/\/login\?next=%2Fjobs$/);
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
});

test('changing the password ends the other logins, and only the right current password is accepted', async ({ browser, page, newUser, loginAs }) => {
  const user = await newUser();
  const elsewhere = await browser.newContext();
  try {
    const otherPage = await elsewhere.newPage();
    await loginAs(otherPage, 'session', user);
    await otherPage.goto('/jobs');
    await expectLoggedIn(otherPage, user);

    await loginAs(page, 'jwt', user);
    await page.goto('/me');
    const form = page.getByRole('region', { name: 'Change password' });
    await form.getByLabel('Current password').fill('not-my-password');
    await form.getByLabel('New password').fill('a-brand-new-password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(form.getByText('The current password is not right.')).toBeVisible();

    await form.getByLabel('Current password').fill(user.password);
    await form.getByLabel('New password').fill('a-brand-new-password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(form.getByRole('status').filter({ hasText: 'Password changed.' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Active logins' }).getByRole('listitem')).toHaveCount(1);

    await otherPage.getByRole('button', { name: 'Apply to Field support technician' }).click();
    await expect(otherPage).toHaveURL(/\/login\?next=%2Fjobs&expired=1$/);
    await otherPage.getByLabel('Email').fill(user.email);
    await otherPage.getByLabel('Password').fill('a-brand-new-password');
    await otherPage.getByRole('button', { name: /^Log in \(/ }).click();
    await expect(otherPage).toHaveURL(/\/jobs$/);
  } finally {
    await elsewhere.close();
  }
});
