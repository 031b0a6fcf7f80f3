import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { ApiError } from '@/lib/client/api-error';
import { readResult } from '@/lib/client/responses';
import { isoDate } from '@/lib/contracts/dates';
import { noBody } from '@/lib/contracts/endpoints';
import { userResponse } from '@/lib/contracts/users';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const user = { id: 'u1', email: 'a@example.com', name: 'A', role: 'seeker', companyName: null, createdAt: '2026-01-02T03:04:05.678Z' };

describe('reading an answer against its contract', () => {
  it('decodes a success, dates included', async () => {
    const body = await readResult(json(200, { user }), userResponse);
    assert.ok(body.user.createdAt instanceof Date);
    assert.equal(body.user.createdAt.toISOString(), user.createdAt);
  });

  it('takes a 204 as no body, and refuses one where a body was promised', async () => {
    assert.equal(await readResult(new Response(null, { status: 204 }), noBody), undefined);
    await assert.rejects(readResult(new Response(null, { status: 204 }), userResponse), (error) => error instanceof ApiError && error.code === 'unexpected_response');
  });

  it('turns a success of another shape into an ApiError, not a crash in the page', async () => {
    await assert.rejects(readResult(json(200, { user: { ...user, role: 'admin' } }), userResponse), (error) => error instanceof ApiError && error.code === 'unexpected_response');
  });

  it("turns the server's error body into an ApiError with its fields", async () => {
    const error = await readResult(json(422, { error: { code: 'validation_failed', message: 'No.', fields: { name: ['Too short'] } } }), userResponse).catch((caught: unknown) => caught);
    assert.ok(error instanceof ApiError);
    assert.deepEqual([error.status, error.code, error.fields], [422, 'validation_failed', { name: ['Too short'] }]);
  });

  it('reports an error without the error body by its status', async () => {
    const error = await readResult(new Response('<html>Bad gateway</html>', { status: 502 }), userResponse).catch((caught: unknown) => caught);
    assert.ok(error instanceof ApiError);
    assert.deepEqual([error.status, error.code], [502, 'http_error']);
  });
});

describe('the date codec', () => {
  it('encodes a Date back to the ISO string the server sends', () => {
    const date = new Date('2026-01-02T03:04:05.678Z');
    assert.equal(z.encode(isoDate, date), '2026-01-02T03:04:05.678Z');
    assert.equal(isoDate.parse('2026-01-02T03:04:05.678Z').getTime(), date.getTime());
  });

  it('refuses what is not a timestamp', () => {
    assert.equal(isoDate.safeParse('yesterday').success, false);
    assert.equal(isoDate.safeParse(1_767_323_045_678).success, false);
  });
});
