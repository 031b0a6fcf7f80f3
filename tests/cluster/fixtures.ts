import fs from 'node:fs';
import { test as base, expect, type APIRequestContext, type PlaywrightWorkerArgs } from '@playwright/test';
import { z } from 'zod';
import { serverStateFile } from '../support/servers';

const clusterStateSchema = z.object({ databaseUrl: z.string().min(1), frontDoor: z.url(), instances: z.array(z.url()).min(2) });

export function clusterState() {
  const state = clusterStateSchema.parse(JSON.parse(fs.readFileSync(serverStateFile('cluster'), 'utf8')));
  expect(new Set(state.instances).size, 'distinct instances').toBe(state.instances.length);
  return state;
}

type ContextFactory = () => Promise<APIRequestContext>;

async function contextsOn(playwright: PlaywrightWorkerArgs['playwright'], baseURL: string, provide: (factory: ContextFactory) => Promise<void>) {
  const contexts: APIRequestContext[] = [];
  await provide(async () => {
    const context = await playwright.request.newContext({ baseURL });
    contexts.push(context);
    return context;
  });
  await Promise.all(contexts.map((context) => context.dispose()));
}

/**
 * The `cluster` server profile: two instances on one PostgreSQL database, sharing nothing else,
 * and the front door before them. `a()`, `b()` and `frontDoor()` each return a new request context
 * with an empty cookie jar, so a request carries exactly the credentials the test hands it and
 * never a cookie an earlier login left behind.
 */
export const test = base.extend<{ a: ContextFactory; b: ContextFactory; frontDoor: ContextFactory }>({
  a: ({ playwright }, use) => contextsOn(playwright, clusterState().instances[0]!, use),
  b: ({ playwright }, use) => contextsOn(playwright, clusterState().instances[1]!, use),
  frontDoor: ({ playwright }, use) => contextsOn(playwright, clusterState().frontDoor, use),
});

export { expect };
