import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { freePort, startNginx } from '../../scripts/nginx';
import { clockAhead, expectError } from '../support/api';

// nginx as `npm run cluster` configures it (scripts/nginx.ts, deploy/nginx.conf), in front of
// stand-in instances that report what reached them, so the proxying itself can be checked: order,
// forwarded headers, bodies, which requests are retried on another instance, dead instances.
type Seen = { instance: number; method: string; host: string | undefined; forwardedFor: string | undefined; body: string };
type StandIn = { url: string; address: string; seen: Seen[]; close: () => Promise<void> };

/** `behaviour`: answer (200 with what it saw), reset the connection once the request is in, or answer 503. */
async function standIn(instance: number, behaviour: 'answer' | 'reset' | 'unavailable' = 'answer'): Promise<StandIn> {
  const seen: Seen[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const entry: Seen = { instance, method: request.method ?? '', host: request.headers.host, forwardedFor: request.headers['x-forwarded-for'] as string | undefined, body };
      seen.push(entry);
      if (behaviour === 'reset') return void request.socket.destroy();
      if (behaviour === 'unavailable') {
        response.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'database_unavailable', message: 'stand-in' } }));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(entry));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${address}`,
    address,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An address nothing listens on: a port that was free a moment ago. */
const deadAddress = async () => `127.0.0.1:${await freePort()}`;

async function withNginx(upstreams: string[], run: (url: string) => Promise<void>) {
  const nginx = await startNginx({ port: 0, upstreams, stdio: 'ignore' });
  try {
    await run(nginx.url);
  } finally {
    await nginx.stop();
  }
}

test('requests alternate between the instances, keep their Host and body, and gain one X-Forwarded-For entry', async ({ request }) => {
  const instances = await Promise.all([standIn(0), standIn(1)]);
  try {
    await withNginx(
      instances.map((instance) => instance.address),
      async (url) => {
        const seen: Seen[] = [];
        for (let i = 0; i < 4; i += 1) {
          const response = await request.post(`${url}/api/anything`, { data: { n: i }, headers: { 'x-forwarded-for': '203.0.113.7' } });
          expect(response.status()).toBe(200);
          seen.push(await response.json());
        }
        expect(seen.map((entry) => entry.instance).sort()).toEqual([0, 0, 1, 1]);
        for (let i = 1; i < seen.length; i += 1) expect(seen[i]!.instance, 'round robin').not.toBe(seen[i - 1]!.instance);
        expect(seen.map((entry) => JSON.parse(entry.body).n)).toEqual([0, 1, 2, 3]);
        for (const entry of seen) {
          expect(entry.host, 'the app checks Origin against the Host the browser used').toBe(new URL(url).host);
          expect(entry.forwardedFor?.split(',').map((part) => part.trim())).toEqual(['203.0.113.7', '127.0.0.1']);
        }
      },
    );
  } finally {
    await Promise.all(instances.map((instance) => instance.close()));
  }
});

test('a refused connection is retried on the other instance, POST included: it was never sent', async ({ request }) => {
  const alive = await standIn(0);
  try {
    await withNginx([alive.address, await deadAddress()], async (url) => {
      for (let i = 0; i < 6; i += 1) {
        const method = i % 2 === 0 ? 'GET' : 'POST';
        const response = await request.fetch(`${url}/api/anything`, { method, data: method === 'POST' ? { n: i } : undefined });
        expect(response.status(), `${method} #${i}`).toBe(200);
      }
      expect(alive.seen).toHaveLength(6);
    });
  } finally {
    await alive.close();
  }
});

test('a connection reset after the request was sent: GET goes to the other instance, POST is not sent twice and gets a JSON 502', async ({ request }) => {
  const resetting = await standIn(0, 'reset');
  const alive = await standIn(1);
  try {
    await withNginx([resetting.address, alive.address], async (url) => {
      // nginx stops sending to the resetting instance after max_fails (3) failures: one GET, then POSTs.
      for (let i = 0; i < 4 && resetting.seen.length === 0; i += 1) {
        expect((await request.get(`${url}/api/get-${i}`)).status(), 'a GET is retried elsewhere').toBe(200);
      }
      expect(resetting.seen.map((entry) => entry.method), 'the GET that was retried').toEqual(['GET']);
      let posts502 = 0;
      for (let i = 0; i < 4; i += 1) {
        const post = await request.post(`${url}/api/post-${i}`, { data: { n: i } });
        if (post.status() === 502) {
          await expectError(post, 502, 'bad_gateway');
          expect(post.headers()['cache-control']).toBe('no-store');
          posts502 += 1;
        } else {
          expect(post.status()).toBe(200);
        }
      }
      const postsReset = resetting.seen.filter((entry) => entry.method === 'POST').length;
      const postsServed = alive.seen.filter((entry) => entry.method === 'POST').length;
      expect(postsReset, 'round robin sent POSTs to the resetting instance').toBeGreaterThan(0);
      expect(posts502, 'each POST that reached the resetting instance failed and was not resent').toBe(postsReset);
      expect(postsReset + postsServed, 'no POST reached two instances').toBe(4);
    });
  } finally {
    await Promise.all([resetting.close(), alive.close()]);
  }
});

test("an instance's own 503 passes through for POST, and GETs are retried on the other instance", async ({ request }) => {
  const unavailable = await standIn(0, 'unavailable');
  const alive = await standIn(1);
  try {
    await withNginx([unavailable.address, alive.address], async (url) => {
      // POSTs first (round robin: one each), before the 503s count nginx past max_fails.
      const statuses: number[] = [];
      for (let i = 0; i < 2; i += 1) {
        const post = await request.post(`${url}/api/x`, { data: { n: i } });
        statuses.push(post.status());
        if (post.status() === 503) await expectError(post, 503, 'database_unavailable');
      }
      expect(statuses.sort()).toEqual([200, 503]);
      expect(unavailable.seen.filter((entry) => entry.method === 'POST')).toHaveLength(1);
      for (let i = 0; i < 4; i += 1) expect((await request.get(`${url}/api/x`)).status(), 'GET retried on the other instance').toBe(200);
      expect(unavailable.seen.some((entry) => entry.method === 'GET'), 'nginx did try the 503 instance').toBe(true);
    });
  } finally {
    await Promise.all([unavailable.close(), alive.close()]);
  }
});

test('with no instance answering, nginx answers 502 in the API error shape', async ({ request }) => {
  await withNginx([await deadAddress(), await deadAddress()], async (url) => {
    for (const method of ['GET', 'POST']) {
      const response = await request.fetch(`${url}/api/health`, { method });
      await expectError(response, 502, 'bad_gateway');
      expect(response.headers()['x-content-type-options']).toBe('nosniff');
    }
  });
});

test("nginx's own refusals use the error shape too: an oversized body is a JSON 413", async ({ request }) => {
  const alive = await standIn(0);
  try {
    await withNginx([alive.address], async (url) => {
      await expectError(await request.post(`${url}/api/x`, { data: 'x'.repeat(2 * 1024 * 1024), headers: { 'content-type': 'text/plain' } }), 413, 'payload_too_large');
      expect(alive.seen).toHaveLength(0);
    });
  } finally {
    await alive.close();
  }
});

// Through the cluster's own front door (this project's baseURL), to real instances on the test clock.
test("the instance's Date reaches the client, the test clock included: DPoP clients date their proofs by it", async ({ request }) => {
  const ahead = 86_400;
  const before = Date.now();
  const response = await request.get('/api/health', { headers: clockAhead(ahead) });
  const after = Date.now();
  expect(response.status()).toBe(200);
  expect(response.headers().server, 'answered through nginx').toBe('nginx');
  const dates = response.headersArray().filter((header) => header.name.toLowerCase() === 'date');
  expect(dates, "one Date: the instance's, not nginx's own instead or beside it").toHaveLength(1);
  // The instance's clock a day ahead, to the Date header's whole second; nginx's own would be today's.
  const date = Date.parse(dates[0]!.value);
  expect(date).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + ahead * 1000);
  expect(date).toBeLessThanOrEqual(after + ahead * 1000);
});
