import fs from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { baseUrlOf, postgresTestServerProfiles, testServerProfiles } from './tests/support/servers';

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
  // The page walk (axe on every page at two widths) checks markup, which is the same behind nginx:
  // it runs once, in e2e, and keeps CI under 15 minutes.
  { name: 'e2e-cluster', testDir: 'e2e', testIgnore: 'pages.spec.ts', use: { ...browser, baseURL: baseUrlOf('frontDoor') } },
  { name: 'cluster', testDir: 'tests/cluster', use: { baseURL: baseUrlOf('cluster') } },
];
const serverOf = (name: string, port: number) => ({
  command: `npx tsx scripts/test-server.ts ${name}`,
  url: `http://localhost:${port}/api/health`,
  reuseExistingServer: !process.env.CI,
  timeout: 120_000,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
  // SIGTERM first, so a PostgreSQL profile's server drops its database before it exits.
  gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 10_000 },
});

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
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'api', testDir: 'tests/api' },
    { name: 'e2e', testDir: 'e2e', use: { ...browser, baseURL: baseUrlOf('browser') } },
    ...(withPostgres ? postgresProjects : []),
  ],
  webServer: [
    ...Object.entries(testServerProfiles).map(([name, profile]) => serverOf(name, profile.port)),
    ...(withPostgres ? Object.entries(postgresTestServerProfiles).map(([name, profile]) => serverOf(name, profile.port)) : []),
  ],
});
