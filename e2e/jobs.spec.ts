import { randomUUID } from 'node:crypto';
import { expect, MODES, test } from './fixtures';

for (const mode of MODES) {
  test.describe(`${mode} mode`, () => {
    test('a seeker applies to a job once and the button says Applied', async ({ page, newUser, loginAs, snapshot }) => {
      const seeker = await newUser('seeker');
      await loginAs(page, mode, seeker);
      await page.goto('/jobs');
      const posting = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Field support technician' }) });
      await posting.getByRole('button', { name: /^Apply to/ }).click();
      const applied = posting.getByRole('button', { name: /^Applied to/ });
      await expect(applied).toBeDisabled();
      await expect(applied).toHaveText('✓ Applied');
      await snapshot(page, 'jobs-seeker');

      await page.reload();
      await expect(posting.getByRole('button', { name: /^Applied to/ })).toBeDisabled();
    });

    test('a company publishes a posting and sees its applicant count grow', async ({ page, browser, newUser, loginAs, snapshot }) => {
      const company = await newUser('company');
      const title = `Robot whisperer ${randomUUID().slice(0, 8)}`;
      await loginAs(page, mode, company);
      await page.goto('/jobs');
      await page.getByLabel('Title').fill(title);
      await page.getByLabel('Location').fill('Remote');
      await page.getByLabel('Description').fill('Talk to robots until they listen.');
      await page.getByRole('button', { name: 'Publish posting' }).click();
      await expect(page.getByRole('status').filter({ hasText: `Published “${title}”.` })).toBeVisible();
      await expect(page.getByRole('heading', { name: title })).toBeVisible();
      await snapshot(page, 'jobs-company');

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Applicants' }).click();
      const row = page.getByRole('row', { name: new RegExp(title) });
      await expect(row.getByRole('cell').last()).toHaveText('0');

      const seekerContext = await browser.newContext();
      try {
        const seekerPage = await seekerContext.newPage();
        await loginAs(seekerPage, mode, await newUser('seeker'));
        await seekerPage.goto('/jobs');
        await seekerPage.getByRole('button', { name: `Apply to ${title}` }).click();
        await expect(seekerPage.getByRole('button', { name: `Applied to ${title}` })).toBeVisible();
      } finally {
        await seekerContext.close();
      }

      await page.getByRole('button', { name: 'Refresh counts' }).click();
      await expect(row.getByRole('cell').last()).toHaveText('1');
      await snapshot(page, 'applicants');
    });

    test('a seeker cannot open the applicant counts', async ({ page, newUser, loginAs, snapshot }) => {
      await loginAs(page, mode, await newUser('seeker'));
      await page.goto('/company/applicants');
      await expect(page.getByRole('heading', { name: 'Companies only' })).toBeVisible();
      await expect(page.getByRole('table')).toHaveCount(0);
      await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Applicants' })).toHaveCount(0);
      await snapshot(page, 'applicants-seeker');
    });
  });
}

test('a logged-out visitor to the applicant counts goes to login', async ({ page }) => {
  await page.goto('/company/applicants');
  await expect(page).toHaveURL(/\/login\?next=%2Fcompany%2Fapplicants/);
});

test('a network failure is shown, and the user stays logged in', async ({ page, newUser, loginAs }) => {
  await loginAs(page, 'jwt', await newUser('seeker'));
  await page.goto('/jobs');
  const apply = page.getByRole('button', { name: 'Apply to Field support technician' });
  await expect(apply).toBeEnabled();
  await page.route('**/api/jobs/*/applications', (route) => route.abort('internetdisconnected'));
  await apply.click();
  await expect(page.getByRole('alert').filter({ hasText: 'Could not reach the server' })).toBeVisible();
  await expect(page).toHaveURL(/\/jobs$/);
  await page.unroute('**/api/jobs/*/applications');
  await apply.click();
  await expect(page.getByRole('button', { name: 'Applied to Field support technician' })).toBeVisible();
});
