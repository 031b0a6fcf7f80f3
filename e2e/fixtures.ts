import { test as base, expect, type BrowserContext, type Page, type Request, type TestInfo } from '@playwright/test';
import { clockAhead, jwtLogin, sessionLogin, signUp, type Role, type TestUser } from '../tests/support/api';

/**
 * Shared fixtures for the browser tests:
 * - every test fails on a Content-Security-Policy violation or an uncaught page error, in any page
 *   of its context;
 * - `newUser` makes a fresh account; `loginAs` logs a page's context in through the API (the
 *   page's own request context, so the cookies land in the browser) for tests that are not about
 *   the login form.
 * They run against the "browser" server profile: default lifetimes and the test clock, so a test
 * makes a token expire with `moveServerClock` instead of waiting for it.
 */

export type Mode = 'session' | 'jwt';
export const MODES: Mode[] = ['session', 'jwt'];

// The servers' default lifetimes, which the e2e profiles keep (seconds).
export const ACCESS_TOKEN_TTL = 600;
export const REFRESH_TOKEN_TTL = 14 * 24 * 3600;
export const SESSION_IDLE_TTL = 7 * 24 * 3600;
/** How old a login's last password check may be for a sensitive action (STEP_UP_MAX_AGE). */
export const STEP_UP_MAX_AGE = 600;
/** How long before a login's idle end the pages warn (IDLE_WARNING_SECONDS). */
export const IDLE_WARNING_SECONDS = 120;

/**
 * From now on, every request of this browser context sees the server's clock `seconds` ahead of
 * the wall clock (an absolute offset, not a step). Other contexts, and other tests, keep theirs.
 */
export async function moveServerClock(context: BrowserContext, seconds: number): Promise<void> {
  await context.setExtraHTTPHeaders(clockAhead(seconds));
}

type Fixtures = {
  pageProblems: string[];
  newUser: (role?: Role) => Promise<TestUser>;
  loginAs: (page: Page, mode: Mode, user: TestUser) => Promise<void>;
  /** Attaches a full-page screenshot to the test's report. */
  snapshot: (page: Page, name: string) => Promise<void>;
};

export const test = base.extend<Fixtures>({
  pageProblems: [
    async ({ context }, provide) => {
      const problems: string[] = [];
      const watch = (page: Page) => {
        page.on('console', (message) => {
          if (/Content Security Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
        });
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      };
      context.pages().forEach(watch);
      context.on('page', watch);
      await provide(problems);
      expect(problems, 'CSP violations and page errors').toEqual([]);
    },
    { auto: true },
  ],

  newUser: async ({ request }, provide) => {
    await provide((role = 'seeker') => signUp(request, role));
  },

  loginAs: async ({ baseURL }, provide) => {
    await provide(async (page, mode, user) => {
      await setMode(page.context(), baseURL, mode);
      if (mode === 'session') await sessionLogin(page.request, user);
      else await jwtLogin(page.request, user);
    });
  },

  snapshot: async ({}, provide, testInfo: TestInfo) => {
    await provide(async (page, name) => {
      await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
    });
  },
});

export { expect };

export async function setMode(context: BrowserContext, baseURL: string | undefined, mode: Mode): Promise<void> {
  if (!baseURL) throw new Error('the e2e projects set baseURL');
  await context.addCookies([{ name: 'auth-mode', value: mode, url: baseURL }]);
}

/** Counts the requests a page sends to one API path from now on. */
export function countRequests(page: Page, path: string, method = 'POST'): { count: () => number; requests: Request[] } {
  const requests: Request[] = [];
  page.on('request', (request) => {
    if (request.method() === method && new URL(request.url()).pathname === path) requests.push(request);
  });
  return { count: () => requests.length, requests };
}

/** Waits until the header shows a logged-in user, i.e. the page finished asking who is there. */
export async function expectLoggedIn(page: Page, user: Pick<TestUser, 'name'>): Promise<void> {
  await expect(logOutButton(page)).toBeVisible();
  await expect(page.getByLabel('Logged in as')).toContainText(user.name);
}

export const logOutButton = (page: Page) => page.getByRole('banner').getByRole('button', { name: 'Log out', exact: true });

/** No error message on the page (Next's own route announcer also has role=alert, so only the header and main count). */
export async function noErrorShown(page: Page): Promise<void> {
  await expect(page.getByRole('banner').getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
}
