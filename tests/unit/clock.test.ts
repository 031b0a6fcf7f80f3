import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clockOffsetMs, currentDate, now, nowSeconds, runWithClockOffset, withSystemClock } from '@/lib/clock';

const DAY = 86_400_000;
const near = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 5_000, `${actual} is not near ${expected}`);

describe('the clock', () => {
  it('is the system clock outside a request that moved it', () => {
    assert.equal(clockOffsetMs(), 0);
    near(now(), Date.now());
    near(currentDate().getTime(), Date.now());
    near(nowSeconds() * 1000, Date.now());
  });

  it('runs ahead by the offset inside, across awaits, and only there', async () => {
    await runWithClockOffset(10 * DAY, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      assert.equal(clockOffsetMs(), 10 * DAY);
      near(now(), Date.now() + 10 * DAY);
    });
    near(now(), Date.now());
  });

  it('two requests with different offsets do not see each other’s', async () => {
    const seen = await Promise.all([1, 2, 3].map((days) => runWithClockOffset(days * DAY, async () => {
      await new Promise((resolve) => setTimeout(resolve, 3 - days));
      return clockOffsetMs();
    })));
    assert.deepEqual(seen, [DAY, 2 * DAY, 3 * DAY]);
  });

  it('withSystemClock ignores the request’s offset, for work done for every login', () => {
    runWithClockOffset(10 * DAY, () => {
      withSystemClock(() => near(now(), Date.now()));
      near(now(), Date.now() + 10 * DAY);
    });
  });
});
