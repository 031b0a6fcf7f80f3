import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HASHING_SLOTS, withHashingSlot } from '@/lib/auth/hashing-slots';

describe('withHashingSlot', () => {
  it('never runs more than HASHING_SLOTS at once, and runs every caller in arrival order', async () => {
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const jobs = Array.from({ length: HASHING_SLOTS * 3 + 2 }, (_, index) =>
      withHashingSlot(async () => {
        started.push(index);
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 5));
        active -= 1;
        return index;
      }),
    );
    assert.deepEqual(await Promise.all(jobs), jobs.map((_, index) => index));
    assert.equal(peak, HASHING_SLOTS);
    assert.deepEqual(started, [...started].sort((a, b) => a - b));
  });

  it('frees the slot when the work fails', async () => {
    await assert.rejects(withHashingSlot(async () => { throw new Error('boom'); }), /boom/);
    const results = await Promise.all(Array.from({ length: HASHING_SLOTS + 1 }, () => withHashingSlot(async () => 'ok')));
    assert.ok(results.every((result) => result === 'ok'));
  });
});
