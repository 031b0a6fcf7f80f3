import type { APIRequestContext } from '@playwright/test';
import { bearer, expect, expectError, jwtLogin, sessionLogin, signUp, test, withCookie } from '../support/api';

type Count = { id: string; title: string; createdAt: string; applicantCount: number };

async function post(request: APIRequestContext, headers: Record<string, string>, title: string): Promise<string> {
  const response = await request.post('/api/jobs', { headers, data: { title, description: 'A job that needs doing, well.', location: 'Remote' } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()).posting.id;
}

async function applyAs(request: APIRequestContext, postingIds: string[]) {
  const seeker = await signUp(request, 'seeker');
  const headers = bearer((await jwtLogin(request, seeker)).access_token);
  for (const id of postingIds) expect((await request.post(`/api/jobs/${id}/applications`, { headers })).status()).toBe(201);
}

test.describe('GET /api/company/applicant-counts', () => {
  test('a company sees its own postings with their applicant counts, newest first, and no one else’s', async ({ request }) => {
    const company = await signUp(request, 'company');
    const rival = await signUp(request, 'company');
    const headers = withCookie((await sessionLogin(request, company)).cookie);
    const rivalHeaders = bearer((await jwtLogin(request, rival)).access_token);

    const popular = await post(request, headers, 'Popular job');
    const quiet = await post(request, headers, 'Quiet job');
    const rivals = await post(request, rivalHeaders, 'Rival job');
    await applyAs(request, [popular, rivals]);
    await applyAs(request, [popular]);

    const response = await request.get('/api/company/applicant-counts', { headers });
    expect(response.status(), await response.text()).toBe(200);
    const counts: Count[] = (await response.json()).postings;
    expect(counts.map(({ id, title, applicantCount }) => ({ id, title, applicantCount }))).toEqual([
      { id: quiet, title: 'Quiet job', applicantCount: 0 },
      { id: popular, title: 'Popular job', applicantCount: 2 },
    ]);

    // The same question in JWT mode, and from the rival's side.
    const sameByToken: Count[] = (await (await request.get('/api/company/applicant-counts', { headers: bearer((await jwtLogin(request, company)).access_token) })).json()).postings;
    expect(sameByToken).toEqual(counts);
    const rivalCounts: Count[] = (await (await request.get('/api/company/applicant-counts', { headers: rivalHeaders })).json()).postings;
    expect(rivalCounts.map(({ id, applicantCount }) => ({ id, applicantCount }))).toEqual([{ id: rivals, applicantCount: 1 }]);
  });

  test('a new company has no postings: an empty list, not an error', async ({ request }) => {
    const company = await signUp(request, 'company');
    const response = await request.get('/api/company/applicant-counts', { headers: bearer((await jwtLogin(request, company)).access_token) });
    expect(await response.json()).toEqual({ postings: [] });
  });

  test('a job seeker is 403 in either mode', async ({ request }) => {
    const seeker = await signUp(request, 'seeker');
    await expectError(await request.get('/api/company/applicant-counts', { headers: withCookie((await sessionLogin(request, seeker)).cookie) }), 403, 'forbidden');
    await expectError(await request.get('/api/company/applicant-counts', { headers: bearer((await jwtLogin(request, seeker)).access_token) }), 403, 'forbidden');
  });

  test('anonymous callers are 401', async ({ anonymous }) => {
    await expectError(await anonymous.get('/api/company/applicant-counts'), 401, 'unauthenticated');
    await expectError(await anonymous.post('/api/company/applicant-counts'), 405, 'method_not_allowed');
  });
});
