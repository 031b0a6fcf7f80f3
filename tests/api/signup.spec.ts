import { expect, expectError, expectApiHeaders, sessionLogin, test, uniqueEmail } from '../support/api';

const seeker = () => ({ email: uniqueEmail('signup'), password: 'a good long password', name: 'New Seeker', role: 'seeker' });

test.describe('POST /api/auth/signup', () => {
  test('creates a seeker: 201 with the public user, and no login', async ({ request }) => {
    const input = seeker();
    const response = await request.post('/api/auth/signup', { data: { ...input, email: `  ${input.email.toUpperCase()} ` } });
    expect(response.status(), await response.text()).toBe(201);
    expectApiHeaders(response, 'none');
    expect(response.headersArray().some((h) => h.name.toLowerCase() === 'set-cookie')).toBe(false);

    const { user } = await response.json();
    expect(user).toEqual({ id: expect.any(String), email: input.email, name: 'New Seeker', role: 'seeker', companyName: null, createdAt: expect.any(String) });
    // The account works with the password it was given (and the email as it was normalised).
    await sessionLogin(request, input);
  });

  test('creates a company with its company name', async ({ request }) => {
    const response = await request.post('/api/auth/signup', { data: { ...seeker(), role: 'company', companyName: ' Initech ' } });
    expect(response.status(), await response.text()).toBe(201);
    expect((await response.json()).user).toMatchObject({ role: 'company', companyName: 'Initech' });
  });

  test('a taken email is 409, whatever its case', async ({ request }) => {
    const input = seeker();
    expect((await request.post('/api/auth/signup', { data: input })).status()).toBe(201);
    await expectError(await request.post('/api/auth/signup', { data: input }), 409, 'email_taken');
    await expectError(await request.post('/api/auth/signup', { data: { ...input, email: input.email.toUpperCase() } }), 409, 'email_taken');
    await expectError(await request.post('/api/auth/signup', { data: { ...seeker(), email: 'alice@example.com' } }), 409, 'email_taken');
  });

  test('weak or unusable passwords are 422 on the password field', async ({ request }) => {
    for (const password of ['short', '', 'ö'.repeat(37), 'x'.repeat(73), 'has a \u0000 NUL in it', 12345678]) {
      const response = await request.post('/api/auth/signup', { data: { ...seeker(), password } });
      await expectError(response, 422, 'validation_failed');
      expect(Object.keys((await response.json()).error.fields), JSON.stringify(password)).toEqual(['password']);
    }
    // 72 bytes is the limit, not 72 characters: exactly 72 is fine.
    expect((await request.post('/api/auth/signup', { data: { ...seeker(), password: 'ö'.repeat(36) } })).status()).toBe(201);
  });

  test('malformed fields are 422 with every field named', async ({ request }) => {
    const response = await request.post('/api/auth/signup', { data: { email: 'not-an-email', password: 'a good long password', name: '', role: 'admin' } });
    await expectError(response, 422, 'validation_failed');
    expect(Object.keys((await response.json()).error.fields).sort()).toEqual(['email', 'name', 'role']);

    const tooLong = await request.post('/api/auth/signup', { data: { ...seeker(), email: `${'a'.repeat(250)}@example.com` } });
    expect(Object.keys((await tooLong.json()).error.fields)).toEqual(['email']);
    await expectError(await request.post('/api/auth/signup', { data: { ...seeker(), isAdmin: true } }), 422, 'validation_failed');
    await expectError(await request.post('/api/auth/signup', { headers: { 'content-type': 'application/json' }, data: Buffer.from('null') }), 422, 'validation_failed');
  });

  test('a company without a company name is 422 on companyName', async ({ request }) => {
    for (const data of [{ ...seeker(), role: 'company' }, { ...seeker(), role: 'company', companyName: '   ' }]) {
      const response = await request.post('/api/auth/signup', { data });
      await expectError(response, 422, 'validation_failed');
      expect(Object.keys((await response.json()).error.fields)).toEqual(['companyName']);
    }
  });

  test('a body that is not JSON is 415 or 400, and an oversized one 413', async ({ request }) => {
    await expectError(await request.post('/api/auth/signup', { form: seeker() }), 415, 'unsupported_media_type');
    await expectError(await request.post('/api/auth/signup', { headers: { 'content-type': 'application/json' }, data: Buffer.from('{"email": "x",') }), 400, 'invalid_json');
    await expectError(await request.post('/api/auth/signup', { data: { ...seeker(), name: 'n'.repeat(17_000) } }), 413, 'payload_too_large');
  });
});
