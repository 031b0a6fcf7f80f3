import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, expectLoggedIn, MODES, setMode, test } from './fixtures';

// Every page, in both modes, logged in and not, at desktop and phone width: no accessibility
// violation axe-core can find, and nothing wider than the screen.

const PAGES = ['/', '/login', '/signup', '/settings', '/jobs', '/me', '/company/applicants', '/lab', '/no-such-page'];
const WIDTHS = [1280, 390];

async function checkPage(page: Page, path: string, width: number) {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const violations = axe.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(violations, `axe on ${path} at ${width} px`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${path} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
}

for (const mode of MODES) {
  // One test per width: each walks nine pages with axe, which on a busy machine is minutes of work,
  // and two halves run on two workers.
  for (const width of WIDTHS) {
    test(`${mode} mode, logged in as a company, ${width} px: every page passes axe and fits the screen`, async ({ page, newUser, loginAs, snapshot }) => {
      test.slow();
      const user = await newUser('company');
      await loginAs(page, mode, user);
      await page.setViewportSize({ width, height: 900 });
      for (const path of PAGES) {
        await page.goto(path);
        if (path === '/login' || path === '/signup') await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        else if (width > 600) await expectLoggedIn(page, user);
        else await expect(page.getByRole('button', { name: 'Menu' })).toBeVisible();
        if (path === '/settings') await expect(page.getByRole('region', { name: /^What this browser holds: / })).toBeVisible();
        // The widest the settings page gets: the page's refresh was DPoP-proved, so its token is
        // bound and the view lists both thumbprints and the key's export refusal, unbroken strings.
        if (path === '/settings' && mode === 'jwt') {
          await expect(page.getByTestId('dpop-binding')).toContainText('cnf.jkt = ');
          await expect(page.getByTestId('browser-key-jkt')).toBeVisible();
          await expect(page.getByTestId('private-key-export')).toHaveText(/^refused \(/);
        }
        await checkPage(page, path, width);
        if (path === '/settings' || path === '/') await snapshot(page, `${mode}-${path === '/' ? 'home' : 'settings'}-${width}`);
      }
    });
  }

  test(`${mode} mode, logged out: the public pages pass axe and fit the screen`, async ({ page, context, baseURL }) => {
    test.slow();
    await setMode(context, baseURL, mode);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const path of ['/', '/login', '/signup', '/settings', '/lab', '/no-such-page']) {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await checkPage(page, path, width);
      }
    }
  });
}

test('the home page offers login to visitors and the app to a logged-in user', async ({ page, newUser, loginAs }) => {
  await page.goto('/');
  await expect(page.getByRole('main').getByRole('link', { name: 'Log in' })).toBeVisible();
  const user = await newUser();
  await loginAs(page, 'session', user);
  await page.goto('/');
  await expectLoggedIn(page, user);
  await expect(page.getByRole('main').getByRole('link', { name: 'Browse jobs' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Log in' })).toHaveCount(0);
  await expect(page.getByRole('main').getByRole('link', { name: 'Create an account' })).toHaveCount(0);
});

test('on a phone the header folds into a menu that opens and navigates', async ({ page, newUser, loginAs }) => {
  const user = await newUser();
  await loginAs(page, 'jwt', user);
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto('/jobs');
  const header = page.getByRole('banner');
  const box = await header.boundingBox();
  expect(box?.height ?? 0).toBeLessThan(80);
  await expect(header.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await header.getByRole('button', { name: 'Menu' }).click();
  await expect(header.getByRole('button', { name: 'Menu' })).toHaveAttribute('aria-expanded', 'true');
  await header.getByRole('link', { name: 'My account' }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();
  await expect(header.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await header.getByRole('button', { name: 'Menu' }).click();
  await expectLoggedIn(page, user);
});

test('the 404 page is the app\'s own, with a way back', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'This page does not exist' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to the home page' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('an application shows as a readable "Applied" state with a confirmation, and passes axe', async ({ page, newUser, loginAs }) => {
  const user = await newUser();
  await loginAs(page, 'session', user);
  await page.goto('/jobs');
  await page.getByRole('button', { name: 'Apply to Field support technician' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your application was sent.' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Applied to Field support technician' })).toBeDisabled();
  await checkPage(page, '/jobs', 1280);
});
