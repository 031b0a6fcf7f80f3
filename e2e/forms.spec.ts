import { randomUUID } from 'node:crypto';
import { countRequests, expect, test } from './fixtures';

// The paths of the shared submit cycle (components/use-api-form.ts) the other browser tests do
// not reach: mistakes caught before a request, a form-specific error code shown at its field, a
// 422 turned into one message, and a form emptied after it created something.

test('the posting form shows the schema messages at the fields, sends nothing, and empties itself after publishing', async ({ page, newUser, loginAs }) => {
  await loginAs(page, 'session', await newUser('company'));
  await page.goto('/jobs');
  const posts = countRequests(page, '/api/jobs');
  const title = page.getByLabel('Title');
  const location = page.getByLabel('Location');
  const description = page.getByLabel('Description');

  await title.fill('ab');
  await location.fill('x');
  await description.fill('too short');
  await page.getByRole('button', { name: 'Publish posting' }).click();
  await expect(title).toHaveAccessibleDescription('Use at least 3 characters');
  await expect(location).toHaveAccessibleDescription('Enter a location');
  await expect(description).toHaveAccessibleDescription('Use at least 10 characters');
  await expect(title).toHaveAttribute('aria-invalid', 'true');
  expect(posts.count()).toBe(0);

  const name = `Lighthouse keeper ${randomUUID().slice(0, 8)}`;
  await title.fill(name);
  await location.fill('Cape Wrath');
  await description.fill('Keep the light on through the night.');
  await page.getByRole('button', { name: 'Publish posting' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Published “${name}”.` })).toBeVisible();
  expect(posts.count()).toBe(1);
  await expect(title).toHaveAccessibleDescription('');
  await expect(title).toHaveAttribute('aria-invalid', 'false');
  await expect(title).toHaveValue('');
  await expect(location).toHaveValue('');
  await expect(description).toHaveValue('');
});

test('the profile form refuses a blank name without a request', async ({ page, newUser, loginAs }) => {
  await loginAs(page, 'session', await newUser());
  await page.goto('/me');
  const patches = countRequests(page, '/api/me', 'PATCH');
  await page.getByLabel('Display name').fill('   ');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByLabel('Display name')).toHaveAccessibleDescription('Enter a name');
  await expect(page.getByRole('main').getByRole('status')).toHaveCount(0);
  expect(patches.count()).toBe(0);
});

test('signing up with a registered email says so at the email field, and the form can be sent again', async ({ page, newUser }) => {
  const existing = await newUser();
  await page.goto('/signup');
  await page.getByLabel('Name', { exact: true }).fill('Second Try');
  await page.getByLabel('Email').fill(existing.email);
  await page.getByLabel('Password').fill(`pw-${randomUUID()}`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByLabel('Email')).toHaveAccessibleDescription('An account with this email already exists.');
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByRole('button', { name: 'Create account' })).toBeEnabled();
});

test('an empty login asks for email and password in one message', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: /^Log in \(/ }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Enter your email and password.' })).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('button', { name: /^Log in \(/ })).toBeEnabled();
});

test('a success notice goes once the user types again, in this form or another', async ({ page, newUser, loginAs }) => {
  const user = await newUser();
  await loginAs(page, 'session', user);
  await page.goto('/me');
  await page.getByLabel('Display name').fill('Noticed');
  await page.getByRole('button', { name: 'Save name' }).click();
  const saved = page.getByRole('status').filter({ hasText: 'Your name was saved.' });
  await expect(saved).toBeVisible();
  await page.getByRole('region', { name: 'Change password' }).getByLabel('Current password').fill('not-my-password');
  await expect(saved).toHaveCount(0);
});
