/**
 * Screenshots of the lab after each experiment, for the README (docs/screenshots/lab-*.png).
 * Usage: npm run screenshots:lab [-- http://localhost:3000 [instances]]  (a running production build; the
 * revocation stopwatch waits for the lab token's 30 s lifetime unless the server runs with
 * TEST_CLOCK=true, in which case the clock is moved ahead as the browser tests do). With
 * `instances`, only the instance tally, into lab-5-instances-cluster.png: for `npm run cluster`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Locator, type Page } from '@playwright/test';

const baseURL = process.argv[2] ?? process.env.BASE_URL ?? 'http://localhost:3000';
const onlyInstances = process.argv[3] === 'instances';
const outDir = path.resolve('docs', 'screenshots');
const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULT_TIMEOUT = 120_000;

const card = (page: Page, title: RegExp) => page.getByRole('region', { name: title });

async function shoot(target: Page | Locator, name: string) {
  const file = path.join(outDir, name);
  await target.screenshot({ path: file, ...('goto' in target ? { fullPage: true } : {}) });
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

async function tallyInstances(page: Page, file: string) {
  const instances = card(page, /Several instances/);
  await instances.getByRole('button', { name: 'Run instance tally' }).click();
  await instances.getByTestId('instances-result').waitFor({ timeout: RESULT_TIMEOUT });
  await shoot(instances, file);
}

async function runAll(page: Page, testClock: boolean) {
  const cost = card(page, /Cost per request/);
  await cost.getByRole('button', { name: 'Run cost experiment' }).click();
  await cost.getByTestId('cost-result').waitFor({ timeout: RESULT_TIMEOUT });
  await shoot(cost, 'lab-1-cost.png');

  const stopwatch = card(page, /Revocation stopwatch/);
  await stopwatch.getByRole('button', { name: 'Run revocation stopwatch' }).click();
  if (testClock) {
    await stopwatch.getByText(/^[1-9]\d* access-token requests accepted/).waitFor({ timeout: RESULT_TIMEOUT });
    await page.context().setExtraHTTPHeaders({ 'x-test-clock-offset': '45' });
  }
  await stopwatch.getByTestId('revocation-result').waitFor({ timeout: RESULT_TIMEOUT });
  await page.context().setExtraHTTPHeaders({});
  await shoot(stopwatch, 'lab-2-revocation.png');

  const stolen = card(page, /Stolen refresh token/);
  await stolen.getByRole('button', { name: 'Run: victim refreshes first' }).click();
  await stolen.getByTestId('stolen-result').waitFor({ timeout: RESULT_TIMEOUT });
  await shoot(stolen, 'lab-3-stolen-refresh.png');

  const xray = card(page, /Token X-ray/);
  await xray.getByRole('button', { name: 'X-ray a lab login' }).click();
  const payload = xray.getByLabel(/Edit the payload/);
  await payload.waitFor({ timeout: RESULT_TIMEOUT });
  await payload.fill((await payload.inputValue()).replace('"seeker"', '"company"'));
  await xray.getByRole('button', { name: 'Send the edited token to the server' }).click();
  await xray.getByTestId('xray-server-verdict').waitFor({ timeout: RESULT_TIMEOUT });
  await shoot(xray, 'lab-4-token-xray.png');

  await tallyInstances(page, 'lab-5-instances.png');
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({ executablePath: fs.existsSync(systemChromium) ? systemChromium : undefined });
  try {
    const context = await browser.newContext({ baseURL, viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const testClock = (await page.request.get('/api/test/clock')).ok();
    await page.goto('/lab');
    if (onlyInstances) return await tallyInstances(page, 'lab-5-instances-cluster.png');
    await runAll(page, testClock);
    await page.goto('/');
    await shoot(page.getByRole('region', { name: 'How the two modes compare' }), 'lab-6-home-measured.png');
    // A phone: the cost table and the X-ray at 390 px, without sideways scrolling.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/lab');
    const cost = card(page, /Cost per request/);
    await cost.getByLabel('Requests per mode (N)').fill('20');
    await cost.getByRole('button', { name: 'Run cost experiment' }).click();
    await cost.getByTestId('cost-result').waitFor({ timeout: RESULT_TIMEOUT });
    await shoot(cost, 'lab-mobile-390-cost.png');
    const xray = card(page, /Token X-ray/);
    await xray.getByRole('button', { name: 'X-ray a lab login' }).click();
    await xray.getByTestId('xray-cookie').waitFor({ timeout: RESULT_TIMEOUT });
    await shoot(xray, 'lab-mobile-390-xray.png');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 390) throw new Error(`the lab is ${width} px wide at 390 px`);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
