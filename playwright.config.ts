import fs from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { baseUrlOf, testServerProfiles } from './tests/support/servers';

// Playwright's own browser builds cannot be downloaded everywhere; use the system Chromium when
// there is one (Debian: apt-get install chromium), else whatever `npx playwright install` put in place.
const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const executablePath = fs.existsSync(systemChromium) ? systemChromium : undefined;

export default defineConfig({
  outputDir: 'test-results',
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
    {
      name: 'e2e',
      testDir: 'e2e',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath, args: ['--disable-background-networking', '--disable-component-update', '--disable-sync'] },
      },
    },
  ],
  webServer: Object.entries(testServerProfiles).map(([name, profile]) => ({
    command: `npx tsx scripts/test-server.ts ${name}`,
    url: `http://localhost:${profile.port}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
  })),
});
