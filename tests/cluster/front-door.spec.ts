import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { startFrontDoor } from '../../scripts/front-door';
import { expectError } from '../support/api';

// The front door of `npm run cluster` against two stand-in instances that report what reached
// them, so the proxying itself can be checked: order, forwarded headers, bodies, a dead instance.
type Seen = { instance: number; host: string | undefined; forwardedFor: string | undefined; body: string };

async function standInInstance(instance: number): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const seen: Seen = { instance, host: request.headers.host, forwardedFor: request.headers['x-forwarded-for'] as string | undefined, body };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(seen));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test('requests alternate between the instances, keep their Host and body, and gain one X-Forwarded-For entry', async ({ request }) => {
  const instances = await Promise.all([standInInstance(0), standInInstance(1)]);
  const door = await startFrontDoor(instances.map((instance) => instance.url), 0);
  try {
    const seen: Seen[] = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await request.post(`${door.url}/api/anything`, { data: { n: i }, headers: { 'x-forwarded-for': '203.0.113.7' } });
      expect(response.status()).toBe(200);
      seen.push(await response.json());
    }
    expect(seen.map((entry) => entry.instance)).toEqual([0, 1, 0, 1]);
    expect(seen.map((entry) => JSON.parse(entry.body).n)).toEqual([0, 1, 2, 3]);
    for (const entry of seen) {
      expect(entry.host, 'the app checks Origin against the Host the browser used').toBe(new URL(door.url).host);
      expect(entry.forwardedFor?.split(',').map((part) => part.trim())).toEqual(['203.0.113.7', expect.stringMatching(/127\.0\.0\.1|::1/)]);
    }
  } finally {
    await door.close();
    await Promise.all(instances.map((instance) => instance.close()));
  }
});

test('an instance that is down gets a 502 in the API error shape, and the others keep serving', async ({ request }) => {
  const alive = await standInInstance(0);
  const dead = await standInInstance(1);
  await dead.close();
  const door = await startFrontDoor([alive.url, dead.url], 0);
  try {
    expect((await request.get(`${door.url}/api/health`)).status()).toBe(200);
    await expectError(await request.get(`${door.url}/api/health`), 502, 'bad_gateway');
    expect((await request.get(`${door.url}/api/health`)).status()).toBe(200);
  } finally {
    await door.close();
    await alive.close();
  }
});
