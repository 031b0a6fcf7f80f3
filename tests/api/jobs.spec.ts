import type { APIRequestContext } from '@playwright/test';
import { bearer, expect, expectError, jwtLogin, sessionLogin, signUp, test, withCookie, type TestUser } from '../support/api';

const newPosting = (title = 'Robot whisperer') => ({ title, description: 'Talk to robots until they listen.', location: 'Remote' });

/** A company account logged in by session, and a posting of its own. */
async function companyWithPosting(request: APIRequestContext, title?: string) {
  const company = await signUp(request, 'company');
  const headers = withCookie((await sessionLogin(request, company)).cookie);
  const response = await request.post('/api/jobs', { headers, data: newPosting(title) });
  expect(response.status(), await response.text()).toBe(201);
  return { company, headers, posting: (await response.json()).posting };
}

async function seekerToken(request: APIRequestContext): Promise<{ seeker: TestUser; headers: Record<string, string> }> {
  const seeker = await signUp(request, 'seeker');
  return { seeker, headers: bearer((await jwtLogin(request, seeker)).access_token) };
}

test.describe('POST /api/jobs', () => {
  test('a company posts a job, in either mode; it shows first in the list', async ({ request }) => {
    const { company, posting } = await companyWithPosting(request, 'Session-mode posting');
    expect(posting).toMatchObject({ ...newPosting('Session-mode posting'), company: { id: company.id, name: `${company.name} Ltd` }, applied: false });

    const byToken = await request.post('/api/jobs', { headers: bearer((await jwtLogin(request, company)).access_token), data: newPosting('JWT-mode posting') });
    expect(byToken.status(), await byToken.text()).toBe(201);
    const second = (await byToken.json()).posting;

    const { headers } = await seekerToken(request);
    const list = (await (await request.get('/api/jobs', { headers })).json()).postings;
    expect(list.map((p: { id: string }) => p.id).indexOf(second.id)).toBeLessThan(list.map((p: { id: string }) => p.id).indexOf(posting.id));
  });

  test('a job seeker cannot post (403), and nothing is created', async ({ request }) => {
    const { headers } = await seekerToken(request);
    await expectError(await request.post('/api/jobs', { headers, data: newPosting('Seeker-made posting') }), 403, 'forbidden');
    const list = (await (await request.get('/api/jobs', { headers })).json()).postings;
    expect(list.some((p: { title: string }) => p.title === 'Seeker-made posting')).toBe(false);
  });

  test('a job seeker gets the 403 before any field errors: the role is checked before the body', async ({ request }) => {
    const { headers } = await seekerToken(request);
    await expectError(await request.post('/api/jobs', { headers, data: { title: '', location: 42 } }), 403, 'forbidden');
  });

  test('anonymous callers cannot post or list (401)', async ({ anonymous }) => {
    await expectError(await anonymous.post('/api/jobs', { data: newPosting() }), 401, 'unauthenticated');
    await expectError(await anonymous.get('/api/jobs'), 401, 'unauthenticated');
  });

  test('an invalid posting is 422 with the fields that are wrong', async ({ request }) => {
    const company = await signUp(request, 'company');
    const headers = bearer((await jwtLogin(request, company)).access_token);
    const response = await request.post('/api/jobs', { headers, data: { title: 'ab', description: 'short', location: '' } });
    await expectError(response, 422, 'validation_failed');
    expect(Object.keys((await response.json()).error.fields).sort()).toEqual(['description', 'location', 'title']);
    await expectError(await request.post('/api/jobs', { headers, data: { ...newPosting(), companyId: 'someone-else' } }), 422, 'validation_failed');
    await expectError(await request.post('/api/jobs', { headers, data: [newPosting()] }), 422, 'validation_failed');
  });
});

test.describe('POST /api/jobs/{id}/applications', () => {
  test('a seeker applies once (201); twice is 409; the list shows it as applied', async ({ request }) => {
    const { posting } = await companyWithPosting(request);
    const { posting: untouched } = await companyWithPosting(request);
    const { headers } = await seekerToken(request);

    const applied = await request.post(`/api/jobs/${posting.id}/applications`, { headers });
    expect(applied.status(), await applied.text()).toBe(201);
    expect((await applied.json()).application).toMatchObject({ id: expect.any(String), postingId: posting.id, createdAt: expect.any(String) });

    await expectError(await request.post(`/api/jobs/${posting.id}/applications`, { headers }), 409, 'already_applied');

    const list = (await (await request.get('/api/jobs', { headers })).json()).postings;
    expect(list.find((p: { id: string }) => p.id === posting.id).applied).toBe(true);
    expect(list.find((p: { id: string }) => p.id === untouched.id).applied).toBe(false);
  });

  test('the same seeker applying concurrently still gets exactly one application', async ({ request }) => {
    const { posting } = await companyWithPosting(request);
    const { headers } = await seekerToken(request);
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => request.post(`/api/jobs/${posting.id}/applications`, { headers })))).map((r) => r.status());
    expect(statuses.sort()).toEqual([201, 409, 409, 409, 409]);
  });

  test('a company cannot apply (403), not even to another company’s posting', async ({ request }) => {
    const { posting, headers: ownHeaders } = await companyWithPosting(request);
    const other = await signUp(request, 'company');
    await expectError(await request.post(`/api/jobs/${posting.id}/applications`, { headers: ownHeaders }), 403, 'forbidden');
    await expectError(await request.post(`/api/jobs/${posting.id}/applications`, { headers: bearer((await jwtLogin(request, other)).access_token) }), 403, 'forbidden');
  });

  test('an unknown or malformed posting id is 404', async ({ request }) => {
    const seeker = await signUp(request, 'seeker');
    const headers = withCookie((await sessionLogin(request, seeker)).cookie);
    for (const id of ['does-not-exist', 'cabcdefghijklmnopqrstuvwx', 'UPPER-case', 'x'.repeat(65)]) {
      await expectError(await request.post(`/api/jobs/${id}/applications`, { headers }), 404, 'not_found');
    }
  });

  test('anonymous callers are 401 and other methods 405', async ({ request, anonymous }) => {
    const { posting } = await companyWithPosting(request);
    await expectError(await anonymous.post(`/api/jobs/${posting.id}/applications`), 401, 'unauthenticated');
    await expectError(await anonymous.get(`/api/jobs/${posting.id}/applications`), 405, 'method_not_allowed');
    await expectError(await anonymous.delete('/api/jobs'), 405, 'method_not_allowed');
  });
});

test('GET /api/jobs for a company: every company’s postings, none marked applied', async ({ request }) => {
  const { posting: own, headers } = await companyWithPosting(request);
  const { posting: theirs } = await companyWithPosting(request);
  const { headers: seeker } = await seekerToken(request);
  expect((await request.post(`/api/jobs/${theirs.id}/applications`, { headers: seeker })).status()).toBe(201);

  const list = (await (await request.get('/api/jobs', { headers })).json()).postings;
  const ids = list.map((p: { id: string }) => p.id);
  expect(ids).toEqual(expect.arrayContaining([own.id, theirs.id]));
  expect(list.every((p: { applied: boolean }) => p.applied === false)).toBe(true);
});
