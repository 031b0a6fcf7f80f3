import { expect, test } from '@playwright/test';
import { expectError } from '../support/api';

// The test servers run without BENCH_ROUTES, like any deployment: the benchmark's routes must not exist.
test('the benchmark routes are 404 unless BENCH_ROUTES is on', async ({ request }) => {
  await expectError(await request.get('/api/bench/baseline'), 404, 'not_found');
  await expectError(await request.get('/api/bench/event-loop'), 404, 'not_found');
  await expectError(await request.post('/api/bench/event-loop'), 404, 'not_found');
  const body = await (await request.get('/api/bench/baseline')).text();
  expect(body).not.toContain('bench-baseline@bench.invalid');
});
