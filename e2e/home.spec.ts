import { expect, test } from './fixtures';

test('the home page explains both modes and links to login', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: /sessions and jwts/i })).toBeVisible();
  const table = page.getByRole('table');
  await expect(table.getByRole('columnheader', { name: 'Session mode' })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'JWT mode' })).toBeVisible();
  await expect(table.getByRole('rowheader', { name: 'Database work per request' })).toBeVisible();

  await testInfo.attach('home', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

  await page.getByRole('link', { name: 'Log in' }).first().click();
  await expect(page).toHaveURL(/\/login/);
});
