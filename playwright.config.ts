import fs from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { baseUrlOf, readinessPort } from './tests/support/servers';

// Playwright's own browser builds cannot be downloaded everywhere; use the system Chromium when
// there is one (Debian: apt-get install chromium), else whatever `npx playwright install` put in place.
const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const executablePath = fs.existsSync(systemChromium) ? systemChromium : undefined;
const browser = {
  ...devices['Desktop Chrome'],
  launchOptions: { executablePath, args: ['--disable-background-networking', '--disable-component-update', '--disable-sync'] },
};

// The PostgreSQL projects and their servers exist only when TEST_POSTGRES_URL points at a server.
const withPostgres = !!process.env.TEST_POSTGRES_URL;
const postgresProjects = [
  // The hardening specs name the SQLite servers they attack; api-pg runs the functional API suite.
  { name: 'api-pg', testDir: 'tests/api', testIgnore: 'hardening/**', use: { baseURL: baseUrlOf('pg') } },
  // Behind nginx, the browser runs the flows whose state spans requests that two instances answer
  // in turn: logins, refresh, revocation, other tabs and devices, DPoP, the lab's instance view.
  // Pages, forms and job postings render and validate the same on either instance (api-pg covers
  // their data on PostgreSQL), so they run once, in e2e, which keeps npm test near ten minutes.
  {
    name: 'e2e-cluster',
    testDir: 'e2e',
    testMatch: ['auth', 'client', 'devices', 'dpop', 'jwt-refresh', 'lab', 'settings'].map((name) => `${name}.spec.ts`),
    use: { ...browser, baseURL: baseUrlOf('frontDoor') },
  },
  { name: 'cluster', testDir: 'tests/cluster', use: { baseURL: baseUrlOf('cluster') } },
];
export default defineConfig({
  outputDir: 'test-results',
  // Bounds for a hang, not speed goals: on a busy 2-core machine (the suite itself drives the load
  // average past 10) a page can take several seconds to hydrate, and Playwright's defaults (5 s
  // per expectation, 30 s per test) then fail a correct app. No test waits on a lifetime.
  timeout: 90_000,
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: baseUrlOf('standard'),
    // DOM snapshots of every action, kept for a failed test; not the screencast, which cost 10-15 %
    // of the browser tests' CPU (the final screenshot of a failure is still taken, below).
    trace: { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'api', testDir: 'tests/api' },
    { name: 'e2e', testDir: 'e2e', use: { ...browser, baseURL: baseUrlOf('browser') } },
    ...(withPostgres ? postgresProjects : []),
  ],
  // One command starts every profile's server at once (Playwright would start a list of them one
  // by one) and answers on readinessPort when all of them do.
  webServer: {
    command: 'npx tsx scripts/test-servers.ts',
    url: `http://localhost:${readinessPort}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 240_000,
    stdout: 'ignore',
    stderr: 'pipe',
    // SIGTERM first, so the PostgreSQL profiles drop their databases before they exit.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
  },
});
