import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * "Now" for every server module that decides an expiry: tokens, sessions, refresh families, the
 * login throttle, the cookies' lifetimes. Normally the system clock. With TEST_CLOCK=true (the test
 * profiles only) a request may carry `X-Test-Clock-Offset: <seconds>` and then sees the clock that
 * far ahead, so a test can make a token expire by asking for a later time instead of sleeping.
 *
 * The offset belongs to the request, not to the process: tests run in parallel against one server,
 * and a process-wide jump would expire every other test's logins mid-step. server.mjs reads the
 * header and runs the request inside this store; the store sits on globalThis because server.mjs
 * and Next's bundles load separate copies of this module.
 */
type ClockStore = AsyncLocalStorage<number>;
const STORE_KEY = Symbol.for('auth-modes.test-clock');
const holder = globalThis as { [STORE_KEY]?: ClockStore };
const offsets: ClockStore = (holder[STORE_KEY] ??= new AsyncLocalStorage<number>());

/** Milliseconds the current request's clock is ahead of the system clock (0 outside the test profiles). */
export const clockOffsetMs = (): number => offsets.getStore() ?? 0;

/** The current time in milliseconds since the epoch. */
export const now = (): number => Date.now() + clockOffsetMs();

/** The current time as a Date. */
export const currentDate = (): Date => new Date(now());

/** The current time in whole seconds, as JWT claims count it. */
export const nowSeconds = (): number => Math.floor(now() / 1000);

/** Runs fn with the clock `offsetMs` ahead: for the unit and database tests, which have no server. */
export function runWithClockOffset<T>(offsetMs: number, fn: () => T): T {
  return offsets.run(offsetMs, fn);
}

/**
 * Runs fn on the system clock, whatever the current request asked for: for work that is not the
 * request's own (the clean-up of expired rows runs after some request but for every login, and
 * must not delete other logins because one test looked ten days ahead).
 */
export function withSystemClock<T>(fn: () => T): T {
  return offsets.exit(fn);
}
